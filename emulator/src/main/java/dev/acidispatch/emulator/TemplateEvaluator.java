package dev.acidispatch.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Evaluates the subset of ARM template language expressions our templates use: {@code [parameters('x')]},
 * {@code [variables('x')]}, property access ({@code .KEY}, {@code ['KEY']}, {@code [0]}),
 * {@code resourceGroup()}, {@code subscription()}, {@code deployment()}, {@code uniqueString(...)},
 * {@code concat(...)}, {@code format}, {@code base64}, {@code toLower}, {@code toUpper}, {@code string}, {@code if},
 * {@code equals}, {@code not}, {@code empty}, {@code length}, {@code createArray}, {@code true()}, {@code false()}.
 * A string {@code [[...]} is the literal {@code [...]}; strings not ending in {@code ]} are never expressions.
 * Anything else fails the way ARM does, with code InvalidTemplate, so template bugs surface in tests rather than in
 * Azure.
 *
 * <p>Parameter values follow ARM's asymmetric rule: a top-level string value is taken verbatim, even when it looks
 * like {@code [x]}, but strings nested anywhere inside an object or array value are read as template expressions
 * (Azure/bicep#9173: a nested "[insert-string-here]" fails deployment validation while the same top-level string
 * does not; Azure/bicep#18658: a nested "[subscription().id]" is deployed as the evaluated id). The emulator
 * evaluates them when the deployment is submitted (#9173 fails at validation, before anything deploys), whether or
 * not anything reads the parameter, so a nested {@code [x]} or {@code ["a","b"]} fails the deployment.
 * {@code [[} is modelled as the escape, as in template text; #9173 reports that doubling may not round-trip for
 * nested values, one more reason never to send data there. Object keys are left alone (not modelled).
 *
 * <p>A parameter value may be ARM's Key Vault reference ({@code {"reference": {"keyVault": {"id"}, "secretName",
 * "secretVersion"?}}}, "Use Azure Key Vault to pass secure parameter value during deployment", ARM docs): it is
 * resolved through a {@link KeyVaultResolver} (the emulator's fake vault), taken verbatim like any top-level string,
 * and a secret that cannot be read fails with {@code KeyVaultParameterReferenceSecretRetrieveFailed}, the code ARM
 * answers with (MicrosoftDocs/azure-docs#33341, Azure/bicep#6859).
 *
 * <p>{@code uniqueString} is deterministic (13 lowercase base-32 characters) but does not reproduce ARM's hash.
 * {@code base64} encodes a string's UTF-8 bytes.
 */
public final class TemplateEvaluator {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Reads a Key Vault secret for a parameter reference; empty when the vault or secret is unknown. */
    @FunctionalInterface
    public interface KeyVaultResolver {
        /** @param version a secret version, or null for the current one */
        Optional<String> secret(String vaultId, String secretName, String version);

        /** Knows no vault: every reference fails. */
        static KeyVaultResolver none() {
            return (vaultId, secretName, version) -> Optional.empty();
        }
    }

    /** What {@code resourceGroup()}, {@code subscription()} and {@code deployment()} return. */
    public record Scope(String subscriptionId, String resourceGroup, String location, String deploymentName) {
        public Scope {
            Objects.requireNonNull(subscriptionId, "subscriptionId");
            Objects.requireNonNull(resourceGroup, "resourceGroup");
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(deploymentName, "deploymentName");
        }
    }

    private final Scope scope;
    private final Map<String, JsonNode> parameters = new LinkedHashMap<>();
    private final Map<String, JsonNode> rawVariables = new LinkedHashMap<>();
    private final Map<String, JsonNode> variables = new LinkedHashMap<>();
    private final Set<String> evaluatingVariables = new HashSet<>();
    private final Map<String, JsonNode> rawParameterDefaults = new LinkedHashMap<>();
    /** Supplied object/array values whose nested strings still have to be evaluated (Azure/bicep#9173). */
    private final Map<String, JsonNode> rawSuppliedContainers = new LinkedHashMap<>();
    private final Set<String> evaluatingParameters = new HashSet<>();

    /**
     * @param template      the {@code template} object of a deployment body
     * @param parameterValues the {@code parameters} object of a deployment body ({@code {"x":{"value":...}}})
     */
    public TemplateEvaluator(JsonNode template, JsonNode parameterValues, Scope scope) {
        this(template, parameterValues, scope, KeyVaultResolver.none());
    }

    /** @param keyVault resolves parameter values given as Key Vault references */
    public TemplateEvaluator(JsonNode template, JsonNode parameterValues, Scope scope, KeyVaultResolver keyVault) {
        this.scope = Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(keyVault, "keyVault");
        if (template == null || !template.isObject()) {
            throw new TemplateException("InvalidTemplate", "Deployment template validation failed: the template is "
                    + "missing or not a JSON object.");
        }
        JsonNode declared = template.path("parameters");
        JsonNode given = parameterValues == null ? NODES.objectNode() : parameterValues;
        for (Iterator<Map.Entry<String, JsonNode>> it = declared.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode supplied = findIgnoreCase(given, entry.getKey());
            if (supplied != null && supplied.has("value")) {
                JsonNode value = supplied.get("value");
                if (value.isContainerNode()) {
                    rawSuppliedContainers.put(key(entry.getKey()), value);
                } else {
                    // Top-level values are never evaluated: "[x]" here is the string [x] (Azure/bicep#9173).
                    parameters.put(key(entry.getKey()), value);
                }
            } else if (supplied != null && supplied.has("reference")) {
                parameters.put(key(entry.getKey()), TextNode.valueOf(keyVaultSecret(entry.getKey(),
                        supplied.get("reference"), keyVault)));
            } else if (entry.getValue().has("defaultValue")) {
                rawParameterDefaults.put(key(entry.getKey()), entry.getValue().get("defaultValue"));
            } else {
                throw new TemplateException("InvalidTemplate", "Deployment template validation failed: 'The value "
                        + "for the template parameter '" + entry.getKey() + "' is not provided. Please see "
                        + "https://aka.ms/arm-create-parameter-file for usage details.'.");
            }
        }
        for (Iterator<String> it = given.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (findIgnoreCase(declared, name) == null) {
                throw new TemplateException("InvalidTemplate", "Deployment template validation failed: 'The "
                        + "template parameters '" + name + "' in the parameters file are not valid; they are not "
                        + "present in the original template and can therefore not be provided at deployment time.'");
            }
        }
        template.path("variables").fields().forEachRemaining(e -> rawVariables.put(key(e.getKey()), e.getValue()));
        // Nested expressions fail at submission, read or not (Azure/bicep#9173 fails at deployment validation).
        List.copyOf(rawSuppliedContainers.keySet()).forEach(this::parameter);
    }

    private static String keyVaultSecret(String parameter, JsonNode reference, KeyVaultResolver keyVault) {
        String vaultId = reference.path("keyVault").path("id").asText("");
        String secretName = reference.path("secretName").asText("");
        String version = reference.hasNonNull("secretVersion") ? reference.get("secretVersion").asText() : null;
        return keyVault.secret(vaultId, secretName, version).orElseThrow(() -> new TemplateException(
                "KeyVaultParameterReferenceSecretRetrieveFailed", "The secret of KeyVault parameter '" + parameter
                + "' cannot be retrieved. Http status code: 'NotFound'. Error message: 'A secret with (name/id) "
                + secretName + (version == null ? "" : "/" + version) + " was not found in this key vault' "
                + "(vault '" + vaultId + "'; the vault must exist, have enabledForTemplateDeployment and allow the "
                + "deployment's identity Microsoft.KeyVault/vaults/deploy/action)."));
    }

    /** Evaluates every expression in {@code node} (recursively); the input is not modified. */
    public JsonNode evaluate(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            return evaluateString(node.asText());
        }
        if (node.isObject()) {
            ObjectNode result = NODES.objectNode();
            node.fields().forEachRemaining(e -> result.set(e.getKey(), evaluate(e.getValue())));
            return result;
        }
        if (node.isArray()) {
            ArrayNode result = NODES.arrayNode();
            node.forEach(element -> result.add(evaluate(element)));
            return result;
        }
        return node.deepCopy();
    }

    /** Evaluates one string value: an expression when it is {@code [...]}, a literal otherwise. */
    public JsonNode evaluateString(String value) {
        // ARM's rule: only "[...]" is an expression, and "[[...]" is its escape; "[abc" or "[[x" are plain literals.
        if (value.startsWith("[[") && value.endsWith("]")) {
            return TextNode.valueOf(value.substring(1));
        }
        if (value.startsWith("[") && value.endsWith("]")) {
            String expression = value.substring(1, value.length() - 1);
            Parser parser = new Parser(expression);
            JsonNode result = parser.parseExpression();
            parser.expectEnd();
            return result;
        }
        return TextNode.valueOf(value);
    }

    private JsonNode parameter(String name) {
        String key = key(name);
        if (parameters.containsKey(key)) {
            return parameters.get(key);
        }
        JsonNode raw = rawSuppliedContainers.containsKey(key) ? rawSuppliedContainers.get(key)
                : rawParameterDefaults.get(key);
        if (raw == null) {
            throw invalid("The template parameter '" + name + "' is not found.");
        }
        if (!evaluatingParameters.add(key)) {
            throw invalid("The template parameter '" + name + "' refers to itself (circular reference).");
        }
        JsonNode value = evaluate(raw);
        evaluatingParameters.remove(key);
        parameters.put(key, value);
        return value;
    }

    private JsonNode variable(String name) {
        String key = key(name);
        if (variables.containsKey(key)) {
            return variables.get(key);
        }
        if (!rawVariables.containsKey(key)) {
            throw invalid("The template variable '" + name + "' is not found.");
        }
        if (!evaluatingVariables.add(key)) {
            throw invalid("The template variable '" + name + "' refers to itself (circular reference).");
        }
        JsonNode value = evaluate(rawVariables.get(key));
        evaluatingVariables.remove(key);
        variables.put(key, value);
        return value;
    }

    private JsonNode call(String function, List<JsonNode> args) {
        switch (function.toLowerCase(Locale.ROOT)) {
            case "parameters":
                arity(function, args, 1);
                return parameter(text(function, args.get(0)));
            case "variables":
                arity(function, args, 1);
                return variable(text(function, args.get(0)));
            case "resourcegroup": {
                arity(function, args, 0);
                ObjectNode rg = NODES.objectNode();
                rg.put("id", "/subscriptions/" + scope.subscriptionId() + "/resourceGroups/" + scope.resourceGroup());
                rg.put("name", scope.resourceGroup());
                rg.put("type", "Microsoft.Resources/resourceGroups");
                rg.put("location", scope.location());
                rg.putObject("properties").put("provisioningState", "Succeeded");
                return rg;
            }
            case "subscription": {
                arity(function, args, 0);
                ObjectNode sub = NODES.objectNode();
                sub.put("id", "/subscriptions/" + scope.subscriptionId());
                sub.put("subscriptionId", scope.subscriptionId());
                return sub;
            }
            case "deployment": {
                arity(function, args, 0);
                ObjectNode deployment = NODES.objectNode();
                deployment.put("name", scope.deploymentName());
                return deployment;
            }
            case "uniquestring": {
                if (args.isEmpty()) {
                    throw invalid("The template function 'uniqueString' expects at least one parameter.");
                }
                StringBuilder seed = new StringBuilder();
                args.forEach(a -> seed.append(text(function, a)).append('\u0000'));
                return TextNode.valueOf(uniqueString(seed.toString()));
            }
            case "concat":
                return concat(args);
            case "format": {
                if (args.isEmpty()) {
                    throw invalid("The template function 'format' expects at least one parameter.");
                }
                String format = text(function, args.get(0));
                for (int i = 1; i < args.size(); i++) {
                    format = format.replace("{" + (i - 1) + "}", asString(args.get(i)));
                }
                return TextNode.valueOf(format);
            }
            case "base64":
                arity(function, args, 1);
                return TextNode.valueOf(java.util.Base64.getEncoder().encodeToString(
                        text(function, args.get(0)).getBytes(StandardCharsets.UTF_8)));
            case "tolower":
                arity(function, args, 1);
                return TextNode.valueOf(text(function, args.get(0)).toLowerCase(Locale.ROOT));
            case "toupper":
                arity(function, args, 1);
                return TextNode.valueOf(text(function, args.get(0)).toUpperCase(Locale.ROOT));
            case "string":
                arity(function, args, 1);
                return TextNode.valueOf(asString(args.get(0)));
            case "if":
                arity(function, args, 3);
                return args.get(0).asBoolean() ? args.get(1) : args.get(2);
            case "equals":
                arity(function, args, 2);
                return NODES.booleanNode(args.get(0).equals(args.get(1)));
            case "not":
                arity(function, args, 1);
                return NODES.booleanNode(!args.get(0).asBoolean());
            case "empty": {
                arity(function, args, 1);
                JsonNode a = args.get(0);
                return NODES.booleanNode(a.isNull() || (a.isContainerNode() && a.size() == 0)
                        || (a.isTextual() && a.asText().isEmpty()));
            }
            case "length": {
                arity(function, args, 1);
                JsonNode a = args.get(0);
                return NODES.numberNode(a.isTextual() ? a.asText().length() : a.size());
            }
            case "createarray": {
                ArrayNode array = NODES.arrayNode();
                args.forEach(array::add);
                return array;
            }
            case "true":
                arity(function, args, 0);
                return NODES.booleanNode(true);
            case "false":
                arity(function, args, 0);
                return NODES.booleanNode(false);
            default:
                throw invalid("The template function '" + function + "' is not valid. Please see "
                        + "https://aka.ms/arm-functions for usage details. (The emulator implements a subset.)");
        }
    }

    private JsonNode concat(List<JsonNode> args) {
        if (!args.isEmpty() && args.stream().allMatch(JsonNode::isArray)) {
            ArrayNode array = NODES.arrayNode();
            args.forEach(a -> array.addAll((ArrayNode) a));
            return array;
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode arg : args) {
            if (arg.isContainerNode()) {
                throw invalid("The template function 'concat' expects its arguments to be all strings or all arrays.");
            }
            text.append(asString(arg));
        }
        return TextNode.valueOf(text.toString());
    }

    private static JsonNode property(JsonNode target, String name) {
        if (target == null || !target.isObject()) {
            throw invalid("The language expression property '" + name + "' can't be evaluated: the value is not "
                    + "an object.");
        }
        JsonNode value = findIgnoreCase(target, name);
        if (value == null) {
            throw invalid("The language expression property '" + name + "' doesn't exist, available properties are '"
                    + String.join(", ", (Iterable<String>) target::fieldNames) + "'.");
        }
        return value;
    }

    private static JsonNode findIgnoreCase(JsonNode object, String name) {
        if (object == null || !object.isObject()) {
            return null;
        }
        if (object.has(name)) {
            return object.get(name);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }

    static String uniqueString(String seed) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
            long bits = 0;
            for (int i = 0; i < 8; i++) {
                bits = (bits << 8) | (hash[i] & 0xff);
            }
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < 13; i++) {
                out.append(alphabet.charAt((int) ((bits >>> (59 - 5 * i)) & 31)));
            }
            return out.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    private static String asString(JsonNode node) {
        return node.isTextual() ? node.asText() : node.toString();
    }

    private static String text(String function, JsonNode node) {
        if (!node.isValueNode() || node.isNull()) {
            throw invalid("The template function '" + function + "' expects a string parameter, got " + node + ".");
        }
        return node.asText();
    }

    private static void arity(String function, List<JsonNode> args, int expected) {
        if (args.size() != expected) {
            throw invalid("The template function '" + function + "' expects " + expected + " parameter(s), got "
                    + args.size() + ".");
        }
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static TemplateException invalid(String detail) {
        return new TemplateException("InvalidTemplate", "Deployment template validation failed: '" + detail + "'.");
    }

    /** Recursive-descent parser that evaluates as it parses (our templates have no side effects). */
    private final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        JsonNode parseExpression() {
            skipSpaces();
            JsonNode value = parsePrimary();
            while (true) {
                skipSpaces();
                if (peek('.')) {
                    pos++;
                    value = property(value, identifier());
                } else if (peek('[')) {
                    pos++;
                    JsonNode index = parseExpression();
                    skipSpaces();
                    expect(']');
                    value = index(value, index);
                } else {
                    return value;
                }
            }
        }

        void expectEnd() {
            skipSpaces();
            if (pos != text.length()) {
                throw invalid("The language expression '" + text + "' is not valid: unexpected '" + text.substring(pos)
                        + "'.");
            }
        }

        private JsonNode index(JsonNode target, JsonNode index) {
            if (index.isNumber()) {
                if (!target.isArray() || index.asInt() < 0 || index.asInt() >= target.size()) {
                    throw invalid("The language expression index " + index.asInt() + " is out of range of " + target
                            + ".");
                }
                return target.get(index.asInt());
            }
            return property(target, index.asText());
        }

        private JsonNode parsePrimary() {
            if (peek('\'')) {
                return TextNode.valueOf(stringLiteral());
            }
            if (pos < text.length() && (Character.isDigit(text.charAt(pos)) || peek('-'))) {
                int start = pos++;
                while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                    pos++;
                }
                return NODES.numberNode(Long.parseLong(text.substring(start, pos)));
            }
            String name = identifier();
            skipSpaces();
            expect('(');
            List<JsonNode> args = new ArrayList<>();
            skipSpaces();
            if (!peek(')')) {
                while (true) {
                    args.add(parseExpression());
                    skipSpaces();
                    if (peek(',')) {
                        pos++;
                        continue;
                    }
                    break;
                }
            }
            expect(')');
            return call(name, args);
        }

        private String stringLiteral() {
            expect('\'');
            StringBuilder out = new StringBuilder();
            while (pos < text.length()) {
                char c = text.charAt(pos++);
                if (c == '\'') {
                    if (peek('\'')) {
                        out.append('\'');
                        pos++;
                        continue;
                    }
                    return out.toString();
                }
                out.append(c);
            }
            throw invalid("The language expression '" + text + "' has an unterminated string literal.");
        }

        private String identifier() {
            skipSpaces();
            int start = pos;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                pos++;
            }
            if (start == pos) {
                throw invalid("The language expression '" + text + "' is not valid: expected a name at position "
                        + start + ".");
            }
            return text.substring(start, pos);
        }

        private void expect(char c) {
            if (!peek(c)) {
                throw invalid("The language expression '" + text + "' is not valid: expected '" + c + "' at position "
                        + pos + ".");
            }
            pos++;
        }

        private boolean peek(char c) {
            return pos < text.length() && text.charAt(pos) == c;
        }

        private void skipSpaces() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }
    }
}
