package dev.acidispatch.log;

import java.util.Objects;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The app's log lines, in one searchable shape: {@code jobId=<id> step=<step> <what happened>}, with
 * {@code jobId=-} for a line about no single job (a PollWork summary). docs/operations.md queries these words, and a
 * test keeps the two in agreement.
 *
 * <p>Where a line goes: to the logger of the Functions invocation running on this thread, when the functions glue
 * bound one with {@link #invocation}. In Azure that is {@code ExecutionContext.getLogger()}, whose records the host
 * sends to Application Insights with the invocation's ids, so a job's lines sit with the invocations that wrote them.
 * The glue hands over a plain {@link Logger}: no class outside {@code functions} sees a Functions type. Outside an
 * invocation (the CLI's in-process runs, unit tests) a line goes to the owning class's logger.
 *
 * <p>Code that does not know which job it works for (the ARM adapter, the admission ledger) logs for the job and step
 * bound to the thread: the glue binds them when its input names the job, and the dispatcher once it has read the
 * message ({@link #job}).
 */
public final class JobLog {
    /** The jobId of a line that is about no single job. */
    public static final String NO_JOB = "-";

    private record Context(Logger logger, String jobId, String step) {
    }

    private static final ThreadLocal<Context> BOUND = new ThreadLocal<>();
    private static final Pattern UNSAFE_ID_CHARS = Pattern.compile("[^A-Za-z0-9._-]");
    private static final int MAX_ID_LENGTH = 64;

    private final Logger classLogger;

    private JobLog(Logger classLogger) {
        this.classLogger = classLogger;
    }

    /** Lines of {@code owner}: its own logger unless an invocation's is bound. */
    public static JobLog of(Class<?> owner) {
        return new JobLog(Logger.getLogger(owner.getName()));
    }

    /**
     * Sends this thread's lines to {@code invocationLogger}, for {@code jobId} (null when not known yet) and
     * {@code step}, until the returned binding is closed; then whatever was bound before applies again. The functions
     * glue wraps each invocation in one.
     */
    public static Binding invocation(Logger invocationLogger, String jobId, String step) {
        Objects.requireNonNull(invocationLogger, "invocationLogger");
        return bind(new Context(invocationLogger, jobId, Objects.requireNonNull(step, "step")));
    }

    /** Names the job (and step) this thread works for from now until the binding closes; the logger stays. */
    public static Binding job(String jobId, String step) {
        Context current = BOUND.get();
        return bind(new Context(current == null ? null : current.logger(), jobId, Objects.requireNonNull(step, "step")));
    }

    private static Binding bind(Context context) {
        Context previous = BOUND.get();
        BOUND.set(context);
        return () -> {
            if (previous == null) {
                BOUND.remove();
            } else {
                BOUND.set(previous);
            }
        };
    }

    /** Restores what was bound before; never throws. */
    @FunctionalInterface
    public interface Binding extends AutoCloseable {
        @Override
        void close();
    }

    /** The job bound to this thread, or {@link #NO_JOB}. */
    public static String currentJob() {
        Context context = BOUND.get();
        return context == null || context.jobId() == null ? NO_JOB : context.jobId();
    }

    /** The step bound to this thread, or {@code otherwise}. */
    public static String currentStep(String otherwise) {
        Context context = BOUND.get();
        return context == null ? otherwise : context.step();
    }

    /**
     * The line as it is logged: {@code jobId=<id> step=<step> <message>}. An id that is not a job id's characters (an
     * HTTP route's path, before it is validated) is written with {@code _} in their place, so it cannot end the line
     * or forge another field.
     */
    public static String line(String jobId, String step, String message) {
        String id = jobId == null || jobId.isBlank() ? NO_JOB : UNSAFE_ID_CHARS.matcher(
                jobId.length() > MAX_ID_LENGTH ? jobId.substring(0, MAX_ID_LENGTH) : jobId).replaceAll("_");
        return "jobId=" + id + " step=" + step + " " + message;
    }

    public void info(String jobId, String step, Supplier<String> message) {
        log(Level.INFO, jobId, step, message);
    }

    public void warning(String jobId, String step, Supplier<String> message) {
        log(Level.WARNING, jobId, step, message);
    }

    /** Detail that host.json's default level (Information) leaves out. */
    public void fine(String jobId, String step, Supplier<String> message) {
        log(Level.FINE, jobId, step, message);
    }

    private void log(Level level, String jobId, String step, Supplier<String> message) {
        Context context = BOUND.get();
        Logger logger = context != null && context.logger() != null ? context.logger() : classLogger;
        if (logger.isLoggable(level)) {
            logger.log(level, line(jobId, step, message.get()));
        }
    }
}
