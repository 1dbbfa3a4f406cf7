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
 * records to Application Insights under the invocation) and passes them on to the {@code dev.acidispatch.local.host.Function}
 * logger, so they also reach the console.
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
        logger.setParent(FUNCTION_LOG);
        logger.setLevel(Level.ALL);
        logger.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.INFO.intValue()) {
                    synchronized (lines) {
                        lines.add(record.getMessage());
                    }
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
