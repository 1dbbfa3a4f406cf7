package dev.acidispatch.cli;

import dev.acidispatch.api.ApiResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.concurrent.Callable;

@Command(name = "logs", mixinStandardHelpOptions = true,
        description = {"Print a job's logs: the captured logs once it finished, its log so far while it runs.",
                "--follow prints new lines as they come until the job has finished, each line once, with a marker "
                        + "where ACI no longer had lines when they were read."})
final class LogsCommand extends ApiCommand implements Callable<Integer> {
    @Parameters(paramLabel = "JOB_ID")
    String jobId;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines until the job has finished.")
    boolean follow;

    @Option(names = {"-c", "--container"}, paramLabel = "NAME",
            description = "One container's log (an init container, a sidecar, or a custom template's container); "
                    + "default: the job's own, or, without --follow, all of them once the job finished.")
    String container;

    @Option(names = "--interval", defaultValue = "2s", paramLabel = "DURATION",
            description = "With --follow: how often to look for new lines (e.g. 2s, 500ms). Default: ${DEFAULT-VALUE}.")
    String interval;

    @Override
    public Integer call() throws InterruptedException {
        if (!follow) {
            return print(api().logs(jobId, container, null));
        }
        Duration every = RunCommand.parseDuration(interval);
        LogFollower follower = new LogFollower((name, since) -> api().logs(jobId, name, since), container, out(), "");
        while (true) {
            ApiResponse refused = follower.poll();
            if (refused != null && refused.status() != 503) {
                return print(refused);
            }
            if (follower.complete()) {
                return Dispatchctl.OK;
            }
            Thread.sleep(Math.max(50, every.toMillis()));
        }
    }
}
