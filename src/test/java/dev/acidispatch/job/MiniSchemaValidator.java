package dev.acidispatch.job;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An independent, minimal JSON Schema (2020-12) evaluator for exactly the keywords job-message.v1.json uses. It lets
 * the agreement test run the published schema without a schema library; it fails loudly on any keyword it does not
 * know, so the schema cannot silently grow beyond what is checked.
 */
final class MiniSchemaValidator {
    private static final Set<String> KNOWN = Set.of("$schema", "$id", "title", "description", "type", "properties",
            "required", "additionalProperties", "propertyNames", "maxProperties", "minItems", "maxItems", "items",
            "uniqueItems", "minLength", "maxLength", "pattern", "enum", "const", "minimum", "maximum",
            "exclusiveMinimum", "multipleOf", "oneOf", "anyOf", "allOf", "not", "if", "then", "dependentRequired",
            "format", "deprecated", "$defs", "$ref", "minProperties", "else");
    private static final Pattern IPV4 = Pattern.compile("^(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}$");

    private MiniSchemaValidator() {
    }

    /** The schema a validation started from, for local {@code $ref}s ("#/$defs/name"). */
    private static final ThreadLocal<JsonNode> ROOT = new ThreadLocal<>();

    /** Paths of failing instance locations (empty = valid). */
    static List<String> validate(JsonNode schema, JsonNode instance) {
        List<String> failures = new ArrayList<>();
        ROOT.set(schema);
        try {
            check(schema, instance, "$", failures);
        } finally {
            ROOT.remove();
        }
        return failures;
    }

    private static boolean valid(JsonNode schema, JsonNode instance) {
        List<String> failures = new ArrayList<>();
        check(schema, instance, "$", failures);
        return failures.isEmpty();
    }

    private static void check(JsonNode schema, JsonNode value, String path, List<String> out) {
        for (Iterator<String> it = schema.fieldNames(); it.hasNext(); ) {
            String keyword = it.next();
            if (!KNOWN.contains(keyword)) {
                throw new IllegalStateException("MiniSchemaValidator does not implement '" + keyword + "'");
            }
        }
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            if (!ref.startsWith("#/")) {
                throw new IllegalStateException("MiniSchemaValidator resolves local references only, got " + ref);
            }
            JsonNode target = ROOT.get().at(ref.substring(1));
            if (target.isMissingNode()) {
                throw new IllegalStateException("unresolved $ref " + ref);
            }
            check(target, value, path, out);
        }
        if (schema.has("type") && !hasType(value, schema.get("type").asText())) {
            out.add(path + " type");
            return;
        }
        if (schema.has("enum") && !contains(schema.get("enum"), value)) {
            out.add(path + " enum");
        }
        if (schema.has("const") && !schema.get("const").equals(value)) {
            out.add(path + " const");
        }
        if (value.isTextual()) {
            String text = value.asText();
            int length = text.codePointCount(0, text.length());
            if (schema.has("minLength") && length < schema.get("minLength").asInt()) {
                out.add(path + " minLength");
            }
            if (schema.has("maxLength") && length > schema.get("maxLength").asInt()) {
                out.add(path + " maxLength");
            }
            if (schema.has("pattern") && !Pattern.compile(schema.get("pattern").asText()).matcher(text).find()) {
                out.add(path + " pattern");
            }
            if (schema.has("format") && !format(schema.get("format").asText(), text)) {
                out.add(path + " format");
            }
        }
        if (value.isNumber()) {
            BigDecimal number = value.decimalValue();
            if (schema.has("minimum") && number.compareTo(schema.get("minimum").decimalValue()) < 0) {
                out.add(path + " minimum");
            }
            if (schema.has("maximum") && number.compareTo(schema.get("maximum").decimalValue()) > 0) {
                out.add(path + " maximum");
            }
            if (schema.has("exclusiveMinimum") && number.compareTo(schema.get("exclusiveMinimum").decimalValue()) <= 0) {
                out.add(path + " exclusiveMinimum");
            }
            if (schema.has("multipleOf")
                    && number.remainder(new BigDecimal(schema.get("multipleOf").asText())).signum() != 0) {
                out.add(path + " multipleOf");
            }
        }
        if (value.isArray()) {
            if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
                out.add(path + " minItems");
            }
            if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
                out.add(path + " maxItems");
            }
            if (schema.path("uniqueItems").asBoolean(false)) {
                Set<JsonNode> seen = new HashSet<>();
                value.forEach(item -> {
                    if (!seen.add(item)) {
                        out.add(path + " uniqueItems");
                    }
                });
            }
            if (schema.has("items")) {
                for (int i = 0; i < value.size(); i++) {
                    check(schema.get("items"), value.get(i), path + "[" + i + "]", out);
                }
            }
        }
        if (value.isObject()) {
            JsonNode properties = schema.path("properties");
            if (schema.has("required")) {
                schema.get("required").forEach(r -> {
                    if (!value.has(r.asText())) {
                        out.add(path + "." + r.asText() + " required");
                    }
                });
            }
            if (schema.has("maxProperties") && value.size() > schema.get("maxProperties").asInt()) {
                out.add(path + " maxProperties");
            }
            if (schema.has("minProperties") && value.size() < schema.get("minProperties").asInt()) {
                out.add(path + " minProperties");
            }
            if (schema.has("dependentRequired")) {
                schema.get("dependentRequired").fields().forEachRemaining(e -> {
                    if (value.has(e.getKey())) {
                        e.getValue().forEach(r -> {
                            if (!value.has(r.asText())) {
                                out.add(path + "." + e.getKey() + " dependentRequired");
                            }
                        });
                    }
                });
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String child = path + "." + field.getKey();
                if (schema.has("propertyNames")) {
                    check(schema.get("propertyNames"), com.fasterxml.jackson.databind.node.TextNode.valueOf(field.getKey()),
                            child + " (name)", out);
                }
                if (properties.has(field.getKey())) {
                    check(properties.get(field.getKey()), field.getValue(), child, out);
                } else if (schema.has("additionalProperties")) {
                    JsonNode additional = schema.get("additionalProperties");
                    if (additional.isBoolean()) {
                        if (!additional.asBoolean()) {
                            out.add(child + " additionalProperties");
                        }
                    } else {
                        check(additional, field.getValue(), child, out);
                    }
                }
            }
        }
        if (schema.has("allOf")) {
            schema.get("allOf").forEach(s -> check(s, value, path, out));
        }
        if (schema.has("anyOf")) {
            boolean any = false;
            for (JsonNode s : schema.get("anyOf")) {
                any |= valid(s, value);
            }
            if (!any) {
                out.add(path + " anyOf");
            }
        }
        if (schema.has("oneOf")) {
            int matches = 0;
            for (JsonNode s : schema.get("oneOf")) {
                matches += valid(s, value) ? 1 : 0;
            }
            if (matches != 1) {
                out.add(path + " oneOf");
            }
        }
        if (schema.has("not") && valid(schema.get("not"), value)) {
            out.add(path + " not");
        }
        if (schema.has("if")) {
            boolean condition = valid(schema.get("if"), value);
            if (condition && schema.has("then")) {
                check(schema.get("then"), value, path, out);
            } else if (!condition && schema.has("else")) {
                check(schema.get("else"), value, path, out);
            }
        }
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "number" -> value.isNumber();
            case "integer" -> value.isIntegralNumber();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            default -> throw new IllegalStateException("unknown type " + type);
        };
    }

    private static boolean contains(JsonNode array, JsonNode value) {
        for (JsonNode item : array) {
            if (item.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static boolean format(String format, String text) {
        return switch (format) {
            case "ipv4" -> IPV4.matcher(text).matches();
            case "ipv6" -> text.contains(":") && text.matches("^[0-9A-Fa-f:.]+$") && ipv6(text);
            default -> throw new IllegalStateException("unknown format " + format);
        };
    }

    /** RFC 4291 text form: eight groups, or fewer with exactly one "::", optional trailing IPv4. */
    private static boolean ipv6(String text) {
        String body = text;
        int groups = 0;
        int lastColon = text.lastIndexOf(':');
        if (text.substring(lastColon + 1).contains(".")) {
            if (!IPV4.matcher(text.substring(lastColon + 1)).matches()) {
                return false;
            }
            body = text.substring(0, lastColon + 1) + "0";
            groups = 1;
        }
        int doubleColon = body.indexOf("::");
        if (doubleColon != body.lastIndexOf("::")) {
            return false;
        }
        String[] parts = body.split(":", -1);
        int nonEmpty = 0;
        for (String part : parts) {
            if (part.isEmpty()) {
                if (doubleColon < 0) {
                    return false;
                }
                continue;
            }
            if (part.length() > 4) {
                return false;
            }
            nonEmpty++;
        }
        int total = nonEmpty + groups; // an IPv4 tail counts as two groups: its "0" stand-in plus one
        return doubleColon >= 0 ? total < 8 : total == 8;
    }
}
