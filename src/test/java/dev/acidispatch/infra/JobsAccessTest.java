package dev.acidispatch.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Least privilege: storage data roles on the storage account, a narrow custom role on the jobs group, never Contributor/Owner. */
class JobsAccessTest {
    private static final String BLOB_DATA_OWNER = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private static final String QUEUE_DATA_CONTRIBUTOR = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private static final String TABLE_DATA_CONTRIBUTOR = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private static final String BLOB_DATA_CONTRIBUTOR = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";

    private final JsonNode template = TemplateRules.read("infra/main.json");

    @Test
    void templateFollowsTheAccessRules() {
        assertEquals(List.of(), TemplateRules.accessViolations(template));
    }

    @ParameterizedTest
    @EnumSource(TemplateRules.Plan.class)
    void grantsExactlyTheStorageDataRolesThePlanNeedsAndOneJobsGroupAssignment(TemplateRules.Plan plan) {
        List<TemplateRules.Located> assignments = TemplateRules.resourcesFor(template, plan).stream()
                .filter(r -> r.type().equals(TemplateRules.ROLE_ASSIGNMENTS)).toList();
        Set<String> storageRoles = assignments.stream().filter(a -> a.enclosingDeployment() == null)
                .flatMap(a -> TemplateRules.guidsIn(TemplateRules.resolveVariables(a.template(),
                        a.resource().path("properties").path("roleDefinitionId").asText())).stream())
                .collect(Collectors.toSet());
        Set<String> expected = new HashSet<>(Set.of(BLOB_DATA_OWNER, QUEUE_DATA_CONTRIBUTOR, TABLE_DATA_CONTRIBUTOR));
        if (plan == TemplateRules.Plan.FLEX_CONSUMPTION) {
            expected.add(BLOB_DATA_CONTRIBUTOR); // what the Maven plugin requires on the deployment account
        }
        assertEquals(expected, storageRoles);

        List<TemplateRules.Located> jobs = assignments.stream().filter(a -> a.enclosingDeployment() != null).toList();
        assertEquals(1, jobs.size(), "one assignment in the jobs group");
        assertEquals(TemplateRules.JOBS_GROUP_EXPRESSION, jobs.get(0).enclosingDeployment().path("resourceGroup").asText());
        assertEquals(1, byType(template, TemplateRules.ROLE_DEFINITIONS).size(), "one custom role");
    }

    @Test
    void contributorInTheJobsGroupIsRejected() {
        ObjectNode copy = template.deepCopy();
        ObjectNode properties = (ObjectNode) jobsAssignment(copy).path("properties");
        properties.put("roleDefinitionId",
                "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'b24988ac-6180-42a0-ab88-20f7382dd24c')]");

        List<String> problems = TemplateRules.accessViolations(copy);

        assertTrue(problems.stream().anyMatch(p -> p.contains("Contributor/Owner")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.contains("must use the custom role")), problems::toString);
    }

    @Test
    void jobsRoleAssignmentOutsideTheJobsGroupIsRejected() {
        ObjectNode copy = template.deepCopy();
        TemplateRules.Located assignment = byType(copy, TemplateRules.ROLE_ASSIGNMENTS).stream()
                .filter(a -> a.enclosingDeployment() != null).findFirst().orElseThrow();
        ((ObjectNode) assignment.enclosingDeployment()).put("resourceGroup", "[resourceGroup().name]");

        List<String> problems = TemplateRules.accessViolations(copy);

        assertTrue(problems.stream().anyMatch(p -> p.contains("must be in a deployment with resourceGroup")), problems::toString);
    }

    @Test
    void widerCustomRoleIsRejected() {
        ObjectNode copy = template.deepCopy();
        JsonNode role = byType(copy, TemplateRules.ROLE_DEFINITIONS).get(0).resource();
        ((ArrayNode) role.path("properties").path("permissions").get(0).path("actions")).add("Microsoft.Resources/*");
        ((ArrayNode) role.path("properties").path("assignableScopes")).set(0, TextNode.valueOf("[subscription().id]"));

        List<String> problems = TemplateRules.accessViolations(copy);

        assertEquals(2, problems.size(), problems::toString);
        assertTrue(problems.get(0).contains("actions must be exactly"), problems::toString);
        assertTrue(problems.get(1).contains("assignableScopes"), problems::toString);
    }

    @Test
    void storageRoleAtResourceGroupScopeIsRejected() {
        ObjectNode copy = template.deepCopy();
        TemplateRules.Located storageAssignment = byType(copy, TemplateRules.ROLE_ASSIGNMENTS).stream()
                .filter(a -> a.enclosingDeployment() == null).findFirst().orElseThrow();
        ((ObjectNode) storageAssignment.resource()).remove("scope");

        List<String> problems = TemplateRules.accessViolations(copy);

        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).contains("must be scoped to the storage account"), problems::toString);
    }

    private static List<TemplateRules.Located> byType(JsonNode template, String type) {
        return TemplateRules.allResources(template).stream().filter(r -> r.type().equals(type)).toList();
    }

    private static JsonNode jobsAssignment(JsonNode template) {
        return byType(template, TemplateRules.ROLE_ASSIGNMENTS).stream()
                .filter(a -> a.enclosingDeployment() != null).findFirst().orElseThrow().resource();
    }
}
