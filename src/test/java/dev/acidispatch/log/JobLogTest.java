package dev.acidispatch.log;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Where a line goes (the bound invocation's logger, else the class's) and what it looks like. */
class JobLogTest {
    private static final JobLog LOG = JobLog.of(JobLogTest.class);

    /** A logger that keeps what it is given, as an invocation's ExecutionContext logger does. */
    private static Logger recording(List<String> into) {
        Logger logger = Logger.getAnonymousLogger();
        logger.setUseParentHandlers(false);
        logger.setLevel(Level.ALL);
        logger.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                into.add(record.getLevel() + " " + record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
        return logger;
    }

    @Test
    void linesGoToTheBoundInvocationAndNameTheirJobAndStep() {
        List<String> invocation = new ArrayList<>();
        List<String> classLines = new ArrayList<>();
        Logger classLogger = Logger.getLogger(JobLogTest.class.getName());
        Handler own = new Handler() {
            @Override
            public void publish(LogRecord record) {
                classLines.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        classLogger.addHandler(own);
        try {
            try (JobLog.Binding bound = JobLog.invocation(recording(invocation), null, "dispatch")) {
                LOG.info(JobLog.currentJob(), JobLog.currentStep("arm"), () -> "before the message is read");
                try (JobLog.Binding job = JobLog.job("etl-1", "dispatch")) {
                    LOG.warning(JobLog.currentJob(), JobLog.currentStep("arm"), () -> "arm-throttled: GET x");
                    LOG.fine("etl-1", "dispatch", () -> "detail");
                }
                LOG.info("etl-2", "cleanup", () -> "explicit");
            }
            LOG.info(JobLog.currentJob(), JobLog.currentStep("arm"), () -> "no invocation");
        } finally {
            classLogger.removeHandler(own);
        }

        assertEquals(List.of("INFO jobId=- step=dispatch before the message is read",
                "WARNING jobId=etl-1 step=dispatch arm-throttled: GET x",
                "FINE jobId=etl-1 step=dispatch detail",
                "INFO jobId=etl-2 step=cleanup explicit"), invocation);
        assertEquals(List.of("jobId=- step=arm no invocation"), classLines, "unbound: the class's logger, defaults");
    }

    @Test
    void theLineShapeIsFixed() {
        assertEquals("jobId=- step=poll-work idle", JobLog.line(null, "poll-work", "idle"));
        assertEquals("jobId=- step=poll-work idle", JobLog.line(" ", "poll-work", "idle"));
        assertEquals("jobId=a-1 step=sweep x", JobLog.line("a-1", "sweep", "x"));
        assertEquals("jobId=a_b_step_dispatch_outcome_SUCCEEDED step=logs x",
                JobLog.line("a\nb step=dispatch outcome=SUCCEEDED", "logs", "x"), "a route's raw id cannot forge a line");
        assertEquals("jobId=" + "x".repeat(64) + " step=logs x", JobLog.line("x".repeat(500), "logs", "x"));
    }
}
