package dev.acidispatch.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

@Command(name = "submit", mixinStandardHelpOptions = true,
        description = {"Validate a job message, record it as QUEUED and put it on the 'jobs' queue of the storage account "
                + "in AzureWebJobsStorage (plain JSON, as host.json's messageEncoding 'none' expects).",
                "Idempotent by jobId: submitting the same jobId again returns the existing job."})
final class SubmitCommand extends ApiCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "Job message JSON file, or - for standard input.")
    String file;

    @Override
    public Integer call() {
        String message = new String(JobInput.read(file, in()), StandardCharsets.UTF_8);
        return print(api().submit(message, "(your function app URL)"));
    }
}
