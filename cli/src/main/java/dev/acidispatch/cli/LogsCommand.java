package dev.acidispatch.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "logs", mixinStandardHelpOptions = true,
        description = "Print a job's logs: the captured logs once it finished, a live tail while it runs.")
final class LogsCommand extends ApiCommand implements Callable<Integer> {
    @Parameters(paramLabel = "JOB_ID")
    String jobId;

    @Override
    public Integer call() {
        return print(api().logs(jobId));
    }
}
