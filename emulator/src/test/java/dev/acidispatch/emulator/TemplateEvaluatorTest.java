package dev.acidispatch.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TemplateEvaluatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TemplateEvaluator.Scope SCOPE = new TemplateEvaluator.Scope("sub", "jobs-rg", "westeurope",
            "dep");

    private static TemplateEvaluator evaluator(String template, String parameters) throws IOException {
        return new TemplateEvaluator(JSON.readTree(template), JSON.readTree(parameters), SCOPE);
    }

    private static final String TEMPLATE = """
            {"parameters": {
               "name": {"type": "string"},
               "env": {"type": "object"},
               "list": {"type": "array", "defaultValue": ["a", "b"]},
               "region": {"type": "string", "defaultValue": "[resourceGroup().location]"}},
             "variables": {"prefix": "[concat('job-', parameters('name'))]", "again": "[variables('prefix')]"}}
            """;

    private TemplateEvaluator standard() throws IOException {
        return evaluator(TEMPLATE, """
                {"name": {"value": "etl"}, "env": {"value": {"STAGE": "prod", "it's": "quoted"}}}""");
    }

    @Test
    void evaluatesParametersVariablesAndPropertyAccess() throws IOException {
        TemplateEvaluator e = standard();
        assertEquals("etl", e.evaluateString("[parameters('name')]").asText());
        assertEquals("prod", e.evaluateString("[parameters('env').STAGE]").asText());
        assertEquals("prod", e.evaluateString("[parameters('env')['STAGE']]").asText());
        assertEquals("quoted", e.evaluateString("[parameters('env')['it''s']]").asText());
        assertEquals("b", e.evaluateString("[parameters('list')[1]]").asText());
        assertEquals("job-etl", e.evaluateString("[variables('again')]").asText());
        assertEquals("westeurope", e.evaluateString("[parameters('region')]").asText());
        assertEquals("jobs-rg", e.evaluateString("[resourceGroup().name]").asText());
        assertEquals("/subscriptions/sub/resourceGroups/jobs-rg", e.evaluateString("[resourceGroup().id]").asText());
    }

    @Test
    void doubleBracketIsALiteralAndPlainStringsStayAsTheyAre() throws IOException {
        TemplateEvaluator e = standard();
        assertEquals("[not an expression]", e.evaluateString("[[not an expression]").asText());
        // Not ending in "]": never an expression, so no escape is undone (ARM deploys these as written).
        assertEquals("[[[x", e.evaluateString("[[[x").asText());
        assertEquals("[[x", e.evaluateString("[[x").asText());
        assertEquals("[abc", e.evaluateString("[abc").asText());
        assertEquals("plain [text]", e.evaluateString("plain [text]").asText());
    }

    @Test
    void evaluatesRecursivelyKeepingTypes() throws IOException {
        JsonNode result = standard().evaluate(JSON.readTree("""
                {"a": ["[parameters('list')]", 1.5, true], "b": {"c": "[parameters('env')]"}}"""));
        assertTrue(result.path("a").get(0).isArray());
        assertEquals(1.5, result.path("a").get(1).asDouble());
        assertEquals("prod", result.path("b").path("c").path("STAGE").asText());
    }

    @Test
    void uniqueStringIsDeterministicThirteenCharacters() throws IOException {
        TemplateEvaluator e = standard();
        String one = e.evaluateString("[uniqueString(resourceGroup().id, 'x')]").asText();
        assertEquals(one, e.evaluateString("[uniqueString(resourceGroup().id, 'x')]").asText());
        assertNotEquals(one, e.evaluateString("[uniqueString(resourceGroup().id, 'y')]").asText());
        assertTrue(one.matches("[a-z2-7]{13}"), one);
    }

    @Test
    void concatJoinsStringsOrArrays() throws IOException {
        TemplateEvaluator e = standard();
        assertEquals("a-1-etl", e.evaluateString("[concat('a-', string(1), '-', parameters('name'))]").asText());
        assertEquals(4, e.evaluateString("[concat(parameters('list'), parameters('list'))]").size());
    }

    @Test
    void errorsAreInvalidTemplateNamingTheProblem() throws IOException {
        TemplateEvaluator e = standard();
        TemplateException missingProperty = assertThrows(TemplateException.class,
                () -> e.evaluateString("[parameters('env').NOPE]"));
        assertEquals("InvalidTemplate", missingProperty.code());
        assertTrue(missingProperty.getMessage().contains("'NOPE' doesn't exist"), missingProperty.getMessage());
        assertTrue(assertThrows(TemplateException.class, () -> e.evaluateString("[reference('x')]")).getMessage()
                .contains("'reference' is not valid"));
        assertTrue(assertThrows(TemplateException.class, () -> e.evaluateString("[parameters('nope')]"))
                .getMessage().contains("'nope' is not found"));
        assertThrows(TemplateException.class, () -> e.evaluateString("[concat('a']"));
    }

    @Test
    void missingOrUndeclaredParametersAreRejected() {
        TemplateException missing = assertThrows(TemplateException.class, () -> evaluator(TEMPLATE,
                "{\"env\": {\"value\": {}}}"));
        assertTrue(missing.getMessage().contains("'name' is not provided"), missing.getMessage());
        TemplateException undeclared = assertThrows(TemplateException.class, () -> evaluator(TEMPLATE,
                "{\"name\": {\"value\": \"x\"}, \"env\": {\"value\": {}}, \"typo\": {\"value\": 1}}"));
        assertTrue(undeclared.getMessage().contains("'typo'"), undeclared.getMessage());
    }

    @Test
    void circularVariablesAreReported() throws IOException {
        TemplateEvaluator e = evaluator("{\"variables\": {\"a\": \"[variables('b')]\", \"b\": \"[variables('a')]\"}}",
                "{}");
        assertTrue(assertThrows(TemplateException.class, () -> e.evaluateString("[variables('a')]")).getMessage()
                .contains("circular"));
    }

    private static final String SECRETS_TEMPLATE = """
            {"parameters": {
               "secret": {"type": "secureString"},
               "secrets": {"type": "secureObject", "defaultValue": {}},
               "list": {"type": "array", "defaultValue": []}}}
            """;

    private static TemplateEvaluator withSecrets(String secret, String secretsObject, String list) throws IOException {
        return evaluator(SECRETS_TEMPLATE, "{\"secret\": {\"value\": " + JSON.writeValueAsString(secret) + "}, "
                + "\"secrets\": {\"value\": " + secretsObject + "}, \"list\": {\"value\": " + list + "}}");
    }

    @Test
    void topLevelStringParameterValuesAreNeverEvaluated() throws IOException {
        // Azure/bicep#9173: only strings nested in object/array parameter values are read as expressions.
        for (String value : List.of("[x]", "[reference('x')]", "[\"a\",\"b\"]", "[[y]", "[subscription().id]")) {
            TemplateEvaluator e = withSecrets(value, "{}", "[]");
            assertEquals(value, e.evaluateString("[parameters('secret')]").asText());
        }
    }

    @Test
    void expressionShapedStringsNestedInObjectOrArrayParametersFailTheDeployment() {
        for (String value : List.of("[x]", "[reference('x')]", "[\"a\",\"b\"]")) {
            String nested = JSON.createObjectNode().put("DB_PASSWORD", value).toString();
            TemplateException inObject = assertThrows(TemplateException.class,
                    () -> withSecrets("plain", nested, "[]"), value);
            assertEquals("InvalidTemplate", inObject.code());
            TemplateException inArray = assertThrows(TemplateException.class,
                    () -> withSecrets("plain", "{}", JSON.createArrayNode().add("ok").add(value).toString()), value);
            assertEquals("InvalidTemplate", inArray.code());
        }
    }

    @Test
    void nestedParameterStringsAreEvaluatedAndDoubledBracketsEscaped() throws IOException {
        TemplateEvaluator e = withSecrets("plain", """
                {"id": "[subscription().subscriptionId]", "escaped": "[[y]", "plain": "a [b] c",
                 "deep": {"list": ["[resourceGroup().name]"]}}""", "[\"[concat('a', 'b')]\"]");
        JsonNode secrets = e.evaluateString("[parameters('secrets')]");
        assertEquals("sub", secrets.path("id").asText(), "evaluated, as ARM does for nested values");
        assertEquals("[y]", secrets.path("escaped").asText());
        assertEquals("a [b] c", secrets.path("plain").asText());
        assertEquals("jobs-rg", secrets.at("/deep/list/0").asText());
        assertEquals("jobs-rg", e.evaluateString("[parameters('secrets').deep.list[0]]").asText());
        assertEquals("ab", e.evaluateString("[parameters('list')[0]]").asText());
    }

    @Test
    void aNestedValueReferringToItsOwnParameterIsCircular() {
        TemplateException e = assertThrows(TemplateException.class,
                () -> withSecrets("plain", "{\"me\": \"[parameters('secrets')]\"}", "[]"));
        assertTrue(e.getMessage().contains("circular"), e.getMessage());
    }

    @Test
    void keyVaultReferencesResolveThroughTheVaultAndAnUnknownSecretFailsAsArmDoes() throws IOException {
        FakeKeyVault vault = new FakeKeyVault();
        vault.put("/subscriptions/s/resourceGroups/kv/providers/Microsoft.KeyVault/vaults/v", "db", null, "[x] y");
        String template = "{\"parameters\": {\"p\": {\"type\": \"secureString\"}}}";
        TemplateEvaluator e = new TemplateEvaluator(JSON.readTree(template), JSON.readTree("{\"p\": {\"reference\": "
                + "{\"keyVault\": {\"id\": \"/SUBSCRIPTIONS/s/resourceGroups/kv/providers/Microsoft.KeyVault/vaults/v\"}, "
                + "\"secretName\": \"db\"}}}"), SCOPE, vault);
        assertEquals("[x] y", e.evaluateString("[parameters('p')]").asText(), "taken verbatim, ids without case");
        assertEquals("W3hdIHk=", e.evaluateString("[base64(parameters('p'))]").asText());

        TemplateException missing = assertThrows(TemplateException.class, () -> new TemplateEvaluator(
                JSON.readTree(template), JSON.readTree("{\"p\": {\"reference\": {\"keyVault\": {\"id\": \"/v2\"}, "
                + "\"secretName\": \"db\"}}}"), SCOPE, vault));
        assertEquals("KeyVaultParameterReferenceSecretRetrieveFailed", missing.code());
        assertTrue(missing.getMessage().contains("The secret of KeyVault parameter 'p' cannot be retrieved"),
                missing.getMessage());
    }
}
