package dev.acidispatch.cli;

import dev.acidispatch.app.App;
import dev.acidispatch.config.Settings;
import dev.acidispatch.job.InvalidJobException;
import dev.acidispatch.job.ResolvedJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "render", mixinStandardHelpOptions = true,
        description = {"Dry run: print the exact ARM deployment body (template + parameters) the dispatcher would submit.",
                "Secure values are masked as *** unless --show-secrets is given."})
final class RenderCommand extends CliCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "Job message JSON file, or - for standard input.")
    String file;

    @Option(names = "--show-secrets", description = "Print secure environment values and registry passwords as they are.")
    boolean showSecrets;

    @Override
    public Integer call() {
        byte[] message = JobInput.read(file, in());
        Settings settings = settings();
        ResolvedJob job;
        try {
            job = App.from(settings).validator().resolve(message);
        } catch (InvalidJobException e) {
            e.errors().forEach(error -> err().println(error.path() + ": " + error.message()));
            return Dispatchctl.INVALID_INPUT;
        }
        out().println(App.from(settings).renderer().render(job).preview(showSecrets));
        return Dispatchctl.OK;
    }
}
