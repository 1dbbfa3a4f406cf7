package dev.acidispatch.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acidispatch.config.InvalidSettingsException;
import dev.acidispatch.config.Settings;
import dev.acidispatch.job.JobValidator;
import dev.acidispatch.job.ResolvedJob;
import dev.acidispatch.job.TestJobs;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The group's diagnostics.logAnalytics as containerInstance.json (2023-05-01) defines it, the key a secure parameter. */
class LogAnalyticsDiagnosticsTest {
    private static final String WORKSPACE = "0f6c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b";
    private static final String KEY = "[looks-like-an-expression]==";

    private static ResolvedJob job() {
        return new JobValidator(TestJobs.DEFAULTS, Set.of("default"))
                .resolve("{\"jobId\": \"la-1\", \"image\": \"busybox\"}");
    }

    private static JsonNode render(Optional<LogAnalyticsDiagnostics> workspace) throws Exception {
        RenderedDeployment rendered = new TemplateRenderer(TemplateCatalog.load(Optional.empty()), workspace)
                .render(job());
        return new ObjectMapper().readTree(rendered.body());
    }

    @Test
    void theGroupSendsItsLogsToTheWorkspaceWithTheKeyAsATopLevelSecureParameter() throws Exception {
        JsonNode body = render(Optional.of(new LogAnalyticsDiagnostics(WORKSPACE, KEY)));
        JsonNode logAnalytics = body.at("/properties/template/resources/0/properties/diagnostics/logAnalytics");
        assertEquals(WORKSPACE, logAnalytics.path("workspaceId").asText());
        assertEquals("[parameters('logAnalyticsWorkspaceKey')]", logAnalytics.path("workspaceKey").asText());
        assertEquals("ContainerInstanceLogs", logAnalytics.path("logType").asText());
        Set<String> fields = new java.util.TreeSet<>();
        logAnalytics.fieldNames().forEachRemaining(fields::add);
        assertEquals(Set.of("logType", "workspaceId", "workspaceKey"), fields);
        assertEquals("secureString", body.at("/properties/template/parameters/logAnalyticsWorkspaceKey/type").asText());
        assertEquals(KEY, body.at("/properties/parameters/logAnalyticsWorkspaceKey/value").asText(),
                "a top-level string parameter value is passed verbatim (Azure/bicep#9173)");
        assertFalse(body.at("/properties/template").toString().contains(KEY), "the key is not in the template text");
    }

    @Test
    void withoutAWorkspaceThereAreNoDiagnostics() throws Exception {
        JsonNode body = render(Optional.empty());
        assertTrue(body.at("/properties/template/resources/0/properties/diagnostics").isMissingNode());
    }

    @Test
    void theRenderPreviewMasksTheKey() {
        RenderedDeployment rendered = new TemplateRenderer(TemplateCatalog.load(Optional.empty()),
                Optional.of(new LogAnalyticsDiagnostics(WORKSPACE, KEY))).render(job());
        assertFalse(rendered.preview(false).contains(KEY));
        assertTrue(rendered.preview(true).contains(KEY));
        assertFalse(new LogAnalyticsDiagnostics(WORKSPACE, KEY).toString().contains(KEY));
    }

    @Test
    void settingsTakeBothOrNeitherAndNameTheMissingOneWithoutEchoingTheKey() {
        assertEquals(Optional.empty(), Settings.from(Map.of()).logAnalytics());
        assertEquals(WORKSPACE, Settings.from(Map.of(Settings.Names.LOG_ANALYTICS_WORKSPACE_ID, WORKSPACE,
                Settings.Names.LOG_ANALYTICS_WORKSPACE_KEY, KEY)).logAnalytics().orElseThrow().workspaceId());
        InvalidSettingsException onlyKey = assertThrows(InvalidSettingsException.class, () -> Settings.from(
                Map.of(Settings.Names.LOG_ANALYTICS_WORKSPACE_KEY, KEY)));
        assertTrue(onlyKey.getMessage().contains(Settings.Names.LOG_ANALYTICS_WORKSPACE_ID), onlyKey.getMessage());
        assertFalse(onlyKey.getMessage().contains(KEY));
        InvalidSettingsException notAGuid = assertThrows(InvalidSettingsException.class, () -> Settings.from(
                Map.of(Settings.Names.LOG_ANALYTICS_WORKSPACE_ID, "/subscriptions/x/workspaces/w",
                        Settings.Names.LOG_ANALYTICS_WORKSPACE_KEY, KEY)));
        assertTrue(notAGuid.getMessage().contains("customerId"), notAGuid.getMessage());
        assertFalse(notAGuid.getMessage().contains(KEY));
    }
}
