package dev.acidispatch.job;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Azure resource names and tags derived from a job id. Deterministic, so a redelivered message finds (adopts) the
 * container group and deployment its first delivery created.
 *
 * <p>ACI group names allow 1–63 lowercase letters, digits and single hyphens. A valid job id (at most 40 chars) maps
 * to {@code acid-<jobId>}. Job ids may contain runs of hyphens, which ACI refuses: those map to
 * {@code acidh-<id with single hyphens>-<8 hex of SHA-256(jobId)>}, which can neither collide with a plain name (the
 * prefixes differ) nor with another id that collapses the same way (the hash differs).
 */
public final class JobNames {
    public static final String PREFIX = "acid-";
    static final String HASHED_PREFIX = "acidh-";
    /** Tag on every container group aci-dispatch creates: value = job id. The sweeper and adoption rely on it. */
    public static final String TAG_JOB_ID = "aci-dispatch-job";
    /** Tag on every container group aci-dispatch creates: value = "true". */
    public static final String TAG_MANAGED = "aci-dispatch-managed";
    /** Tag keys starting with this (any case) are reserved for aci-dispatch. */
    public static final String RESERVED_TAG_PREFIX = "aci-dispatch";

    public static final int MAX_CONTAINER_GROUP_NAME_LENGTH = 63;
    /** Between a job's group name and the attempt number, for attempts after the first. */
    public static final String ATTEMPT_SUFFIX = "-a";
    public static final int MAX_DEPLOYMENT_NAME_LENGTH = 64;
    private static final Pattern JOB_ID = Pattern.compile(JobLimits.JOB_ID_PATTERN);
    private static final Pattern HYPHEN_RUN = Pattern.compile("-{2,}");

    private JobNames() {
    }

    /** Whether {@code jobId} satisfies the contract's job id rule. */
    public static boolean isValidJobId(String jobId) {
        return jobId != null && JOB_ID.matcher(jobId).matches();
    }

    public static String containerGroupName(String jobId) {
        requireValid(jobId);
        if (!jobId.contains("--")) {
            return PREFIX + jobId;
        }
        return HASHED_PREFIX + HYPHEN_RUN.matcher(jobId).replaceAll("-") + "-" + shortHash(jobId);
    }

    /** Same as the group name: deployments allow 64 chars of [-\w.()], a superset. */
    public static String deploymentName(String jobId) {
        return containerGroupName(jobId);
    }

    /**
     * The group of attempt {@code attempt} (1 to {@link RetryPolicy#MAX_ATTEMPTS}): the first attempt keeps the plain
     * name (jobs without retries look as they always did), later ones add {@code -a<attempt>}. The longest result,
     * a hashed name plus {@code -a10}, is 59 characters, within ACI's 63.
     */
    public static String containerGroupName(String jobId, int attempt) {
        if (attempt < 1 || attempt > RetryPolicy.MAX_ATTEMPTS) {
            throw new IllegalArgumentException("The value for attempt must be from 1 to " + RetryPolicy.MAX_ATTEMPTS
                    + ", was " + attempt);
        }
        String first = containerGroupName(jobId);
        return attempt == 1 ? first : first + ATTEMPT_SUFFIX + attempt;
    }

    /** The deployment of attempt {@code attempt}: the same as its group name. */
    public static String deploymentName(String jobId, int attempt) {
        return containerGroupName(jobId, attempt);
    }

    private static void requireValid(String jobId) {
        if (!isValidJobId(jobId)) {
            throw new IllegalArgumentException("The value for jobId must match " + JobLimits.JOB_ID_PATTERN + ", was '"
                    + jobId + "'");
        }
    }

    private static String shortHash(String jobId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(jobId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
