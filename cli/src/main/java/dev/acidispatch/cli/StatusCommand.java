package dev.acidispatch.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Print a job's state, exit code, timestamps and reason (never secrets) as JSON.")
final class StatusCommand extends ApiCommand implements Callable<Integer> {
    @Parameters(paramLabel = "JOB_ID")
    String jobId;

    @Override
    public Integer call() {
        return print(api().status(jobId));
    }
}
