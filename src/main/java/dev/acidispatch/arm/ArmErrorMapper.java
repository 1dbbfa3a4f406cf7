package dev.acidispatch.arm;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpResponse;
import com.azure.core.management.exception.ManagementError;
import com.azure.core.management.exception.ManagementException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/** Turns SDK and transport failures into the typed {@link ArmException}s, keeping code, status and request id. */
public final class ArmErrorMapper {
    /** ACI and ARM codes that mean "a quota refused this"; messages naming an exceeded quota count as well. */
    static final Set<String> QUOTA_CODES = Set.of("ContainerGroupQuotaReached", "QuotaExceeded",
            "ResourceQuotaExceeded", "StandardCoresQuotaExceeded", "ContainerGroupCreationRateLimitReached");
    static final Set<String> TEMPLATE_CODES = Set.of("InvalidTemplate", "InvalidTemplateDeployment",
            "InvalidDeploymentParameterValue", "InvalidRequestContent", "InvalidParameter", "MissingParameter",
            "InvalidContentLink");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ArmErrorMapper() {
    }

    /**
     * Maps a failure of {@code operation}: HTTP errors by status and code, I/O and timeouts to
     * {@link TransientArmException}. Anything else (a bug, an interrupted thread) is returned unchanged.
     */
    public static RuntimeException map(String operation, Throwable failure) {
        if (failure instanceof ArmException arm) {
            return arm;
        }
        HttpResponseException http = find(failure, HttpResponseException.class);
        if (http != null && http.getResponse() != null) {
            return fromHttp(operation, http);
        }
        Throwable io = findIo(failure);
        if (io != null) {
            String code = io instanceof java.net.http.HttpTimeoutException || io instanceof TimeoutException
                    ? "Timeout" : "ConnectionFailed";
            return new TransientArmException(operation + " failed before a response arrived: " + io,
                    code, 0, Optional.empty(), failure);
        }
        return failure instanceof RuntimeException runtime ? runtime : new IllegalStateException(failure);
    }

    static ArmException fromHttp(String operation, HttpResponseException http) {
        HttpResponse response = http.getResponse();
        int status = response.getStatusCode();
        Optional<String> requestId = Optional.ofNullable(response.getHeaderValue("x-ms-request-id"))
                .or(() -> Optional.ofNullable(response.getHeaderValue("x-ms-correlation-request-id")));
        ArmError error = errorOf(http).orElse(new ArmError("Http" + status, http.getMessage()));
        String message = operation + " failed: HTTP " + status + " " + error.summary();
        String code = error.code();
        if (status == 429) {
            return new ThrottledException(message, code, status, requestId, retryAfter(response), http);
        }
        if (status == 403) {
            Optional<AccessDenial> denial = AccessDenial.in(error);
            if (denial.isPresent()) {
                return new AuthorizationFailedException(message, denial.get(), status, requestId, http);
            }
        }
        if (isQuota(error)) {
            return new QuotaExceededException(message, quotaCode(error), status, requestId, http);
        }
        if (status == 404 && "ResourceGroupNotFound".equals(code)) {
            return new ResourceGroupNotFoundException(message, status, requestId, http);
        }
        if (status == 404) {
            return new ResourceNotFoundException(message, code, status, requestId, http);
        }
        if (status == 409 && "DeploymentBeingDeleted".equals(code)) {
            return new ResourceBeingDeletedException(message, code, status, requestId, http);
        }
        if (status == 409) {
            return new ArmConflictException(message, code, status, requestId, http);
        }
        if (status == 400 || error.find(e -> TEMPLATE_CODES.contains(e.code())).isPresent()) {
            return new InvalidTemplateException(message, code, status, requestId, http);
        }
        if (status >= 500 || status == 408) {
            return new TransientArmException(message, code, status, requestId, http);
        }
        return new ArmException(message, code, status, requestId, http);
    }

    /** The exception a finished-Failed deployment amounts to, judged by its error tree. */
    public static ArmException fromDeploymentError(ArmError top) {
        ArmError expanded = expandNested(top);
        String message = "Deployment failed: " + expanded.summary();
        if (isQuota(expanded)) {
            return new QuotaExceededException(message, quotaCode(expanded), 0, Optional.empty(), null);
        }
        Optional<AccessDenial> denial = AccessDenial.in(expanded);
        if (denial.isPresent()) {
            return new AuthorizationFailedException(message, denial.get(), 0, Optional.empty(), null);
        }
        if (expanded.find(e -> TEMPLATE_CODES.contains(e.code())).isPresent()) {
            return new InvalidTemplateException(message, expanded.code(), 0, Optional.empty(), null);
        }
        List<ArmError> details = expanded.details().isEmpty() ? List.of(expanded) : expanded.details();
        return new DeploymentFailedException(message, expanded.code(), Optional.empty(), details);
    }

    /** Converts the SDK's error model; messages that are themselves ARM error JSON are unfolded into details. */
    public static ArmError toArmError(ManagementError error) {
        List<ArmError> details = new ArrayList<>();
        if (error.getDetails() != null) {
            error.getDetails().forEach(d -> details.add(toArmError(d)));
        }
        return expandNested(new ArmError(error.getCode(), error.getMessage(), details));
    }

    static boolean isQuota(ArmError error) {
        return error.find(ArmErrorMapper::namesQuota).isPresent();
    }

    /** The code of the most specific error naming the quota (root causes first: wrappers quote them verbatim). */
    private static String quotaCode(ArmError error) {
        return error.rootCauses().stream().filter(ArmErrorMapper::namesQuota).findFirst()
                .or(() -> error.find(ArmErrorMapper::namesQuota)).map(ArmError::code).orElse(error.code());
    }

    private static boolean namesQuota(ArmError e) {
        String message = e.message().toLowerCase(Locale.ROOT);
        return QUOTA_CODES.contains(e.code()) || (message.contains("quota") && message.contains("exceeded"));
    }

    /**
     * ARM wraps a resource provider's failure as a detail whose message is a JSON document
     * ({@code {"status":"Failed","error":{...}}}); unfold it so callers see the provider's own code.
     */
    static ArmError expandNested(ArmError error) {
        List<ArmError> details = new ArrayList<>();
        error.details().forEach(d -> details.add(expandNested(d)));
        String message = error.message().trim();
        if (details.isEmpty() && message.startsWith("{")) {
            try {
                JsonNode node = JSON.readTree(message);
                JsonNode inner = node.has("error") ? node.get("error") : node;
                if (inner.hasNonNull("code")) {
                    details.add(expandNested(fromJson(inner)));
                }
            } catch (IOException notJson) {
                // An ordinary message that happens to start with a brace.
            }
        }
        return new ArmError(error.code(), error.message(), details);
    }

    /** Reads {@code {"code","message","details"}}. */
    public static ArmError fromJson(JsonNode node) {
        List<ArmError> details = new ArrayList<>();
        if (node.has("details") && node.get("details").isArray()) {
            node.get("details").forEach(d -> details.add(fromJson(d)));
        }
        return new ArmError(node.path("code").asText(""), node.path("message").asText(""), details);
    }

    private static Optional<ArmError> errorOf(HttpResponseException http) {
        if (http instanceof ManagementException management && management.getValue() != null
                && management.getValue().getCode() != null) {
            return Optional.of(toArmError(management.getValue()));
        }
        Object value = http.getValue();
        if (value instanceof String body && body.trim().startsWith("{")) {
            try {
                JsonNode node = JSON.readTree(body);
                return Optional.of(fromJson(node.has("error") ? node.get("error") : node));
            } catch (IOException notJson) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    static Duration retryAfter(HttpResponse response) {
        for (String header : List.of("retry-after-ms", "x-ms-retry-after-ms")) {
            String value = response.getHeaderValue(header);
            if (value != null) {
                try {
                    return Duration.ofMillis(Long.parseLong(value.trim()));
                } catch (NumberFormatException ignored) {
                    // fall through to Retry-After
                }
            }
        }
        String value = response.getHeaderValue("Retry-After");
        if (value == null || value.isBlank()) {
            return Duration.ZERO;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(value.trim()));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration until = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException notDate) {
                return Duration.ZERO;
            }
        }
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static Throwable findIo(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException || t instanceof UncheckedIOException || t instanceof TimeoutException) {
                return t instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : t;
            }
        }
        return null;
    }
}
