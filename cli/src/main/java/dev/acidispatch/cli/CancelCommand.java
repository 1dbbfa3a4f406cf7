package dev.acidispatch.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = {"Cancel a job at any phase. A queued job ends at once; a running one is stopped and cleaned up "
                + "by its watcher at its next check (use POST /api/jobs/{id}/cancel for an immediate signal).",
                "Exit 2 when the job is unknown or already finished."})
final class CancelCommand extends ApiCommand implements Callable<Integer> {
    @Parameters(paramLabel = "JOB_ID")
    String jobId;

    @Override
    public Integer call() {
        return print(api().cancel(jobId));
    }
}
