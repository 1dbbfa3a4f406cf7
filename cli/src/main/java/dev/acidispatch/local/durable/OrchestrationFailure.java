package dev.acidispatch.local.durable;

import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.TaskFailureDetails;
import java.util.Objects;

/**
 * Why an orchestration failed, as durabletask reports it: the exception's class name, its message and stack trace.
 *
 * @param errorType  fully qualified class name of the exception that ended the orchestration
 * @param errorMessage the exception's message, empty when it had none
 * @param stackTrace the stack trace as text, empty when unknown
 */
public record OrchestrationFailure(String errorType, String errorMessage, String stackTrace) {
    public OrchestrationFailure {
        Objects.requireNonNull(errorType, "errorType");
        errorMessage = errorMessage == null ? "" : errorMessage;
        stackTrace = stackTrace == null ? "" : stackTrace;
    }

    static OrchestrationFailure fromProto(TaskFailureDetails details) {
        return new OrchestrationFailure(
                details.getErrorType(), details.getErrorMessage(), details.getStackTrace().getValue());
    }

    @Override
    public String toString() {
        // The stack trace is left out on purpose: it is long and belongs in logs, not in one-line summaries.
        return errorType + ": " + errorMessage;
    }
}
