package dev.acidispatch.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Static checks over ARM JSON templates, each returning human-readable violations (empty = fine), so the same rule
 * can be shown to pass on {@code infra/main.json} and to fail on a deliberately broken copy.
 */
final class TemplateRules {
    static final ObjectMapper JSON = new ObjectMapper();

    static final String DEPLOYMENTS = "Microsoft.Resources/deployments";
    static final String ROLE_ASSIGNMENTS = "Microsoft.Authorization/roleAssignments";
    static final String ROLE_DEFINITIONS = "Microsoft.Authorization/roleDefinitions";
    static final String SITES = "Microsoft.Web/sites";
    static final String SERVER_FARMS = "Microsoft.Web/serverfarms";
    static final String JOBS_GROUP_EXPRESSION = "[parameters('jobsResourceGroupName')]";

    /** Built-in roles that would hand the app far more than it needs. */
    static final Set<String> FORBIDDEN_ROLE_GUIDS = Set.of(
            "b24988ac-6180-42a0-ab88-20f7382dd24c", // Contributor
            "8e3af657-a8ff-443c-a75c-2fe8c4bcb635"); // Owner
    /**
     * Storage data roles the Functions host, Durable Functions (Azure Storage provider) and the app's stores need,
     * plus Storage Blob Data Contributor, which the Functions Maven plugin requires on a Flex app's deployment account.
     */
    static final Set<String> STORAGE_DATA_ROLE_GUIDS = Set.of(
            "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", // Storage Blob Data Owner
            "974c5e8b-45b9-4653-ba55-5f855dd0fb88", // Storage Queue Data Contributor
            "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", // Storage Table Data Contributor
            "ba92f5b4-2d11-453d-a403-e96b0029c9fe"); // Storage Blob Data Contributor (Flex deployment package)
    static final List<String> JOB_OPERATOR_ACTIONS = List.of(
            "Microsoft.ContainerInstance/containerGroups/*",
            "Microsoft.Resources/deployments/*",
            "Microsoft.Resources/deployments/operationstatuses/read",
            "Microsoft.Resources/subscriptions/resourceGroups/read",
            "Microsoft.ManagedIdentity/userAssignedIdentities/assign/action",
            "Microsoft.Network/virtualNetworks/subnets/join/action",
            // Key Vault parameter references in job deployments ("Grant deployment access to the secrets",
            // key-vault-parameter, ARM docs), for vaults in the jobs group.
            "Microsoft.KeyVault/vaults/deploy/action");

    private static final Pattern PARAMETER_REF = Pattern.compile("parameters\\(\\s*'([^']+)'\\s*\\)");
    private static final Pattern VARIABLE_REF = Pattern.compile("variables\\(\\s*'([^']+)'\\s*\\)");
    private static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern SECRET_FUNCTIONS = Pattern.compile(
            "(?i)listKeys|listSecrets|listConnectionStrings|listAccountSas|listServiceSas|ConnectionString|AccountKey|InstrumentationKey");

    private TemplateRules() {
    }

    static Path repoFile(String relative) {
        // Surefire runs every module with the repository root as working directory (parent pom); "basedir" is the module.
        return Path.of("").toAbsolutePath().resolve(relative);
    }

    static JsonNode read(String relative) {
        try {
            return JSON.readTree(Files.readString(repoFile(relative)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + relative, e);
        }
    }

    // ---------------------------------------------------------------- expressions

    /**
     * Every {@code parameters('x')} / {@code variables('x')} must be declared in the template whose scope evaluates it:
     * a nested deployment with {@code expressionEvaluationOptions.scope = inner} has its own declarations for its
     * template, while the values it is handed are evaluated in the outer template.
     */
    static List<String> undeclaredReferences(JsonNode template) {
        List<String> problems = new ArrayList<>();
        checkTemplate(template, "$", problems);
        return problems;
    }

    private static void checkTemplate(JsonNode template, String path, List<String> problems) {
        Declarations declared = Declarations.of(template);
        template.fields().forEachRemaining(field -> {
            if (field.getKey().equals("resources")) {
                checkResources(field.getValue(), declared, path + ".resources", problems);
            } else {
                checkNode(field.getValue(), declared, path + "." + field.getKey(), problems);
            }
        });
    }

    private static void checkResources(JsonNode resources, Declarations declared, String path, List<String> problems) {
        for (int i = 0; i < resources.size(); i++) {
            JsonNode resource = resources.get(i);
            String at = path + "[" + i + "]";
            resource.fields().forEachRemaining(field -> {
                String key = field.getKey();
                if (key.equals("resources")) {
                    checkResources(field.getValue(), declared, at + ".resources", problems);
                } else if (key.equals("properties") && isInnerScoped(resource)) {
                    field.getValue().fields().forEachRemaining(property -> {
                        if (property.getKey().equals("template")) {
                            checkTemplate(property.getValue(), at + ".properties.template", problems);
                        } else {
                            checkNode(property.getValue(), declared, at + ".properties." + property.getKey(), problems);
                        }
                    });
                } else {
                    checkNode(field.getValue(), declared, at + "." + key, problems);
                }
            });
        }
    }

    private static void checkNode(JsonNode node, Declarations declared, String path, List<String> problems) {
        if (node.isTextual()) {
            checkExpression(node.asText(), declared, path, problems);
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkNode(node.get(i), declared, path + "[" + i + "]", problems);
            }
        } else if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                checkExpression(field.getKey(), declared, path + " (key)", problems);
                checkNode(field.getValue(), declared, path + "." + field.getKey(), problems);
            });
        }
    }

    private static void checkExpression(String text, Declarations declared, String path, List<String> problems) {
        if (!isExpression(text)) {
            return;
        }
        for (String name : matches(PARAMETER_REF, text)) {
            if (!declared.parameters().contains(name)) {
                problems.add(path + ": parameters('" + name + "') is not declared in this template scope");
            }
        }
        for (String name : matches(VARIABLE_REF, text)) {
            if (!declared.variables().contains(name)) {
                problems.add(path + ": variables('" + name + "') is not declared in this template scope");
            }
        }
    }

    /** ARM evaluates a string as an expression when it starts with '[' (a leading "[[" is a literal bracket). */
    static boolean isExpression(String text) {
        return text.startsWith("[") && !text.startsWith("[[") && text.endsWith("]");
    }

    static boolean isInnerScoped(JsonNode resource) {
        return DEPLOYMENTS.equalsIgnoreCase(resource.path("type").asText())
                && "inner".equalsIgnoreCase(resource.path("properties").path("expressionEvaluationOptions").path("scope").asText());
    }

    private static List<String> matches(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private record Declarations(Set<String> parameters, Set<String> variables) {
        static Declarations of(JsonNode template) {
            return new Declarations(fieldNames(template.path("parameters")), fieldNames(template.path("variables")));
        }
    }

    static Set<String> fieldNames(JsonNode object) {
        Set<String> names = new LinkedHashSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    // ---------------------------------------------------------------- resources

    /**
     * A resource with the template whose scope evaluates its expressions (the declaring template, or the parent for a
     * nested deployment with outer scope), the deployment it is nested in, and every condition on its path (its own,
     * its parent resource's, its enclosing deployments'), with variables inlined.
     */
    record Located(JsonNode resource, JsonNode template, JsonNode enclosingDeployment, String path, List<String> conditions) {
        String type() {
            return resource.path("type").asText();
        }

        /** Whether ARM deploys this resource when the template's {@code plan} parameter has the given value. */
        boolean deployedUnder(Plan plan) {
            return conditions.stream().allMatch(c -> Conditions.holds(c, plan));
        }
    }

    /** Values of the template's {@code plan} parameter. */
    enum Plan {
        FLEX_CONSUMPTION("FlexConsumption"), ELASTIC_PREMIUM("ElasticPremium");

        final String parameterValue;

        Plan(String parameterValue) {
            this.parameterValue = parameterValue;
        }
    }

    /** All resources: top level, child {@code resources}, and those inside nested deployment templates. */
    static List<Located> allResources(JsonNode template) {
        List<Located> all = new ArrayList<>();
        collect(template, template.path("resources"), null, "$.resources", List.of(), all);
        return all;
    }

    /** The resources ARM deploys for the given plan (conditions evaluated, nested deployments included). */
    static List<Located> resourcesFor(JsonNode template, Plan plan) {
        return allResources(template).stream().filter(r -> r.deployedUnder(plan)).toList();
    }

    /** The one resource of {@code type} deployed for {@code plan}. */
    static Located only(JsonNode template, Plan plan, String type) {
        List<Located> found = resourcesFor(template, plan).stream().filter(r -> r.type().equalsIgnoreCase(type)).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected exactly one " + type + " for plan " + plan.parameterValue + ", found " + found.size());
        }
        return found.get(0);
    }

    private static void collect(JsonNode scope, JsonNode resources, JsonNode deployment, String path, List<String> outerConditions,
                                List<Located> into) {
        for (int i = 0; i < resources.size(); i++) {
            JsonNode resource = resources.get(i);
            String at = path + "[" + i + "]";
            List<String> conditions = new ArrayList<>(outerConditions);
            if (resource.has("condition")) {
                conditions.add(Conditions.inline(scope, resource.path("condition").asText()));
            }
            into.add(new Located(resource, scope, deployment, at, List.copyOf(conditions)));
            collect(scope, resource.path("resources"), deployment, at + ".resources", conditions, into);
            JsonNode nested = resource.path("properties").path("template");
            if (DEPLOYMENTS.equalsIgnoreCase(resource.path("type").asText()) && nested.isObject()) {
                // Inner scope: the nested template evaluates its own expressions; outer scope: the parent does.
                collect(isInnerScoped(resource) ? nested : scope, nested.path("resources"), resource,
                        at + ".properties.template.resources", conditions, into);
            }
        }
    }

    static List<String> resourcesMissingBasics(JsonNode template) {
        List<String> problems = new ArrayList<>();
        for (Located located : allResources(template)) {
            for (String field : List.of("type", "apiVersion", "name")) {
                if (located.resource().path(field).asText("").isBlank()) {
                    problems.add(located.path() + ": missing '" + field + "'");
                }
            }
            String apiVersion = located.resource().path("apiVersion").asText("");
            if (!apiVersion.isBlank() && !apiVersion.matches("\\d{4}-\\d{2}-\\d{2}(-preview)?")) {
                problems.add(located.path() + ": apiVersion '" + apiVersion + "' is not a dated API version");
            }
        }
        return problems;
    }

    // ---------------------------------------------------------------- access

    /**
     * Role rules: the app's roles on the jobs group come only from a nested deployment scoped to that group, through
     * the custom role defined there with exactly {@link #JOB_OPERATOR_ACTIONS}; in the app's own group only storage
     * data roles on the storage account; Contributor and Owner nowhere.
     */
    static List<String> accessViolations(JsonNode template) {
        List<String> problems = new ArrayList<>();
        String text = template.toString().toLowerCase();
        for (String guid : FORBIDDEN_ROLE_GUIDS) {
            if (text.contains(guid)) {
                problems.add("template mentions built-in role " + guid + " (Contributor/Owner); use the custom role");
            }
        }
        for (Located located : allResources(template)) {
            if (located.type().equalsIgnoreCase(ROLE_DEFINITIONS)) {
                problems.addAll(roleDefinitionViolations(located));
            }
            if (!located.type().equalsIgnoreCase(ROLE_ASSIGNMENTS)) {
                continue;
            }
            String roleDefinitionId = located.resource().path("properties").path("roleDefinitionId").asText();
            if (located.enclosingDeployment() == null) {
                String scope = resolveVariables(located.template(), located.resource().path("scope").asText());
                if (!scope.contains("Microsoft.Storage/storageAccounts/")) {
                    problems.add(located.path() + ": a role assignment in the app's own group must be scoped to the storage account, was '"
                            + located.resource().path("scope").asText() + "'");
                }
                Set<String> guids = guidsIn(resolveVariables(located.template(), roleDefinitionId));
                if (guids.isEmpty() || !STORAGE_DATA_ROLE_GUIDS.containsAll(guids)) {
                    problems.add(located.path() + ": role " + guids + " is not one of the storage data roles " + STORAGE_DATA_ROLE_GUIDS);
                }
            } else {
                JsonNode deployment = located.enclosingDeployment();
                if (!JOBS_GROUP_EXPRESSION.equals(deployment.path("resourceGroup").asText())) {
                    problems.add(located.path() + ": nested role assignment must be in a deployment with resourceGroup "
                            + JOBS_GROUP_EXPRESSION + ", was '" + deployment.path("resourceGroup").asText() + "'");
                }
                if (!isInnerScoped(deployment)) {
                    problems.add(located.path() + ": the jobs-group deployment must use expressionEvaluationOptions.scope=inner");
                }
                if (!referencesCustomRoleOf(located, roleDefinitionId)) {
                    problems.add(located.path() + ": jobs-group role assignment must use the custom role defined in the same deployment, was '"
                            + roleDefinitionId + "'");
                }
            }
        }
        return problems;
    }

    private static List<String> roleDefinitionViolations(Located located) {
        List<String> problems = new ArrayList<>();
        JsonNode properties = located.resource().path("properties");
        if (located.enclosingDeployment() == null
                || !JOBS_GROUP_EXPRESSION.equals(located.enclosingDeployment().path("resourceGroup").asText())) {
            problems.add(located.path() + ": the custom role must be defined in the jobs-group deployment");
        }
        if (!"CustomRole".equals(properties.path("type").asText())) {
            problems.add(located.path() + ": role definition type must be CustomRole");
        }
        JsonNode permissions = properties.path("permissions");
        if (permissions.size() != 1) {
            problems.add(located.path() + ": expected exactly one permissions block, found " + permissions.size());
        }
        for (JsonNode permission : permissions) {
            List<String> actions = new ArrayList<>();
            permission.path("actions").forEach(a -> actions.add(a.asText()));
            if (!actions.equals(JOB_OPERATOR_ACTIONS)) {
                problems.add(located.path() + ": actions must be exactly " + JOB_OPERATOR_ACTIONS + ", were " + actions);
            }
            for (String field : List.of("notActions", "dataActions", "notDataActions")) {
                if (permission.path(field).size() > 0) {
                    problems.add(located.path() + ": " + field + " must be empty");
                }
            }
        }
        List<String> scopes = new ArrayList<>();
        properties.path("assignableScopes").forEach(s -> scopes.add(s.asText()));
        if (!scopes.equals(List.of("[resourceGroup().id]"))) {
            problems.add(located.path() + ": assignableScopes must be exactly the jobs resource group, were " + scopes);
        }
        return problems;
    }

    private static boolean referencesCustomRoleOf(Located assignment, String roleDefinitionId) {
        if (!roleDefinitionId.contains(ROLE_DEFINITIONS)) {
            return false;
        }
        for (JsonNode sibling : assignment.template().path("resources")) {
            if (sibling.path("type").asText().equalsIgnoreCase(ROLE_DEFINITIONS)) {
                String name = sibling.path("name").asText();
                String inner = isExpression(name) ? name.substring(1, name.length() - 1) : "'" + name + "'";
                if (roleDefinitionId.contains(inner)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Replaces each variables('x') whose value is a plain string by that value, so GUIDs and scopes become visible. */
    static String resolveVariables(JsonNode template, String expression) {
        String resolved = expression;
        for (String name : matches(VARIABLE_REF, expression)) {
            JsonNode value = template.path("variables").path(name);
            if (value.isTextual()) {
                resolved = resolved.replace("variables('" + name + "')", value.asText());
            }
        }
        return resolved;
    }

    /** A resource's JSON without its child resources and nested template (those are resources of their own). */
    static String ownText(JsonNode resource) {
        com.fasterxml.jackson.databind.node.ObjectNode own = resource.deepCopy();
        own.remove("resources");
        if (own.path("properties").isObject()) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) own.path("properties")).remove("template");
        }
        return own.toString();
    }

    /** A name written as {@code [variables('x')]} where x holds a string: that string; otherwise the name itself. */
    static String resolveName(JsonNode template, String name) {
        Matcher m = Pattern.compile("^\\[variables\\('([^']+)'\\)]$").matcher(name);
        if (m.matches() && template.path("variables").path(m.group(1)).isTextual()) {
            return template.path("variables").path(m.group(1)).asText();
        }
        return name;
    }

    static Set<String> guidsIn(String text) {
        Set<String> guids = new LinkedHashSet<>();
        Matcher m = GUID.matcher(text);
        while (m.find()) {
            guids.add(m.group().toLowerCase());
        }
        return guids;
    }

    // ---------------------------------------------------------------- outputs and settings

    static List<String> secretOutputs(JsonNode template) {
        List<String> problems = new ArrayList<>();
        for (Located located : allResources(template)) {
            JsonNode nested = located.resource().path("properties").path("template");
            if (nested.isObject()) {
                problems.addAll(secretOutputsOf(nested, located.path() + ".properties.template"));
            }
        }
        problems.addAll(secretOutputsOf(template, "$"));
        return problems;
    }

    private static List<String> secretOutputsOf(JsonNode template, String path) {
        List<String> problems = new ArrayList<>();
        template.path("outputs").fields().forEachRemaining(output -> {
            String type = output.getValue().path("type").asText();
            if (type.equalsIgnoreCase("securestring") || type.equalsIgnoreCase("secureobject")) {
                problems.add(path + ".outputs." + output.getKey() + ": secure outputs are not allowed");
            }
            Matcher m = SECRET_FUNCTIONS.matcher(output.getKey() + " " + output.getValue().toString());
            if (m.find()) {
                problems.add(path + ".outputs." + output.getKey() + ": exposes '" + m.group() + "'");
            }
        });
        return problems;
    }

    /** The function app's app settings for the plan, name to raw (possibly expression) value, in template order. */
    static Map<String, String> appSettings(JsonNode template, Plan plan) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (JsonNode setting : only(template, plan, SITES).resource().path("properties").path("siteConfig").path("appSettings")) {
            String name = setting.path("name").asText();
            if (settings.put(name, setting.path("value").asText()) != null) {
                throw new IllegalStateException("app setting " + name + " is declared twice");
            }
        }
        return settings;
    }

    private static final Pattern PLAIN_PARAMETER = Pattern.compile("^\\[(?:string\\()?parameters\\('([^']+)'\\)\\)?\\]$");

    /**
     * App settings as they are with every parameter at its default. Settings whose value needs deployment-time
     * information (reference(), subscription(), listKeys()) or a parameter without a literal default are left out.
     */
    static Map<String, String> appSettingsAtDefaults(JsonNode template, Plan plan) {
        Map<String, String> resolved = new LinkedHashMap<>();
        for (Map.Entry<String, String> setting : appSettings(template, plan).entrySet()) {
            String value = setting.getValue();
            if (!isExpression(value)) {
                resolved.put(setting.getKey(), value);
                continue;
            }
            Matcher m = PLAIN_PARAMETER.matcher(value);
            if (m.matches()) {
                JsonNode defaultValue = template.path("parameters").path(m.group(1)).path("defaultValue");
                if (defaultValue.isValueNode() && !(defaultValue.isTextual() && isExpression(defaultValue.asText()))) {
                    resolved.put(setting.getKey(), defaultValue.asText());
                }
            }
        }
        return resolved;
    }

    static <T> List<T> list(Iterator<T> iterator) {
        List<T> items = new ArrayList<>();
        iterator.forEachRemaining(items::add);
        return items;
    }

    // ---------------------------------------------------------------- hosting

    /** Site properties and app settings the Flex Consumption plan deprecates or rejects (functions-app-settings, "Flex Consumption plan deprecations"). */
    static final Set<String> FLEX_REJECTED_SETTINGS = Set.of("FUNCTIONS_EXTENSION_VERSION", "FUNCTIONS_WORKER_RUNTIME",
            "FUNCTIONS_WORKER_RUNTIME_VERSION", "FUNCTIONS_MAX_HTTP_CONCURRENCY", "FUNCTIONS_WORKER_PROCESS_COUNT",
            "FUNCTIONS_WORKER_DYNAMIC_CONCURRENCY_ENABLED", "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", "WEBSITE_CONTENTSHARE",
            "WEBSITE_RUN_FROM_PACKAGE", "WEBSITE_NODE_DEFAULT_VERSION", "AzureWebJobsStorage");
    static final Set<String> FLEX_REJECTED_SITE_CONFIG = Set.of("linuxFxVersion", "windowsFxVersion", "javaVersion",
            "ftpsState", "alwaysOn", "use32BitWorkerProcess", "preWarmedInstanceCount", "functionAppScaleLimit");
    static final Set<String> FLEX_REJECTED_SITE_PROPERTIES = Set.of("reserved", "isXenon", "containerSize");

    /**
     * What the deployed Function App must be for the plan: HTTPS only, TLS 1.2 or later, FTP off (Elastic Premium:
     * ftpsState Disabled and FTP publishing credentials refused; Flex Consumption offers no FTP, and setting
     * ftpsState there is a deprecated property), the runtime the pom deploys, and on Flex none of the settings and
     * properties the Flex site schema replaced. On Flex nothing may read a storage account key.
     */
    static List<String> hostingViolations(JsonNode template, Plan plan) {
        List<String> problems = new ArrayList<>();
        Located site = only(template, plan, SITES);
        JsonNode properties = site.resource().path("properties");
        JsonNode siteConfig = properties.path("siteConfig");
        String at = plan.parameterValue + " " + site.path();
        if (!properties.path("httpsOnly").isBoolean() || !properties.path("httpsOnly").asBoolean()) {
            problems.add(at + ": httpsOnly must be true, was " + properties.path("httpsOnly"));
        }
        if (!List.of("1.2", "1.3").contains(siteConfig.path("minTlsVersion").asText())) {
            problems.add(at + ": siteConfig.minTlsVersion must be 1.2 or 1.3, was " + siteConfig.path("minTlsVersion"));
        }
        Map<String, String> settings = appSettings(template, plan);
        if (plan == Plan.FLEX_CONSUMPTION) {
            if (!properties.path("functionAppConfig").isObject()) {
                problems.add(at + ": a Flex Consumption site needs functionAppConfig");
            }
            for (String name : FLEX_REJECTED_SITE_CONFIG) {
                if (siteConfig.has(name)) {
                    problems.add(at + ": siteConfig." + name + " is not valid on Flex Consumption");
                }
            }
            for (String name : FLEX_REJECTED_SITE_PROPERTIES) {
                if (properties.has(name)) {
                    problems.add(at + ": properties." + name + " is not valid on Flex Consumption");
                }
            }
            for (String name : settings.keySet()) {
                if (FLEX_REJECTED_SETTINGS.contains(name)) {
                    problems.add(at + ": app setting " + name + " is not valid on Flex Consumption");
                }
            }
            for (Located r : resourcesFor(template, plan)) {
                Matcher m = Pattern.compile("(?i)listKeys|AccountKey=|listAccountSas|listServiceSas").matcher(ownText(r.resource()));
                if (m.find()) {
                    problems.add(plan.parameterValue + " " + r.path() + ": reads a storage key ('" + m.group() + "')");
                }
            }
        } else {
            if (!"Disabled".equals(siteConfig.path("ftpsState").asText())) {
                problems.add(at + ": siteConfig.ftpsState must be Disabled, was " + siteConfig.path("ftpsState"));
            }
            boolean ftpRefused = resourcesFor(template, plan).stream()
                    .filter(r -> r.type().endsWith("basicPublishingCredentialsPolicies"))
                    .anyMatch(r -> r.resource().path("name").asText().endsWith("ftp")
                            && !r.resource().path("properties").path("allow").asBoolean(true));
            if (!ftpRefused) {
                problems.add(at + ": FTP publishing credentials must be refused (basicPublishingCredentialsPolicies/ftp allow=false)");
            }
        }
        return problems;
    }
}
