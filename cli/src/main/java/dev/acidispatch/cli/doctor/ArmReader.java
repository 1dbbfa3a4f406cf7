package dev.acidispatch.cli.doctor;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.RequestIdPolicy;
import com.azure.core.http.policy.UserAgentPolicy;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.http.policy.ArmChallengeAuthenticationPolicy;
import com.azure.core.util.Context;
import com.fasterxml.jackson.databind.JsonNode;
import dev.acidispatch.arm.ArmConnection;
import dev.acidispatch.json.Json;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads ARM resources by id (GET only), as the signed-in user ({@code DefaultAzureCredential}: the Azure CLI login
 * on a workstation) or unauthenticated against an emulator, the way the app's ARM clients connect
 * ({@link ArmConnection}).
 */
public final class ArmReader {
    private final HttpPipeline pipeline;
    private final String endpoint;

    private ArmReader(HttpPipeline pipeline, String endpoint) {
        this.pipeline = pipeline;
        this.endpoint = endpoint;
    }

    public static ArmReader connect(ArmConnection connection) {
        Objects.requireNonNull(connection, "connection");
        AzureEnvironment environment = AzureEnvironment.AZURE;
        String endpoint = connection.endpoint().map(URI::toString).orElse(environment.getResourceManagerEndpoint())
                .replaceAll("/+$", "");
        HttpClient http = new JdkHttpClientBuilder().connectionTimeout(Duration.ofSeconds(10))
                .responseTimeout(Duration.ofSeconds(30)).build();
        List<HttpPipelinePolicy> policies = new ArrayList<>();
        policies.add(new UserAgentPolicy("aci-dispatch-doctor"));
        policies.add(new RequestIdPolicy());
        Optional<TokenCredential> credential = connection.credential();
        credential.ifPresent(c -> policies.add(new ArmChallengeAuthenticationPolicy(c,
                environment.getManagementEndpoint().replaceAll("/+$", "") + "/.default")));
        return new ArmReader(new HttpPipelineBuilder().httpClient(http).policies(policies.toArray(HttpPipelinePolicy[]::new))
                .build(), endpoint);
    }

    /**
     * {@code GET <resourceId>?api-version=...}: the resource, or empty on 404.
     *
     * @throws ArmReadException on any other answer, with ARM's error code and message
     */
    public Optional<JsonNode> get(String resourceId, String apiVersion) {
        return send(HttpMethod.GET, resourceId, apiVersion);
    }

    /**
     * {@code POST <resourceId>?api-version=...} of an action that only reads (such as {@code listkeys}): its answer,
     * or empty on 404.
     *
     * @throws ArmReadException on any other answer, with ARM's error code and message
     */
    public Optional<JsonNode> postAction(String resourceId, String apiVersion) {
        return send(HttpMethod.POST, resourceId, apiVersion);
    }

    /** The ARM endpoint reads go to. */
    public String endpoint() {
        return endpoint;
    }

    private Optional<JsonNode> send(HttpMethod method, String resourceId, String apiVersion) {
        HttpRequest request = new HttpRequest(method, endpoint + resourceId + "?api-version=" + apiVersion);
        try (HttpResponse response = pipeline.sendSync(request, Context.NONE)) {
            String body = response.getBodyAsBinaryData() == null ? "" : response.getBodyAsBinaryData().toString();
            if (response.getStatusCode() == 404) {
                return Optional.empty();
            }
            if (response.getStatusCode() != 200) {
                JsonNode error = body.isBlank() ? null : Json.MAPPER.readTree(body).path("error");
                String code = error == null ? "" : error.path("code").asText("");
                String message = error == null ? "" : error.path("message").asText("");
                throw new ArmReadException(response.getStatusCode(), code, message);
            }
            return Optional.of(Json.MAPPER.readTree(body));
        } catch (java.io.IOException e) {
            throw new ArmReadException(0, "InvalidResponse", "ARM answered with something that is not JSON: " + e.getMessage());
        }
    }

    /** ARM refused or failed a read; keeps its error code. */
    public static final class ArmReadException extends RuntimeException {
        private final int status;
        private final String code;

        public ArmReadException(int status, String code, String message) {
            super("HTTP " + status + (code.isBlank() ? "" : " " + code) + (message.isBlank() ? "" : ": " + message));
            this.status = status;
            this.code = code;
        }

        public int status() {
            return status;
        }

        public String code() {
            return code;
        }
    }
}
