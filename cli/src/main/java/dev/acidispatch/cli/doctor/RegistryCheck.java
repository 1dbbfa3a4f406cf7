package dev.acidispatch.cli.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acidispatch.json.Json;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * With {@code --image}: the image's registry answers and serves the image. Follows the OCI Distribution Specification
 * (opencontainers/distribution-spec, spec.md): {@code GET /v2/} (end-1) tells that the registry speaks the API; a 401
 * there carries a {@code WWW-Authenticate: Bearer realm=...,service=...} challenge, answered anonymously as Docker's
 * token authentication describes (distribution/distribution, docs "Token Authentication Specification"); then
 * {@code HEAD /v2/<name>/manifests/<reference>} (end-3) answers 200 when the tag or digest exists and 404 when not.
 * A private image that needs credentials is reported as reachable: the app pulls it with the job's
 * {@code registry.identity} or username and password, which this check does not have.
 */
public final class RegistryCheck implements DoctorCheck {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final Pattern PARAMETER = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final String MANIFESTS = String.join(", ", "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    @Override
    public String title() {
        return "The registry serves the image";
    }

    @Override
    public boolean appliesTo(DoctorContext context) {
        return context.image().isPresent();
    }

    @Override
    public CheckResult run(DoctorContext context) {
        String image = context.image().orElseThrow();
        ImageReference ref = ImageReference.parse(image);
        String fixReach = "check the registry name in '" + image + "' and that this machine (and ACI) can reach "
                + ref.baseUrl() + " (firewall, private endpoint, DNS)";
        HttpResponse<Void> base;
        try {
            base = send(HttpRequest.newBuilder(URI.create(ref.baseUrl() + "/v2/")).GET());
        } catch (IOException e) {
            return CheckResult.fail("cannot reach " + ref.baseUrl() + " (" + StorageCheck.rootCause(e) + ")", fixReach);
        }
        Optional<String> token = Optional.empty();
        if (base.statusCode() == 401) {
            Optional<Map<String, String>> challenge = bearerChallenge(base);
            if (challenge.isEmpty()) {
                return CheckResult.pass(ref.registry() + " answers the registry API but wants credentials for every"
                        + " read; the app pulls with the job's registry settings, which doctor does not have");
            }
            try {
                token = anonymousToken(challenge.get(), ref);
            } catch (IOException e) {
                return CheckResult.fail("the token service of " + ref.registry() + " did not answer ("
                        + StorageCheck.rootCause(e) + ")", fixReach);
            }
            if (token.isEmpty()) {
                return CheckResult.pass(ref.registry() + " is reachable; " + ref.repository() + " needs credentials"
                        + " (the app pulls with the job's registry.identity or username/password)");
            }
        } else if (base.statusCode() / 100 != 2) {
            return CheckResult.fail(ref.baseUrl() + "/v2/ answered HTTP " + base.statusCode() + ": not a container"
                    + " registry", fixReach);
        }
        HttpResponse<Void> manifest;
        try {
            HttpRequest.Builder head = HttpRequest.newBuilder(URI.create(ref.baseUrl() + "/v2/" + ref.repository()
                    + "/manifests/" + ref.reference())).method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .header("Accept", MANIFESTS);
            token.ifPresent(t -> head.header("Authorization", "Bearer " + t));
            manifest = send(head);
        } catch (IOException e) {
            return CheckResult.fail("cannot reach " + ref.baseUrl() + " (" + StorageCheck.rootCause(e) + ")", fixReach);
        }
        return switch (manifest.statusCode()) {
            case 200 -> CheckResult.pass(ref.registry() + " serves " + ref.repository() + ":" + ref.reference()
                    + manifest.headers().firstValue("Docker-Content-Digest").map(d -> " (" + d + ")").orElse(""));
            case 401, 403 -> CheckResult.pass(ref.registry() + " is reachable; " + ref.repository() + " needs"
                    + " credentials (the app pulls with the job's registry.identity or username/password)");
            case 404 -> CheckResult.fail(ref.registry() + " has no " + ref.repository() + ":" + ref.reference(),
                    "push the image, or correct its name or tag (a job with this image would fail to pull)");
            default -> CheckResult.fail("looking up " + ref.repository() + ":" + ref.reference() + " answered HTTP "
                    + manifest.statusCode(), fixReach);
        };
    }

    private HttpResponse<Void> send(HttpRequest.Builder request) throws IOException {
        try {
            return http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.discarding());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static Optional<Map<String, String>> bearerChallenge(HttpResponse<?> response) {
        Optional<String> header = response.headers().firstValue("WWW-Authenticate");
        if (header.isEmpty() || !header.get().regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        Matcher m = PARAMETER.matcher(header.get());
        while (m.find()) {
            parameters.put(m.group(1).toLowerCase(java.util.Locale.ROOT), m.group(2));
        }
        return parameters.containsKey("realm") ? Optional.of(parameters) : Optional.empty();
    }

    /** An anonymous pull token, or empty when the registry gives none without credentials. */
    private Optional<String> anonymousToken(Map<String, String> challenge, ImageReference ref) throws IOException {
        StringBuilder url = new StringBuilder(challenge.get("realm")).append('?');
        if (challenge.containsKey("service")) {
            url.append("service=").append(URLEncoder.encode(challenge.get("service"), StandardCharsets.UTF_8)).append('&');
        }
        url.append("scope=").append(URLEncoder.encode("repository:" + ref.repository() + ":pull", StandardCharsets.UTF_8));
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(url.toString())).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (response.statusCode() != 200) {
            return Optional.empty();
        }
        JsonNode body = Json.read(response.body(), JsonNode.class);
        String token = body.path("token").asText(body.path("access_token").asText(""));
        return token.isBlank() ? Optional.empty() : Optional.of(token);
    }
}
