package dev.acidispatch.emulator;

import dev.acidispatch.arm.ArmClientOptions;
import dev.acidispatch.arm.ArmConnection;
import dev.acidispatch.arm.AzureContainerGroups;
import dev.acidispatch.arm.ContainerGroups;
import dev.acidispatch.arm.GroupDeletion;
import dev.acidispatch.arm.GroupStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sandbox is honest about what a container gets: the job's environment and a minimal PATH/HOME/TMPDIR, not the
 * environment of the machine running the emulator, and a private directory that is gone once the process ends.
 */
class SandboxIsolationTest {
    private ArmEmulator emulator;

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    private ContainerGroups start() {
        emulator = ArmEmulator.builder().sandbox(true).start();
        return new AzureContainerGroups(ArmConnection.unauthenticated(emulator.subscriptionId(), emulator.endpoint()),
                ArmClientOptions.defaults());
    }

    private static String body(String group, String script) throws Exception {
        try (InputStream in = SandboxIsolationTest.class.getResourceAsStream("/arm-specs/job-template-body.json")) {
            String fixture = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String command = "[\"sh\", \"-c\", " + new com.fasterxml.jackson.databind.ObjectMapper()
                    .writeValueAsString(script) + "]";
            return fixture.replace("GROUP_NAME", group).replace("[\"python\", \"-m\", \"etl\"]", command);
        }
    }

    @Test
    void theProcessSeesOnlyTheJobsEnvironmentAndAPrivateHomeThatIsRemovedAfterwards() throws Exception {
        ContainerGroups arm = start();
        arm.beginDeployment("jobs-rg", "dep-env", body("job-env", "env | cut -d= -f1 | sort; echo home=$HOME; "
                + "echo tmp=$TMPDIR; echo path=$PATH; echo pwd=$(pwd); touch \"$TMPDIR/scratch\""));
        GroupStatus done = awaitTerminal(arm, "job-env");
        assertEquals(0, done.exitCode().orElseThrow());
        String logs = arm.logs("jobs-rg", "job-env", "job-job-env", 200);

        Set<String> names = logs.lines().filter(l -> l.matches("[A-Za-z_][A-Za-z0-9_]*"))
                .collect(Collectors.toCollection(TreeSet::new));
        names.remove("PWD"); // set by the shell itself
        names.remove("SHLVL");
        names.remove("_");
        // The job's own variables, the minimal PATH/HOME/TMPDIR, and the root under which the sandbox puts the
        // group's volumes (README: sandbox volumes), nothing of the host's.
        assertEquals(new TreeSet<>(Set.of("PATH", "HOME", "TMPDIR", "STAGE", "LITERAL", "SUFFIX", "DB_PASSWORD",
                "ACI_SANDBOX_ROOT")), names, logs);
        assertTrue(logs.contains("path=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"), logs);
        Path home = Path.of(value(logs, "home="));
        assertEquals(home, Path.of(value(logs, "pwd=")), "it runs in its HOME");
        assertTrue(Path.of(value(logs, "tmp=")).startsWith(home), "TMPDIR inside the private directory");
        assertTrue(home.getFileName().toString().startsWith("aci-sandbox-job-env-"), home.toString());
        assertFalse(Files.exists(home), "removed once the process ended: " + home);
        // The emulator's own environment always has something the job must not see.
        Arrays.stream(new String[]{"USER", "LANG", "JAVA_HOME", "MAVEN_OPTS", "LOGNAME"})
                .filter(System.getenv()::containsKey)
                .forEach(hostOnly -> assertFalse(names.contains(hostOnly), hostOnly + " leaked: " + logs));
    }

    @Test
    void deletingARunningGroupKillsItAndRemovesItsDirectory() throws Exception {
        ContainerGroups arm = start();
        arm.beginDeployment("jobs-rg", "dep-kill", body("job-kill", "echo home=$HOME; sleep 60"));
        String logs = "";
        for (int i = 0; i < 100 && !logs.contains("home="); i++) {
            Thread.sleep(50);
            logs = arm.logs("jobs-rg", "job-kill", "job-job-kill", 10);
        }
        Path home = Path.of(value(logs, "home="));
        assertTrue(Files.isDirectory(home), home.toString());
        assertNotEquals(GroupDeletion.ALREADY_GONE, arm.deleteGroup("jobs-rg", "job-kill"));
        assertFalse(Files.exists(home), "removed with the group: " + home);
    }

    private static String value(String logs, String prefix) {
        return logs.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError(
                "no " + prefix + " in " + logs)).substring(prefix.length());
    }

    private static GroupStatus awaitTerminal(ContainerGroups arm, String group) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            GroupStatus status = arm.getGroup("jobs-rg", group).orElseThrow();
            if (status.isTerminal()) {
                return status;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("group " + group + " did not terminate");
    }
}
