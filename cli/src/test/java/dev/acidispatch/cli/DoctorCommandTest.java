package dev.acidispatch.cli;

import com.sun.net.httpserver.HttpServer;
import dev.acidispatch.cli.doctor.RequiredActions;
import dev.acidispatch.config.Settings;
import dev.acidispatch.emulator.ArmEmulator;
import dev.acidispatch.emulator.Authorization;
import dev.acidispatch.emulator.Quotas;
import dev.acidispatch.emulator.RoleAssignment;
import dev.acidispatch.emulator.RoleDefinition;
import dev.acidispatch.emulator.Route;
import dev.acidispatch.store.QueueNames;
import dev.acidispatch.store.StorageClients;
import dev.acidispatch.store.TableJobStore;
import dev.acidispatch.testing.Azurite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code dispatchctl doctor} against Azurite and the ARM emulator, with the emulator set up as Azure would be for the
 * app (its permissions, quotas and Function App) and then broken one thing at a time: each broken thing is one ✘
 * line that names it and the fix, and the exit code says whether everything passed.
 */
class DoctorCommandTest {
    private static final String RG = "aci-dispatch-rg";
    private static final String APP = "aci-dispatch-app";
    private static final String JOBS_RG = "jobs-rg";
    private static final String OTHER_JOBS_RG = "more-jobs-rg";
    private static final String SUB = "/subscriptions/" + ArmEmulator.DEFAULT_SUBSCRIPTION_ID;
    /** The custom role of infra/main.json, as the emulator holds it for the app's identity. */
    /** The one-action role infra/README.md has the operator grant on the subscription for ACI's usage API. */
    private static final RoleAssignment USAGE_READER = new RoleAssignment(new RoleDefinition("aci-dispatch usage reader",
            List.of("Microsoft.ContainerInstance/locations/usages/read"), List.of()), SUB);
    private static final RoleDefinition JOB_OPERATOR = new RoleDefinition("aci-dispatch job operator", List.of(
            "Microsoft.ContainerInstance/containerGroups/*", "Microsoft.Resources/deployments/*",
            "Microsoft.Resources/deployments/operationstatuses/read",
            "Microsoft.Resources/subscriptions/resourceGroups/read",
            "Microsoft.ManagedIdentity/userAssignedIdentities/assign/action",
            "Microsoft.Network/virtualNetworks/subnets/join/action", "Microsoft.KeyVault/vaults/deploy/action"),
            List.of());

    private final List<AutoCloseable> started = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void storageAsInfraDeploysIt() {
        StorageClients storage = StorageClients.fromConnectionString(Azurite.shared().connectionString());
        storage.queues().getQueueClient(QueueNames.JOBS).createIfNotExists();
        storage.tables().createTableIfNotExists(TableJobStore.TABLE_NAME);
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : started) {
            c.close();
        }
    }

    private ArmEmulator emulator(ArmEmulator.Builder builder) {
        ArmEmulator emulator = builder.start();
        started.add(emulator);
        emulator.functionApp(RG, APP, true);
        return emulator;
    }

    private ArmEmulator goodEmulator() {
        return emulator(ArmEmulator.builder().authorization(Authorization.of("app-identity", List.of(
                new RoleAssignment(JOB_OPERATOR, SUB + "/resourceGroups/" + JOBS_RG), USAGE_READER))));
    }

    private static Map<String, String> env(ArmEmulator emulator, String... more) {
        Map<String, String> env = new HashMap<>(Map.of(
                "AzureWebJobsStorage", Azurite.shared().connectionString(),
                Settings.Names.ARM_ENDPOINT, emulator.endpoint().toString(),
                Settings.Names.SUBSCRIPTION_ID, emulator.subscriptionId(),
                Settings.Names.DEFAULT_RESOURCE_GROUP, JOBS_RG));
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    private static CliResult doctor(Map<String, String> env, String... more) {
        List<String> args = new ArrayList<>(List.of("doctor", "--emulator", "--app", APP, "--resource-group", RG));
        args.addAll(List.of(more));
        return CliResult.run(env, "", args.toArray(String[]::new));
    }

    private static List<String> failed(CliResult r) {
        return r.out().lines().filter(l -> l.startsWith("✘ ")).toList();
    }

    @Test
    void aGoodSetupPassesEveryCheckAndExitsZero() {
        CliResult r = doctor(env(goodEmulator()));

        assertEquals(0, r.exitCode(), r.out() + r.err());
        for (String check : List.of("The settings parse", "Storage is reachable and holds the jobs queue and table",
                "The credential obtains an ARM token: not needed", "The identity may run jobs in each allowed resource"
                        + " group: " + RequiredActions.all().size() + " actions allowed in " + JOBS_RG,
                "ACI has quota headroom in the default region: westeurope: container groups 0 of 100",
                "The job templates compile: 1 template(s): default", "The Function App is HTTPS-only",
                "The Functions app has function keys: 1 function key(s): default")) {
            assertTrue(r.out().contains("✔ " + check), check + " in:\n" + r.out());
        }
        assertTrue(r.out().contains("All 8 checks passed."), r.out());
        assertFalse(r.out().contains("fix:"), r.out());
        assertFalse(r.out().contains("emulated-"), "no key value is printed");
    }

    @Test
    void aPermissionTheEmulatorDeniesIsNamedWithItsResourceGroup() {
        RoleDefinition noDelete = new RoleDefinition("almost", JOB_OPERATOR.actions(),
                List.of("Microsoft.ContainerInstance/containerGroups/delete"));
        ArmEmulator emulator = emulator(ArmEmulator.builder().authorization(Authorization.of("app-identity", List.of(
                new RoleAssignment(noDelete, SUB + "/resourceGroups/" + JOBS_RG),
                new RoleAssignment(JOB_OPERATOR, SUB + "/resourceGroups/" + OTHER_JOBS_RG), USAGE_READER))));

        CliResult r = doctor(env(emulator, Settings.Names.ALLOWED_RESOURCE_GROUPS, JOBS_RG + "," + OTHER_JOBS_RG));

        assertEquals(1, r.exitCode(), r.out());
        assertEquals(List.of("✘ The identity may run jobs in each allowed resource group: in '" + JOBS_RG + "' the"
                + " identity may not perform Microsoft.ContainerInstance/containerGroups/delete"), failed(r));
        assertTrue(r.out().contains("  fix: give the emulator's identity a role with these actions at " + SUB
                + "/resourceGroups/" + JOBS_RG), r.out());
        assertTrue(r.out().contains("1 of 8 checks failed."), r.out());
    }

    @Test
    void withoutTheSubscriptionGrantTheQuotaCheckSaysAdmissionCannotSeeTheRealQuota() {
        ArmEmulator emulator = emulator(ArmEmulator.builder().authorization(Authorization.of("app-identity", List.of(
                new RoleAssignment(JOB_OPERATOR, SUB + "/resourceGroups/" + JOBS_RG)))));

        CliResult r = doctor(env(emulator));

        assertEquals(1, r.exitCode(), r.out());
        assertEquals(1, failed(r).size(), r.out());
        assertTrue(failed(r).get(0).startsWith("✘ ACI has quota headroom in the default region: the identity may not"
                + " read ACI's usage API"), r.out());
        assertTrue(r.out().contains("  fix: grant it Microsoft.ContainerInstance/locations/usages/read on " + SUB),
                r.out());
    }

    @Test
    void anAllowedResourceGroupWithNoRoleMissesEveryAction() {
        ArmEmulator emulator = goodEmulator();

        CliResult r = doctor(env(emulator, Settings.Names.ALLOWED_RESOURCE_GROUPS, JOBS_RG + "," + OTHER_JOBS_RG));

        assertEquals(1, r.exitCode());
        String line = failed(r).get(0);
        assertTrue(line.contains("in '" + OTHER_JOBS_RG + "' the identity may not perform "
                + String.join(", ", RequiredActions.all())), line);
        assertFalse(line.contains("'" + JOBS_RG + "'"), line);
    }

    @Test
    void anAppTheDeployLeftOnPlainHttpFailsLoudlyWithTheOneCommandThatFixesIt() {
        ArmEmulator emulator = goodEmulator();
        emulator.functionApp(RG, APP, false); // what azure-functions:deploy leaves on Flex Consumption

        CliResult r = doctor(env(emulator));

        assertEquals(1, r.exitCode(), r.out() + r.err());
        assertEquals(List.of("✘ The Function App is HTTPS-only: httpsOnly is false, so the HTTP API (function keys"
                + " included) also answers over plain http. The Functions Maven plugin turns it off on every deploy to a"
                + " Flex Consumption app."), failed(r));
        String fix = "az rest --method patch --url \"https://management.azure.com/subscriptions/" + emulator.subscriptionId()
                + "/resourceGroups/" + RG + "/providers/Microsoft.Web/sites/" + APP
                + "?api-version=2024-04-01\" --body '{\"properties\":{\"httpsOnly\":true}}'";
        assertTrue(r.out().contains("  fix: " + fix), r.out());

        emulator.functionApp(RG, APP, true); // after running the fix
        assertEquals(0, doctor(env(emulator)).exitCode());
    }

    @Test
    void anAppWithoutFunctionKeysCannotBeCalled() {
        ArmEmulator emulator = goodEmulator();
        emulator.functionAppKeys(RG, APP, Map.of());

        CliResult r = doctor(env(emulator));

        assertEquals(List.of("✘ The Functions app has function keys: the Function App has no function keys, so no HTTP"
                + " route can be called"), failed(r));
        assertTrue(r.out().contains("fix: az functionapp keys set --name " + APP + " --resource-group " + RG
                + " --key-type functionKeys --key-name default"), r.out());
    }

    @Test
    void doctorOnlyReads() {
        ArmEmulator emulator = goodEmulator();

        doctor(env(emulator));

        assertEquals(List.of(Route.PERMISSIONS_LIST, Route.USAGES_LIST, Route.SITE_GET, Route.SITE_LIST_KEYS),
                emulator.requestLog().entries().stream().map(e -> e.route()).toList());
        assertTrue(emulator.requestLog().entries().stream().allMatch(e -> e.method().equals("GET")
                || e.route() == Route.SITE_LIST_KEYS), emulator.requestLog().entries().toString());
    }

    @Test
    void quotaBelowTheAdmissionLimitsIsAFailureWithTheSettingsThatFit() {
        ArmEmulator emulator = emulator(ArmEmulator.builder().quotas(Quotas.aciDefaults().withMaxCores(8)));

        CliResult r = doctor(env(emulator));

        assertEquals(List.of("✘ ACI has quota headroom in the default region: westeurope: container groups 0 of 100,"
                + " standard cores 0 of 8, but admission allows 100 jobs and 100 cores at once, so ACI would refuse"
                + " jobs the app admits"), failed(r));
        assertTrue(r.out().contains("fix: set DISPATCH_MAX_ACTIVE_JOBS=100 and DISPATCH_MAX_ACTIVE_CORES=8"), r.out());
        assertEquals(0, doctor(env(emulator, Settings.Names.MAX_ACTIVE_CORES, "8")).exitCode());
    }

    @Test
    void badSettingsFailFirstAndTheChecksThatNeedThemSaySo() {
        CliResult r = doctor(env(goodEmulator(), Settings.Names.MAX_CPU, "64"));

        assertEquals(1, r.exitCode());
        List<String> failed = failed(r);
        assertTrue(failed.get(0).startsWith("✘ The settings parse: DISPATCH_MAX_CPU: 64 is above ACI's maximum"),
                failed.get(0));
        assertTrue(failed.stream().skip(1).allMatch(l -> l.contains("not checked: DISPATCH_MAX_CPU")), r.out());
    }

    @Test
    void aTemplateThatDoesNotCompileIsNamed() throws IOException {
        Files.writeString(dir.resolve("broken.json.mustache"), "{\"resources\": [ {{#unclosed}} ]}");

        CliResult r = doctor(env(goodEmulator(), Settings.Names.TEMPLATES_DIR, dir.toString()));

        assertEquals(1, r.exitCode(), r.out());
        assertEquals(1, failed(r).size(), r.out());
        assertTrue(failed(r).get(0).startsWith("✘ The job templates compile: Template 'broken'"), r.out());
        assertTrue(r.out().contains("fix: fix " + dir.resolve("broken.json.mustache")), r.out());
    }

    @Test
    void unreachableStorageIsOneFailureWithTheFix() {
        Map<String, String> env = env(goodEmulator(), "AzureWebJobsStorage", "DefaultEndpointsProtocol=http;AccountName="
                + Azurite.ACCOUNT_NAME + ";AccountKey=" + Azurite.ACCOUNT_KEY + ";QueueEndpoint=http://127.0.0.1:"
                + DispatchctlProcess.freePort() + "/devstoreaccount1;TableEndpoint=http://127.0.0.1:"
                + DispatchctlProcess.freePort() + "/devstoreaccount1;BlobEndpoint=http://127.0.0.1:"
                + DispatchctlProcess.freePort() + "/devstoreaccount1");

        CliResult r = doctor(env);

        assertEquals(1, r.exitCode());
        assertEquals(1, failed(r).size(), r.out());
        assertTrue(failed(r).get(0).startsWith("✘ Storage is reachable and holds the jobs queue and table: cannot reach"),
                r.out());
        assertTrue(r.out().contains("fix: start Azurite with everything else: bin/dispatchctl up"), r.out());
    }

    @Test
    void theRegistryIsAskedForTheImageWithAnAnonymousToken() throws IOException {
        HttpServer registry = fakeRegistry();
        String host = "127.0.0.1:" + registry.getAddress().getPort();
        Map<String, String> env = env(goodEmulator());

        CliResult found = doctor(env, "--image", host + "/team/app:1.0");
        assertEquals(0, found.exitCode(), found.out());
        assertTrue(found.out().contains("✔ The registry serves the image: " + host + " serves team/app:1.0 (sha256:abc)"),
                found.out());

        CliResult missing = doctor(env, "--image", host + "/team/app:2.0");
        assertEquals(List.of("✘ The registry serves the image: " + host + " has no team/app:2.0"), failed(missing));

        CliResult gone = doctor(env, "--image", "127.0.0.1:" + DispatchctlProcess.freePort() + "/team/app:1.0");
        assertTrue(failed(gone).get(0).contains("cannot reach http://127.0.0.1:"), gone.out());

        assertEquals(2, doctor(env, "--image", "Not An Image").exitCode());
    }

    @Test
    void missingOptionsAreAUsageError() {
        Map<String, String> env = env(goodEmulator());
        CliResult r = CliResult.run(env, "", "doctor", "--emulator", "--app", APP);
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--resource-group"), r.err());
        CliResult azure = CliResult.run(env, "", "doctor");
        assertEquals(2, azure.exitCode());
        assertTrue(azure.err().contains("--app and --resource-group: required"), azure.err());
    }

    /** A registry speaking the distribution API with token authentication: team/app:1.0 exists, nothing else. */
    private HttpServer fakeRegistry() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            int status;
            byte[] body = new byte[0];
            if (path.equals("/token")) {
                boolean scoped = exchange.getRequestURI().getQuery().contains("scope=repository:team/app:pull");
                status = scoped ? 200 : 400;
                body = "{\"token\":\"t0k\"}".getBytes(StandardCharsets.UTF_8);
            } else if (!"Bearer t0k".equals(auth)) {
                status = 401;
                exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"" + base + "/token\","
                        + "service=\"fake-registry\"");
            } else if (path.equals("/v2/team/app/manifests/1.0") && exchange.getRequestMethod().equals("HEAD")) {
                status = 200;
                exchange.getResponseHeaders().add("Docker-Content-Digest", "sha256:abc");
            } else {
                status = 404;
            }
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        started.add(() -> server.stop(0));
        return server;
    }
}
