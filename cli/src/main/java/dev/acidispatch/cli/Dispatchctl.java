package dev.acidispatch.cli;

import dev.acidispatch.app.Logging;
import dev.acidispatch.config.InvalidSettingsException;
import picocli.CommandLine;

import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import picocli.CommandLine.Command;

/** {@code dispatchctl}: validate, render, run, submit, watch and cancel aci-dispatch jobs. */
@Command(name = "dispatchctl", mixinStandardHelpOptions = true, versionProvider = Dispatchctl.Version.class,
        description = "Validate, render, run, submit, watch and cancel container jobs for aci-dispatch.",
        subcommands = {ValidateCommand.class, RenderCommand.class, RunCommand.class, SubmitCommand.class,
                StatusCommand.class, LogsCommand.class, CancelCommand.class, ScheduleCommand.class,
                DoctorCommand.class, CommandLine.HelpCommand.class})
public final class Dispatchctl implements Runnable {
    /** Exit codes shared by every command. {@code run} exits with the container's own exit code instead. */
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int INVALID_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Held strongly: java.util.logging forgets levels of loggers nobody references. */
    private static final Logger AZURE_SDK = Logger.getLogger("com.azure");

    private final Map<String, String> environment;

    public Dispatchctl() {
        this(System.getenv());
    }

    /** With an explicit environment instead of the process's (tests). */
    public Dispatchctl(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** The variables commands read their settings from. */
    Map<String, String> environment() {
        return environment;
    }

    public static void main(String[] args) {
        configureLogging();
        System.exit(commandLine().execute(args));
    }

    /**
     * Library logging (Azure SDK, emulator, runner) goes to stderr on one line per record, warnings only unless
     * DISPATCHCTL_DEBUG is set: the commands' own output is what users read.
     */
    static void configureLogging() {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tT %4$s %3$s: %5$s%6$s%n");
        Level level = System.getenv("DISPATCHCTL_DEBUG") != null ? Level.FINE : Level.WARNING;
        Logging.quietKnownNoise();
        if (level != Level.FINE) {
            // The SDK logs expected answers (409 on create-if-absent, 404 on lookups) as errors; our messages say what matters.
            AZURE_SDK.setLevel(Level.OFF);
        }
        Logger root = LogManager.getLogManager().getLogger("");
        root.setLevel(level);
        for (Handler handler : root.getHandlers()) {
            handler.setLevel(level);
            handler.setFormatter(new SimpleFormatter());
        }
    }

    /** The configured command line; tests call this and capture its out/err writers. */
    public static CommandLine commandLine() {
        return commandLine(System.getenv());
    }

    /** The command line reading settings from {@code environment} instead of the process environment. */
    public static CommandLine commandLine(Map<String, String> environment) {
        CommandLine cli = new CommandLine(new Dispatchctl(environment));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            boolean badInput = e instanceof UsageException || e instanceof InvalidSettingsException;
            commandLine.getErr().println("dispatchctl " + commandLine.getCommandName() + ": " + e.getMessage());
            if (System.getenv("DISPATCHCTL_DEBUG") != null) {
                e.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().flush();
            return badInput ? INVALID_INPUT : FAILURE;
        });
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Bad input from the user (unreadable file, unknown job id, missing setting): exit code 2. */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Dispatchctl.class.getPackage().getImplementationVersion();
            return new String[]{"dispatchctl " + (version == null ? "development build" : version)};
        }
    }
}
