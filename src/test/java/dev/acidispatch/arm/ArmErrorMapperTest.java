package dev.acidispatch.arm;

import com.azure.core.http.HttpResponse;
import com.azure.core.management.exception.ManagementError;
import com.azure.core.management.exception.ManagementException;
import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** Unit tests of the failure mapping (mocked HTTP responses). */
class ArmErrorMapperTest {

    private static ManagementException failure(int status, String errorJson, Map<String, String> headers)
            throws IOException {
        HttpResponse response = mock(HttpResponse.class);
        when(response.getStatusCode()).thenReturn(status);
        when(response.getHeaderValue(anyString())).thenAnswer(call -> headers.get((String) call.getArgument(0)));
        ManagementError error;
        try (JsonReader reader = JsonProviders.createReader(errorJson)) {
            error = ManagementError.fromJson(reader);
        }
        return new ManagementException("Status code " + status, response, error);
    }

    @Test
    void throttleKeepsRetryAfterCodeAndRequestId() throws IOException {
        RuntimeException mapped = ArmErrorMapper.map("GET x", failure(429,
                "{\"code\":\"SubscriptionRequestsThrottled\",\"message\":\"slow down\"}",
                Map.of("Retry-After", "17", "x-ms-request-id", "req-1")));

        ThrottledException throttled = assertInstanceOf(ThrottledException.class, mapped);
        assertEquals(Duration.ofSeconds(17), throttled.retryAfter());
        assertEquals("SubscriptionRequestsThrottled", throttled.code());
        assertEquals(429, throttled.httpStatus());
        assertEquals("req-1", throttled.requestId().orElseThrow());
        assertTrue(throttled.isRetriable());
    }

    @Test
    void statusesMapToTheirKinds() throws IOException {
        assertInstanceOf(ResourceNotFoundException.class, ArmErrorMapper.map("op", failure(404,
                "{\"code\":\"ResourceNotFound\",\"message\":\"gone\"}", Map.of())));
        assertInstanceOf(ArmConflictException.class, ArmErrorMapper.map("op", failure(409,
                "{\"code\":\"DeploymentActive\",\"message\":\"busy\"}", Map.of())));
        assertInstanceOf(InvalidTemplateException.class, ArmErrorMapper.map("op", failure(400,
                "{\"code\":\"InvalidTemplate\",\"message\":\"bad\"}", Map.of())));
        TransientArmException server = assertInstanceOf(TransientArmException.class, ArmErrorMapper.map("op",
                failure(502, "{\"code\":\"BadGateway\",\"message\":\"x\"}", Map.of())));
        assertEquals("BadGateway", server.code());
        // ARM's wording (MicrosoftDocs/azure-docs#122458): the missing action and its scope are kept.
        AuthorizationFailedException forbidden = assertInstanceOf(AuthorizationFailedException.class,
                ArmErrorMapper.map("op", failure(403, "{\"code\":\"AuthorizationFailed\",\"message\":\"The client "
                        + "'c' with object id 'c' does not have authorization to perform action "
                        + "'Microsoft.ContainerInstance/containerGroups/read' over scope '/subscriptions/s/resourceGroups/"
                        + "rg' or the scope is invalid.\"}", Map.of())));
        assertEquals("AuthorizationFailed", forbidden.code());
        assertEquals("Microsoft.ContainerInstance/containerGroups/read", forbidden.denial().action());
        assertEquals("/subscriptions/s/resourceGroups/rg", forbidden.denial().scope());
        assertFalse(forbidden.isRetriable());
        assertInstanceOf(ResourceGroupNotFoundException.class, ArmErrorMapper.map("op", failure(404,
                "{\"code\":\"ResourceGroupNotFound\",\"message\":\"Resource group 'x' could not be found.\"}",
                Map.of())));
        assertInstanceOf(ResourceBeingDeletedException.class, ArmErrorMapper.map("op", failure(409,
                "{\"code\":\"DeploymentBeingDeleted\",\"message\":\"wait\"}", Map.of())));
    }

    @Test
    void quotaCodesAndQuotaMessagesWinOverStatus() throws IOException {
        assertInstanceOf(QuotaExceededException.class, ArmErrorMapper.map("op", failure(409,
                "{\"code\":\"ContainerGroupQuotaReached\",\"message\":\"full\"}", Map.of())));
        QuotaExceededException byMessage = assertInstanceOf(QuotaExceededException.class, ArmErrorMapper.map("op",
                failure(503, "{\"code\":\"ServiceUnavailable\",\"message\":\"Resource type 'Microsoft.ContainerInstance"
                        + "/containerGroups' container group quota 'ContainerGroups' exceeded in region 'x'.\"}",
                        Map.of())));
        assertEquals("ServiceUnavailable", byMessage.code());
    }

    @Test
    void transportFailuresAreTransientWithoutStatus() {
        TransientArmException timeout = assertInstanceOf(TransientArmException.class, ArmErrorMapper.map("op",
                new RuntimeException(new HttpTimeoutException("request timed out"))));
        assertEquals("Timeout", timeout.code());
        assertEquals(0, timeout.httpStatus());
        TransientArmException reset = assertInstanceOf(TransientArmException.class, ArmErrorMapper.map("op",
                new UncheckedIOException(new IOException("Connection reset"))));
        assertEquals("ConnectionFailed", reset.code());
    }

    @Test
    void bugsAreNotDisguisedAsArmFailures() {
        NullPointerException bug = new NullPointerException("oops");
        assertSame(bug, ArmErrorMapper.map("op", bug));
    }

    @Test
    void deploymentErrorWithoutQuotaOrTemplateCodesIsDeploymentFailed() {
        ArmError error = new ArmError("DeploymentFailed", "At least one resource deployment operation failed.",
                java.util.List.of(new ArmError("InaccessibleImage", "The image is not accessible.")));
        DeploymentFailedException failed = assertInstanceOf(DeploymentFailedException.class,
                ArmErrorMapper.fromDeploymentError(error));
        assertEquals("InaccessibleImage", failed.details().get(0).code());
        assertTrue(failed.getMessage().contains("InaccessibleImage: The image is not accessible."));
    }
}
