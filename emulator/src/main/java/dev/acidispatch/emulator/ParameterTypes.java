package dev.acidispatch.emulator;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * ARM's check of supplied parameter values against their declared {@code type}, made before the template is
 * evaluated; a mismatch fails validation with ARM's wording, e.g. "Template parameter JToken type is not valid.
 * Expected 'Integer'. Actual 'String'." (quoted in microsoft/vscode-azurearmtools' validation tests). Values are not
 * converted: a number sent as a string is refused.
 */
final class ParameterTypes {
    private ParameterTypes() {
    }

    /** @throws TemplateException {@code InvalidTemplate} for the first supplied value of the wrong type */
    static void check(JsonNode template, JsonNode given) {
        if (given == null || !given.isObject()) {
            return;
        }
        JsonNode declared = template.path("parameters");
        for (Iterator<Map.Entry<String, JsonNode>> it = given.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> supplied = it.next();
            JsonNode definition = findIgnoreCase(declared, supplied.getKey());
            if (definition == null || !supplied.getValue().has("value")) {
                continue; // undeclared parameters and references are the evaluator's to report
            }
            String type = definition.path("type").asText("").toLowerCase(Locale.ROOT);
            JsonNode value = supplied.getValue().get("value");
            String expected = switch (type) {
                case "string", "securestring" -> value.isTextual() ? null : "String, Uri";
                case "int" -> value.isIntegralNumber() ? null : "Integer";
                case "bool" -> value.isBoolean() ? null : "Boolean";
                case "object", "secureobject" -> value.isObject() ? null : "Object";
                case "array" -> value.isArray() ? null : "Array";
                default -> null;
            };
            if (expected != null) {
                throw new TemplateException("InvalidTemplate", "Deployment template validation failed: 'Template "
                        + "parameter JToken type is not valid. Expected '" + expected + "'. Actual '" + actual(value)
                        + "'. Please see https://aka.ms/arm-create-parameter-file for usage details.'.");
            }
        }
    }

    private static String actual(JsonNode value) {
        if (value.isTextual()) {
            return "String";
        }
        if (value.isIntegralNumber()) {
            return "Integer";
        }
        if (value.isNumber()) {
            return "Float";
        }
        if (value.isBoolean()) {
            return "Boolean";
        }
        if (value.isObject()) {
            return "Object";
        }
        if (value.isArray()) {
            return "Array";
        }
        return "Null";
    }

    private static JsonNode findIgnoreCase(JsonNode object, String name) {
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (field.equalsIgnoreCase(name)) {
                return object.get(field);
            }
        }
        return null;
    }
}
