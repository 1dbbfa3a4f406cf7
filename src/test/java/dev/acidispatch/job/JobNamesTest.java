package dev.acidispatch.job;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobNamesTest {
    /** ACI: 1–63 lowercase letters, digits and single hyphens, no leading or trailing hyphen. */
    private static final Pattern ACI_GROUP = Pattern.compile("^[a-z0-9]+(-[a-z0-9]+)*$");
    private static final Pattern ARM_DEPLOYMENT = Pattern.compile("^[-\\w.()]{1,64}$");

    @ParameterizedTest
    @ValueSource(strings = {"a", "0", "nightly-etl-20261123", "job-20261123-abc12345", "a--b", "a---------b",
            "0123456789012345678901234567890123456789", "a-------------------------------------z",
            "z--------------------------------------9"})
    void namesSatisfyAciAndArmRules(String jobId) {
        String group = JobNames.containerGroupName(jobId);
        assertTrue(group.length() <= JobNames.MAX_CONTAINER_GROUP_NAME_LENGTH, group);
        assertTrue(ACI_GROUP.matcher(group).matches(), group);
        String deployment = JobNames.deploymentName(jobId);
        assertTrue(deployment.length() <= JobNames.MAX_DEPLOYMENT_NAME_LENGTH, deployment);
        assertTrue(ARM_DEPLOYMENT.matcher(deployment).matches(), deployment);
        assertEquals(group, JobNames.containerGroupName(jobId), "deterministic");
    }

    @Test
    void plainIdsKeepTheirSpelling() {
        assertEquals("acid-nightly-etl-20261123", JobNames.containerGroupName("nightly-etl-20261123"));
        assertEquals("acid-nightly-etl-20261123", JobNames.deploymentName("nightly-etl-20261123"));
        assertEquals(45, JobNames.containerGroupName("0123456789012345678901234567890123456789").length());
    }

    @Test
    void idsWithHyphenRunsMapWithoutCollisions() {
        List<String> ids = List.of("a-b", "a--b", "a---b", "a--b--c", "a-b--c", "a--b-c", "a-b-c");
        Set<String> names = new HashSet<>();
        ids.forEach(id -> names.add(JobNames.containerGroupName(id)));
        assertEquals(ids.size(), names.size(), names::toString);
        assertTrue(JobNames.containerGroupName("a--b").startsWith("acidh-a-b-"));
        String plainLookalike = "a-b-" + JobNames.containerGroupName("a--b").substring("acidh-a-b-".length());
        assertNotEquals(JobNames.containerGroupName("a--b"), JobNames.containerGroupName(plainLookalike));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-a", "A", "01234567890123456789012345678901234567890"})
    void invalidIdsAreRefused(String jobId) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JobNames.containerGroupName(jobId));
        assertTrue(e.getMessage().contains("jobId"), e.getMessage());
    }
}
