package dev.acidispatch.cli;

import dev.acidispatch.app.Logging;
import dev.acidispatch.config.InvalidSettingsException;
import picocli.CommandLine;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import picocli.CommandLine.Command;

/** {@code dispatchctl}: validate, render, run, submit, watch and cancel aci-dispatch jobs. */
@Command(name = "dispatchctl", mixinStandardHelpOptions = true, versionProvider = Dispatchctl.Version.class,
        description = {"Validate, render, run, submit, watch and cancel container jobs for aci-dispatch.",
                "Settings come from the environment, then from the Values of ./local.settings.json when present."},
        footer = {"", "Exit codes: 0 ok; 1 failed; 2 invalid input (usage, message, settings, unknown job); "
                + "69 storage or ARM unreachable or refusing access. `run` exits with the container's exit code, or "
                + "124 timed out, 125 provisioning failed, 130 cancelled."},
        subcommands = {ValidateCommand.class, RenderCommand.class, RunCommand.class, UpCommand.class,
                EmulatorCommand.class, SubmitCommand.class, ListCommand.class, StatusCommand.class, LogsCommand.class,
                CancelCommand.class, ScheduleCommand.class, DoctorCommand.class, CommandLine.HelpCommand.class})
public final class Dispatchctl implements Callable<Integer> {
    /** Exit codes shared by every command; {@code run} passes the container's own exit code through. */
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int INVALID_INPUT = 2;
    /** Storage or ARM unreachable, or refusing the credentials (EX_UNAVAILABLE in BSD sysexits.h). */
    public static final int UNAVAILABLE = 69;
    /** {@code run}: the job timed out (the status GNU coreutils' {@code timeout} uses). */
    public static final int TIMED_OUT = 124;
    /**
     * {@code run}: the container group could not be provisioned, so no container ran (as {@code docker run} exits
     * 125 when it cannot create the container; docs.docker.com, "docker run", exit status).
     */
    public static final int PROVISIONING_FAILED = 125;
    /** {@code run}: the job was cancelled (128 + SIGINT, what shells report for an interrupted command). */
    public static final int CANCELLED = 130;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Held strongly: java.util.logging forgets levels of loggers nobody references. */
    private static final Logger AZURE_SDK = Logger.getLogger("com.azure");
    private static final Logger AZURE_HTTP = Logger.getLogger("com.azure.core.http.jdk.httpclient.JdkHttpClient");
    private static final Logger APP = Logger.getLogger("dev.acidispatch");
    /** What functions log through their ExecutionContext: `up` prints those lines itself, under the function's name. */
    private static final Logger FUNCTION_CONTEXT = Logger.getLogger("dev.acidispatch.local.host.Function");

    private final Map<String, String> processEnvironment;
    private final Path settingsDirectory;
    private Map<String, String> environment;

    /** The process environment plus ./local.settings.json. */
    public Dispatchctl() {
        this(System.getenv(), Path.of(""));
    }

    /** With an explicit environment instead of the process's, and no local.settings.json (tests). */
    public Dispatchctl(Map<String, String> environment) {
        this(environment, null);
    }

    /**
     * @param settingsDirectory where to look for local.settings.json; null for none
     */
    public Dispatchctl(Map<String, String> environment, Path settingsDirectory) {
        this.processEnvironment = Map.copyOf(environment);
        this.settingsDirectory = settingsDirectory;
    }

    /** The variables commands read their settings from: the environment first, then local.settings.json. */
    synchronized Map<String, String> environment() {
        if (environment == null) {
            environment = settingsDirectory == null ? processEnvironment
                    : Map.copyOf(LocalSettingsFile.withFileValues(processEnvironment, settingsDirectory));
        }
        return environment;
    }

    public static void main(String[] args) {
        // Output is UTF-8 whatever the locale says (LANG=C would otherwise turn every non-ASCII character into '?').
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
        configureLogging();
        CommandLine cli = commandLine(new Dispatchctl());
        cli.setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
        cli.setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
        // Colours only for a terminal, and never with NO_COLOR (no-color.org).
        boolean terminal = System.console() != null && System.getenv("NO_COLOR") == null;
        cli.setColorScheme(CommandLine.Help.defaultColorScheme(terminal ? CommandLine.Help.Ansi.AUTO
                : CommandLine.Help.Ansi.OFF));
        int code = cli.execute(args);
        System.out.flush();
        System.err.flush();
        System.exit(code);
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
            // The SDK logs expected answers (409 on create-if-absent, 404 on lookups) and each failed connection
            // attempt before it retries; our messages say what matters, once.
            AZURE_SDK.setLevel(Level.OFF);
            AZURE_HTTP.setLevel(Level.OFF);
        }
        Logger root = LogManager.getLogManager().getLogger("");
        root.setLevel(level);
        for (Handler handler : root.getHandlers()) {
            handler.setLevel(level);
            handler.setFormatter(new SimpleFormatter());
            try {
                handler.setEncoding(StandardCharsets.UTF_8.name());
            } catch (IOException | SecurityException e) {
                // Keeps the platform encoding.
            }
        }
    }

    /** Shows the app's own information lines too (what the Functions host logs at host.json's default level). */
    static void showAppInformation() {
        APP.setLevel(Level.INFO);
        FUNCTION_CONTEXT.setLevel(Level.WARNING);
        Logger root = LogManager.getLogManager().getLogger("");
        if (root.getLevel() == null || root.getLevel().intValue() > Level.INFO.intValue()) {
            root.setLevel(Level.INFO);
            AZURE_SDK.setLevel(Level.OFF);
        }
        for (Handler handler : root.getHandlers()) {
            if (handler.getLevel().intValue() > Level.INFO.intValue()) {
                handler.setLevel(Level.INFO);
            }
        }
    }

    /** The configured command line; tests call this and capture its out/err writers. */
    public static CommandLine commandLine() {
        return commandLine(System.getenv());
    }

    /** The command line reading settings from {@code environment} instead of the process environment. */
    public static CommandLine commandLine(Map<String, String> environment) {
        return commandLine(new Dispatchctl(environment));
    }

    static CommandLine commandLine(Dispatchctl root) {
        CommandLine cli = new CommandLine(root);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            Failures.Described failure = Failures.describe(e, root.environmentOrEmpty());
            commandLine.getErr().println("dispatchctl " + commandLine.getCommandName() + ": " + failure.message());
            if (System.getenv("DISPATCHCTL_DEBUG") != null) {
                e.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().flush();
            return failure.exitCode();
        });
        return cli;
    }

    private Map<String, String> environmentOrEmpty() {
        try {
            return environment();
        } catch (RuntimeException e) {
            return processEnvironment;
        }
    }

    /** {@code dispatchctl} without a command: usage on stderr, exit 2 (a usage error, as for an unknown command). */
    @Override
    public Integer call() {
        spec.commandLine().getErr().println("dispatchctl: a command is required");
        spec.commandLine().usage(spec.commandLine().getErr());
        return INVALID_INPUT;
    }

    /** Bad input from the user (unreadable file, unknown job id, missing setting): exit code 2. */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message);
        }
    }

    /** The version the build wrote into version.properties (from the pom). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"dispatchctl " + version()};
        }

        static String version() {
            try (InputStream in = Dispatchctl.class.getResourceAsStream("version.properties")) {
                Properties properties = new Properties();
                if (in != null) {
                    properties.load(in);
                }
                String version = properties.getProperty("version", "");
                return version.isBlank() || version.contains("${") ? "(unknown version: built without Maven)" : version;
            } catch (IOException e) {
                return "(unknown version: " + e.getMessage() + ")";
            }
        }
    }
}
