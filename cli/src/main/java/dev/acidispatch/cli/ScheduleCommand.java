package dev.acidispatch.cli;

import dev.acidispatch.admission.CatchUp;
import dev.acidispatch.admission.OverlapPolicy;
import dev.acidispatch.admission.Schedule;
import dev.acidispatch.admission.ScheduleStore;
import dev.acidispatch.app.App;
import dev.acidispatch.job.InvalidJobException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code dispatchctl schedule add|list|remove}: cron schedules in the dispatcher's storage account. */
@Command(name = "schedule", mixinStandardHelpOptions = true,
        description = {"Manage schedules that start a job on a cron expression (five-field UNIX cron, UTC).",
                "Each run is job <NAME>-<yyyyMMddHHmm> of its scheduled time, started once however often PollWork runs."},
        subcommands = {ScheduleCommand.Add.class, ScheduleCommand.ListSchedules.class, ScheduleCommand.Remove.class})
final class ScheduleCommand extends CliCommand implements Runnable {

    @Override
    public void run() {
        spec.commandLine().usage(out());
    }

    static ScheduleStore store(CliCommand command) {
        return App.from(command.settings()).schedules();
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add a schedule. The job file is a job message without jobId; it is validated now.")
    static final class Add extends CliCommand implements Callable<Integer> {
        private static final Pattern JITTER = Pattern.compile("^(\\d{1,5})([smh]?)$");

        @Parameters(paramLabel = "NAME", description = "1-27 lowercase letters, digits and hyphens.")
        String name;

        @Option(names = "--cron", required = true, paramLabel = "EXPR",
                description = "minute hour day-of-month month day-of-week, in UTC, e.g. '0 2 * * *'.")
        String cron;

        @Option(names = "--job", required = true, paramLabel = "FILE",
                description = "Job message JSON without jobId, or - for standard input.")
        String jobFile;

        @Option(names = "--jitter", defaultValue = "0s", paramLabel = "DURATION",
                description = "Start each run up to this much later (e.g. 30s, 5m; at most 1h), the same delay on every "
                        + "host. Default: ${DEFAULT-VALUE}.")
        String jitter;

        @Option(names = "--catch-up", defaultValue = "latest", paramLabel = "POLICY",
                description = "Runs missed while the app was down: latest (only the most recent), all (at most "
                        + CatchUp.MAX_ALL + ", oldest first) or none. Default: ${DEFAULT-VALUE}.")
        String catchUp;

        @Option(names = "--overlap", defaultValue = "skip", paramLabel = "POLICY",
                description = "When a run is due while the previous run of this schedule is still active: skip (the "
                        + "occurrence does not run; schedule list shows it as the last skip), allow (run both) or "
                        + "cancel-previous (cancel the previous run, then start). Default: ${DEFAULT-VALUE}.")
        String overlap;

        @Override
        public Integer call() {
            String template = new String(JobInput.read(jobFile, in()), StandardCharsets.UTF_8);
            Schedule schedule;
            try {
                schedule = Schedule.create(name, cron, template, jitterSeconds(jitter), CatchUp.parse(catchUp),
                        OverlapPolicy.parse(overlap), Instant.now());
            } catch (IllegalArgumentException e) {
                throw new Dispatchctl.UsageException(e.getMessage());
            }
            App app = App.from(settings());
            Instant next = schedule.parsedCron().next(schedule.createdAt()).orElse(null);
            try {
                app.validator().resolve(schedule.messageFor(next != null ? next : schedule.createdAt()));
            } catch (InvalidJobException e) {
                err().println("dispatchctl schedule add: the job in " + jobFile + " is not valid:");
                e.errors().forEach(error -> err().println("  " + error));
                return Dispatchctl.INVALID_INPUT;
            }
            if (!app.schedules().add(schedule)) {
                throw new Dispatchctl.UsageException("a schedule named '" + name + "' exists; remove it first");
            }
            out().println("schedule " + name + " added: cron '" + schedule.cron() + "' (UTC), catch-up "
                    + schedule.catchUp().id() + (next == null ? "" : ", next run " + next + " as job "
                    + schedule.jobIdFor(next)) + "; overlap " + schedule.overlap().id());
            return Dispatchctl.OK;
        }

        static int jitterSeconds(String text) {
            Matcher m = JITTER.matcher(text == null ? "" : text.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("--jitter: '" + text + "' is not a duration; use seconds, minutes or"
                        + " hours such as 30s, 5m or 1h");
            }
            long value = Long.parseLong(m.group(1));
            long seconds = switch (m.group(2)) {
                case "m" -> value * 60;
                case "h" -> value * 3600;
                default -> value;
            };
            if (seconds > Schedule.MAX_JITTER_SECONDS) {
                throw new IllegalArgumentException("--jitter: " + text + " is more than 1h");
            }
            return (int) seconds;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List schedules (the job templates are not shown: they may hold secrets).")
    static final class ListSchedules extends CliCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            List<Schedule> schedules = store(this).list();
            if (schedules.isEmpty()) {
                out().println("no schedules");
                return Dispatchctl.OK;
            }
            out().printf("%-27s  %-20s  %-8s  %-15s  %-7s  %-20s  %s%n", "NAME", "CRON (UTC)", "CATCH-UP",
                    "OVERLAP", "JITTER", "LAST RUN FOR", "LAST SKIP");
            for (Schedule s : schedules) {
                out().printf("%-27s  %-20s  %-8s  %-15s  %-7s  %-20s  %s%n", s.name(), s.cron(), s.catchUp().id(),
                        s.overlap().id(), s.jitterSeconds() + "s",
                        s.lastFiredFor() == null ? "-" : s.lastFiredFor().toString(),
                        s.lastSkip() == null ? "-" : s.lastSkip());
            }
            return Dispatchctl.OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove a schedule. Jobs it already started are not affected.")
    static final class Remove extends CliCommand implements Callable<Integer> {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            if (!name.matches(Schedule.NAME_PATTERN)) {
                throw new Dispatchctl.UsageException("'" + name + "' is not a schedule name");
            }
            if (!store(this).remove(name)) {
                throw new Dispatchctl.UsageException("no schedule named '" + name + "'");
            }
            out().println("schedule " + name + " removed");
            return Dispatchctl.OK;
        }
    }
}
