package dev.acidispatch.job;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Generates job ids for messages that carry none: {@code job-<yyyymmdd>-<8 base36 chars>} (UTC date), readable in
 * listings and sortable by day. 36^8 ≈ 2.8e12 suffixes per day keeps collisions out of reach.
 */
public final class JobIdGenerator {
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final String BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz";
    static final int SUFFIX_LENGTH = 8;

    private final Clock clock;
    private final RandomGenerator random;

    public JobIdGenerator(Clock clock, RandomGenerator random) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** System UTC clock and a SecureRandom. */
    public static JobIdGenerator system() {
        return new JobIdGenerator(Clock.systemUTC(), new SecureRandom());
    }

    public String next() {
        StringBuilder id = new StringBuilder("job-").append(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).format(DAY))
                .append('-');
        for (int i = 0; i < SUFFIX_LENGTH; i++) {
            id.append(BASE36.charAt(random.nextInt(BASE36.length())));
        }
        return id.toString();
    }
}
