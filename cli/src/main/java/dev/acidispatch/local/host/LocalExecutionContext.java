package dev.acidispatch.local.host;

import com.microsoft.azure.functions.ExecutionContext;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * One invocation's {@link ExecutionContext}. Its logger keeps what the function logged (the host forwards the same
 * records to Application Insights under the invocation) and passes them on under the name
 * {@code dev.acidispatch.local.host.Function.<function name>}, so they reach the console at the level that logger
 * allows ({@code dispatchctl up} reports each invocation's lines itself and shows only warnings from there).
 */
final class LocalExecutionContext implements ExecutionContext {
    private static final Logger FUNCTION_LOG = Logger.getLogger("dev.acidispatch.local.host.Function");

    private final String functionName;
    private final String invocationId = UUID.randomUUID().toString();
    private final Logger logger;
    private final List<String> lines = new ArrayList<>();

    LocalExecutionContext(String functionName) {
        this.functionName = functionName;
        logger = Logger.getAnonymousLogger();
        logger.setLevel(Level.ALL);
        // An anonymous logger has no name and would pass everything to its parent's handlers whatever the parent's
        // level: forward through the named logger instead, which applies its level.
        logger.setUseParentHandlers(false);
        String forwardedName = FUNCTION_LOG.getName() + "." + functionName;
        logger.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.INFO.intValue()) {
                    synchronized (lines) {
                        lines.add(record.getMessage());
                    }
                }
                if (FUNCTION_LOG.isLoggable(record.getLevel())) {
                    record.setLoggerName(forwardedName);
                    FUNCTION_LOG.log(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }

    @Override
    public Logger getLogger() {
        return logger;
    }

    @Override
    public String getInvocationId() {
        return invocationId;
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    /** The messages logged at INFO or above, in order. */
    List<String> loggedLines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }
}
