package dev.acidispatch.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acidispatch.app.App;
import dev.acidispatch.arm.ContainerGroups;
import dev.acidispatch.config.InvalidSettingsException;
import dev.acidispatch.dispatch.DispatchOutcome;
import dev.acidispatch.emulator.ContainerScript;
import dev.acidispatch.emulator.Fault;
import dev.acidispatch.emulator.Route;
import dev.acidispatch.job.JobStatus;
import dev.acidispatch.json.Json;
import dev.acidispatch.store.StorageClients;
import dev.acidispatch.template.RenderedDeployment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Secure env values, registry passwords and storage keys never show up where someone other than the container could
 * read them: log output (every java.util.logging record, with its exception chain, at FINE and above), job status,
 * result messages, the masked preview, exception messages, or the ARM template text (secrets travel only as secure
 * parameter values).
 */
@ExtendWith(Tally.class)
class SecretsTest {
    private static final String SECURE_VALUE = "sekret-env-7f3a9c";
    private static final String REGISTRY_PASSWORD = "sekret-registry-b41d";
    private static final String ACCOUNT_KEY = "c2VrcmV0LWFjY291bnQta2V5LTk5Mg==";
    private static final List<String> SECRETS = List.of(SECURE_VALUE, REGISTRY_PASSWORD, ACCOUNT_KEY);

    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            StringBuilder text = new StringBuilder(record.getLoggerName() + " " + formatter.formatMessage(record));
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                text.append('\n').append(trace);
            }
            logged.add(text.toString());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level rootLevel;

    @BeforeEach
    void captureLogs() {
        Logger root = Logger.getLogger("");
        rootLevel = root.getLevel();
        root.setLevel(Level.FINE);
        capture.setLevel(Level.ALL);
        root.addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        Logger root = Logger.getLogger("");
        root.removeHandler(capture);
        root.setLevel(rootLevel);
    }

    private static String message(String jobId) {
        return """
                {"jobId": "%s", "image": "myregistry.azurecr.io/etl:1.4", "command": ["sh", "-c", "echo hi"],
                 "env": {"STAGE": "test"}, "secureEnv": {"DB_PASSWORD": "%s"},
                 "registry": {"server": "myregistry.azurecr.io", "username": "puller", "password": "%s"}}
                """.formatted(jobId, SECURE_VALUE, REGISTRY_PASSWORD);
    }

    private static void assertNoSecret(String where, String text) {
        for (String secret : SECRETS) {
            assertFalse(text.contains(secret), "secret leaked into " + where + ": " + text);
        }
    }

    @Test
    void secretsStayOutOfLogsStatusResultsErrorsAndTheTemplateText() {
        List<String> deploymentBodies = new CopyOnWriteArrayList<>();
        List<String> armErrors = new CopyOnWriteArrayList<>();
        try (ReliabilityHarness h = ReliabilityHarness.builder()
                .groups(g -> recordingArm(g, deploymentBodies, armErrors)).build()) {
            h.script("sec-ok", ContainerScript.builder().provisioningDelay(Duration.ofSeconds(5))
                    .runDuration(Duration.ofMinutes(1)).build());
            h.script("sec-fail", ContainerScript.builder().provisioningDelay(Duration.ofSeconds(5))
                    .failProvisioning("InaccessibleImage", "The image is not accessible").build());
            // Faults make the client log retries and raise ARM errors with the request in scope.
            for (int i = 1; i <= ReliabilityHarness.QUICK.maxAttempts(); i++) {
                h.emulator.injectFault(Route.DEPLOYMENT_PUT, i, i % 2 == 1 ? Fault.internalServerError()
                        : Fault.connectionReset());
            }
            Tally.faults(ReliabilityHarness.QUICK.maxAttempts());
            RuntimeException armFailure = assertThrows(RuntimeException.class,
                    () -> h.stack.dispatch(message("sec-ok")));
            assertNoSecret("the ARM exception", describe(armFailure));
            h.stack.dispatch(message("sec-ok"));
            h.stack.dispatch(message("sec-fail"));
            h.awaitWatcher("sec-ok");
            h.awaitWatcher("sec-fail");
            h.assertSettled("sec-ok", JobStatus.SUCCEEDED);
            h.assertSettled("sec-fail", JobStatus.FAILED);

            // A rejected message carrying secrets: the errors name fields, never values.
            String bad = message("sec-bad").replace("\"command\"", "\"cpu\": \"many\", \"command\"")
                    .replace("\"username\": \"puller\", ", "");
            h.stack.dispatch(bad);

            for (String jobId : List.of("sec-ok", "sec-fail", "sec-bad")) {
                assertNoSecret("status of " + jobId, h.stack.routes().status(jobId).body());
                assertNoSecret("record of " + jobId, h.record(jobId).toString());
                h.results(jobId).forEach(r -> assertNoSecret("result message", r.toString()));
            }
            assertNoSecret("logs endpoint", h.stack.routes().logs("sec-ok").body());
            assertNoSecret("API errors", h.stack.routes().submit(bad).body());

            assertFalse(deploymentBodies.isEmpty());
            for (String body : deploymentBodies) {
                JsonNode properties = Json.read(body, JsonNode.class).path("properties");
                assertNoSecret("the ARM template text", properties.path("template").toString());
                String parameters = properties.path("parameters").toString();
                assertTrue(parameters.contains(SECURE_VALUE) && parameters.contains(REGISTRY_PASSWORD),
                        "secrets travel as secure parameter values");
            }
            armErrors.forEach(e -> assertNoSecret("an ARM error", e));

            RenderedDeployment rendered = App.from(h.stack.settings()).renderer()
                    .render(App.from(h.stack.settings()).validator().resolve(message("sec-preview")));
            assertNoSecret("the masked preview", rendered.preview(false));
            assertNoSecret("the rendered deployment's toString", rendered.toString());
            assertTrue(rendered.preview(true).contains(SECURE_VALUE), "showSecrets shows them (the check can fail)");
        }
        assertFalse(logged.isEmpty(), "log records were captured");
        logged.forEach(line -> assertNoSecret("the logs", line));
    }

    /**
     * Secure values shaped like ARM expressions, keyed by variable name (two differ only in case). ARM evaluates
     * strings nested in object parameters as expressions (Azure/bicep#9173), so these only arrive intact because each
     * travels as its own top-level secureString; the emulator applies the same rule.
     */
    private static final Map<String, String> EXPRESSION_SHAPED = expressionShapedSecrets();

    private static Map<String, String> expressionShapedSecrets() {
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("S_IDENTIFIER", "[x]");
        secrets.put("S_REFERENCE", "[reference('x')]");
        secrets.put("S_ARRAY", "[\"a\",\"b\"]");
        secrets.put("S_ESCAPED", "[[y]");
        secrets.put("S_MIXED", "[sekret-mixed \"dq\" 'sq' back\\slash \\\\share\nsecond line $HOME `id`]");
        secrets.put("TOKEN", "[reference('sekret-upper-5c1e')]");
        secrets.put("token", "[concat('sekret-lower-', '9d2a')]");
        return secrets;
    }

    /** Each secure variable written by {@code printf '%s'} to a file named after it: the exact bytes it saw. */
    private static String expressionShapedMessage(String jobId, Path out) {
        StringBuilder script = new StringBuilder();
        EXPRESSION_SHAPED.keySet().forEach(name -> script.append("printf '%s' \"$").append(name)
                .append("\" > \"$OUT_DIR/").append(name).append("\" && "));
        script.append("true");
        ObjectNode message = Json.MAPPER.createObjectNode().put("jobId", jobId).put("image", "busybox:1.36");
        message.putArray("command").add("sh").add("-c").add(script.toString());
        message.putObject("env").put("OUT_DIR", out.toString());
        message.set("secureEnv", Json.MAPPER.valueToTree(EXPRESSION_SHAPED));
        message.putObject("registry").put("server", "myregistry.azurecr.io").put("username", "puller")
                .put("password", "[reference('sekret-registry')]");
        return Json.write(message);
    }

    @Test
    void expressionShapedSecretsReachTheSandboxedProcessByteForByteAndNowhereElse(@TempDir Path out)
            throws IOException {
        List<String> deploymentBodies = new CopyOnWriteArrayList<>();
        List<String> armErrors = new CopyOnWriteArrayList<>();
        String jobId = "sec-shapes";
        try (ReliabilityHarness h = ReliabilityHarness.builder().sandboxRealTime()
                .groups(g -> recordingArm(g, deploymentBodies, armErrors)).build()) {
            DispatchOutcome outcome = h.stack.dispatcher().dispatch(expressionShapedMessage(jobId, out));
            assertEquals(DispatchOutcome.Kind.DISPATCHED, outcome.kind(), outcome.toString());
            h.awaitWatcher(jobId);
            h.assertSettled(jobId, JobStatus.SUCCEEDED);

            for (Map.Entry<String, String> secret : EXPRESSION_SHAPED.entrySet()) {
                assertEquals(secret.getValue(), Files.readString(out.resolve(secret.getKey()), StandardCharsets.UTF_8),
                        secret.getKey() + " as the process saw it");
            }

            assertEquals(1, deploymentBodies.size());
            JsonNode properties = Json.read(deploymentBodies.get(0), JsonNode.class).path("properties");
            List<String> passed = new ArrayList<>();
            properties.path("parameters").forEach(p -> {
                assertTrue(p.path("value").isTextual(), "every secret is a top-level string value: " + p);
                passed.add(p.path("value").asText());
            });
            assertTrue(passed.containsAll(EXPRESSION_SHAPED.values()), "each secret is its own parameter: " + passed);

            // Leaks are searched by the distinctive values; "[x]" could match unrelated text.
            List<String> leakChecked = EXPRESSION_SHAPED.values().stream().filter(v -> v.contains("sekret")).toList();
            String preview = App.from(h.stack.settings()).renderer().render(App.from(h.stack.settings()).validator()
                    .resolve(expressionShapedMessage("sec-shapes-preview", out))).preview(false);
            for (String secret : leakChecked) {
                assertFalse(properties.path("template").toString().contains(secret), "template text: " + secret);
                assertFalse(preview.contains(secret), "masked preview: " + preview);
                assertFalse(h.stack.api().status(jobId).body().contains(secret), "status");
                assertFalse(h.record(jobId).toString().contains(secret), "record");
                assertFalse(h.stack.api().logs(jobId).body().contains(secret), "logs endpoint");
                h.results(jobId).forEach(r -> assertFalse(r.toString().contains(secret), "result message " + r));
                armErrors.forEach(e -> assertFalse(e.contains(secret), "ARM error " + e));
                logged.forEach(line -> assertFalse(line.contains(secret), "log line " + line));
            }
            assertFalse(leakChecked.isEmpty());
        }
        assertFalse(logged.isEmpty(), "log records were captured");
    }

    private static final String VAULT = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/kv-rg"
            + "/providers/Microsoft.KeyVault/vaults/jobs-kv";
    private static final String FILE_SECRET = "sekret-file-0e51 [x] \"quoted\"";
    private static final String STORAGE_KEY = "sekret-storage-key-77c2==";
    private static final String INIT_SECRET = "sekret-init-3b90";
    private static final String SIDECAR_SECRET = "sekret-sidecar-a4d8";
    private static final String VAULT_FILE_SECRET = "sekret-vault-file-61f0";
    private static final String VAULT_ENV_SECRET = "sekret-vault-env-2c7e";

    private static String volumesMessage(String jobId, Path out) {
        ObjectNode message = Json.MAPPER.createObjectNode().put("jobId", jobId).put("image", "busybox:1.36");
        message.putArray("command").add("sh").add("-c").add("cp \"$ACI_SANDBOX_ROOT/mnt/secrets/token\" "
                + "\"$OUT_DIR/token\" && cp \"$ACI_SANDBOX_ROOT/mnt/secrets/vault.txt\" \"$OUT_DIR/vault.txt\" && "
                + "printf '%s' \"$FROM_VAULT\" > \"$OUT_DIR/FROM_VAULT\" && echo copied");
        message.putObject("env").put("OUT_DIR", out.toString());
        message.putObject("secureEnv").set("FROM_VAULT", keyVaultRef("env-in-vault"));
        ObjectNode secrets = message.putArray("volumes").addObject().put("name", "secrets")
                .put("mountPath", "/mnt/secrets").putObject("secret");
        secrets.put("token", FILE_SECRET);
        secrets.set("vault.txt", keyVaultRef("file-in-vault"));
        ((com.fasterxml.jackson.databind.node.ArrayNode) message.get("volumes")).addObject().put("name", "share")
                .put("mountPath", "/mnt/share").putObject("azureFile").put("shareName", "input")
                .put("storageAccountName", "store1").put("storageAccountKey", STORAGE_KEY);
        message.putArray("initContainers").addObject().put("name", "setup").put("image", "busybox:1.36")
                .putObject("secureEnv").put("INIT_SECRET", INIT_SECRET);
        ((ObjectNode) message.get("initContainers").get(0)).putArray("command").add("true");
        ObjectNode sidecar = message.putArray("sidecars").addObject().put("name", "side").put("image", "busybox:1.36")
                .put("cpu", 0.25).put("memoryGb", 0.3);
        sidecar.putArray("command").add("sleep").add("30");
        sidecar.putObject("secureEnv").put("SIDECAR_SECRET", SIDECAR_SECRET);
        return Json.write(message);
    }

    private static ObjectNode keyVaultRef(String name) {
        ObjectNode ref = Json.MAPPER.createObjectNode();
        ref.putObject("keyVaultSecret").put("vaultId", VAULT).put("name", name);
        return ref;
    }

    /**
     * Secret volume files, a storage account key, init container and sidecar secure values, and Key Vault secrets
     * reach the sandboxed containers and nothing else; a Key Vault secret never even reaches the dispatcher (ARM, here
     * the emulator's fake vault, resolves the reference at deployment time).
     */
    @Test
    void volumeSecretsStorageKeysAndKeyVaultSecretsReachTheContainersAndNothingElse(@TempDir Path out)
            throws IOException {
        List<String> deploymentBodies = new CopyOnWriteArrayList<>();
        List<String> armErrors = new CopyOnWriteArrayList<>();
        String jobId = "sec-volumes";
        try (ReliabilityHarness h = ReliabilityHarness.builder().sandboxRealTime()
                .setting(dev.acidispatch.config.Settings.Names.ALLOWED_KEY_VAULTS, VAULT)
                .groups(g -> recordingArm(g, deploymentBodies, armErrors)).build()) {
            h.emulator.keyVaultSecret(VAULT, "file-in-vault", VAULT_FILE_SECRET)
                    .keyVaultSecret(VAULT, "env-in-vault", VAULT_ENV_SECRET);
            DispatchOutcome outcome = h.stack.dispatch(volumesMessage(jobId, out));
            assertEquals(DispatchOutcome.Kind.DISPATCHED, outcome.kind(), outcome.toString());
            h.awaitWatcher(jobId);
            h.assertSettled(jobId, JobStatus.SUCCEEDED);

            assertEquals(FILE_SECRET, Files.readString(out.resolve("token")), "the secret file as the process read it");
            assertEquals(VAULT_FILE_SECRET, Files.readString(out.resolve("vault.txt")));
            assertEquals(VAULT_ENV_SECRET, Files.readString(out.resolve("FROM_VAULT")));

            assertEquals(1, deploymentBodies.size());
            JsonNode properties = Json.read(deploymentBodies.get(0), JsonNode.class).path("properties");
            String parameters = properties.path("parameters").toString();
            assertTrue(parameters.contains(java.util.Base64.getEncoder().encodeToString(
                    FILE_SECRET.getBytes(StandardCharsets.UTF_8))), "a given secret file travels base64-encoded");
            assertTrue(parameters.contains(STORAGE_KEY) && parameters.contains(INIT_SECRET)
                    && parameters.contains(SIDECAR_SECRET), "given secrets travel as secure parameter values");
            assertTrue(parameters.contains("\"secretName\":\"file-in-vault\""), "references travel as references");

            List<String> secrets = List.of(FILE_SECRET, STORAGE_KEY, INIT_SECRET, SIDECAR_SECRET, VAULT_FILE_SECRET,
                    VAULT_ENV_SECRET, java.util.Base64.getEncoder().encodeToString(
                            FILE_SECRET.getBytes(StandardCharsets.UTF_8)));
            String preview = App.from(h.stack.settings()).renderer().render(App.from(h.stack.settings()).validator()
                    .resolve(volumesMessage("sec-volumes-preview", out))).preview(false);
            String groupJson = h.arm.getGroup(ReliabilityHarness.RESOURCE_GROUP,
                    dev.acidispatch.job.JobNames.containerGroupName(jobId)).map(Object::toString).orElse("");
            for (String secret : secrets) {
                assertFalse(properties.path("template").toString().contains(secret), "template text");
                assertFalse(preview.contains(secret), "masked preview: " + preview);
                assertFalse(h.stack.api().status(jobId).body().contains(secret), "status");
                assertFalse(h.record(jobId).toString().contains(secret), "record");
                assertFalse(h.stack.api().logs(jobId).body().contains(secret), "logs endpoint");
                assertFalse(groupJson.contains(secret), "the group as ARM shows it");
                h.results(jobId).forEach(r -> assertFalse(r.toString().contains(secret), "result message " + r));
                armErrors.forEach(e -> assertFalse(e.contains(secret), "ARM error " + e));
                logged.forEach(line -> assertFalse(line.contains(secret), "log line " + line));
            }
            for (String neverSeen : List.of(VAULT_FILE_SECRET, VAULT_ENV_SECRET)) {
                assertFalse(deploymentBodies.get(0).contains(neverSeen), "a Key Vault secret passed the dispatcher");
            }
            assertTrue(h.stack.api().logs(jobId).body().contains("copied"), "the logs were captured (the check can fail)");
        }
        assertFalse(logged.isEmpty(), "log records were captured");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=KEY;TableEndpoint=::not a url::",
            "AccountKey=KEY;BlobEndpoint=http://127.0.0.1:1/x",
            "KEY"})
    void aBadStorageConnectionStringIsReportedWithoutItsKey(String template) {
        String connection = template.replace("KEY", ACCOUNT_KEY);
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> {
            StorageClients clients = StorageClients.fromConnectionString(connection);
            clients.tables();
            clients.queues();
            clients.blobs();
        });
        assertTrue(e.getMessage().contains("AzureWebJobsStorage"), e.getMessage());
        assertNoSecret("InvalidSettingsException", describe(e));
        logged.forEach(line -> assertNoSecret("the logs", line));
    }

    private static String describe(Throwable e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        return trace.toString();
    }

    /** Records every deployment body sent and every exception text the ARM port throws. */
    private static ContainerGroups recordingArm(ContainerGroups arm, List<String> bodies, List<String> errors) {
        return (ContainerGroups) Proxy.newProxyInstance(ContainerGroups.class.getClassLoader(),
                new Class<?>[] {ContainerGroups.class}, (self, method, args) -> {
                    if (method.getName().equals("beginDeployment")) {
                        bodies.add((String) args[2]);
                    }
                    try {
                        return method.invoke(arm, args);
                    } catch (InvocationTargetException e) {
                        errors.add(describe(e.getCause()));
                        throw e.getCause();
                    }
                });
    }

    @Test
    void theCaptureSeesWhatItShouldCatch() {
        // The handler really receives pipeline log output: a secret logged on purpose would be caught.
        Logger.getLogger("dev.acidispatch.probe").fine("probe " + SECURE_VALUE);
        assertEquals(1, logged.stream().filter(l -> l.contains(SECURE_VALUE)).count());
    }
}
