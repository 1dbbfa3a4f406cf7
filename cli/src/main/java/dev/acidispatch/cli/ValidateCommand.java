package dev.acidispatch.cli;

import dev.acidispatch.app.App;
import dev.acidispatch.job.InvalidJobException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check a job message against contract v1 and this deployment's settings.",
                "Prints 'valid' (exit 0), or one 'path: message' line per error (exit 2)."})
final class ValidateCommand extends CliCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "Job message JSON file, or - for standard input.")
    String file;

    @Override
    public Integer call() {
        byte[] message = JobInput.read(file, in());
        try {
            App.from(settings()).validator().resolve(message);
        } catch (InvalidJobException e) {
            e.errors().forEach(error -> out().println(error.path() + ": " + error.message()));
            return Dispatchctl.INVALID_INPUT;
        }
        out().println("valid");
        return Dispatchctl.OK;
    }
}
