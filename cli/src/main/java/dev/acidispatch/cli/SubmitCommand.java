package dev.acidispatch.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

@Command(name = "submit", mixinStandardHelpOptions = true,
        description = {"Validate a job message, record it as QUEUED and put it on the 'jobs' queue of the storage account "
                + "in AzureWebJobsStorage (plain JSON, as host.json's messageEncoding 'none' expects).",
                "The message is enqueued as written (defaults are resolved by the dispatcher, not from this machine's "
                        + "settings), with a generated jobId added when it has none.",
                "Idempotent by jobId: submitting the same jobId again returns the job while it is active; once it has "
                        + "finished, exit 2 and a hint to use a new jobId."})
final class SubmitCommand extends ApiCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "Job message JSON file, or - for standard input.")
    String file;

    @Override
    public Integer call() {
        String message = new String(JobInput.read(file, in()), StandardCharsets.UTF_8);
        // ACI_DISPATCH_API is what `dispatchctl up` prints for other terminals; a deployed app's URL is not known here.
        String api = environment().getOrDefault("ACI_DISPATCH_API", "");
        String base = api.isBlank() ? "(your function app URL)" : api.replaceFirst("/api/?$", "");
        return print(api().submit(message, base));
    }
}
