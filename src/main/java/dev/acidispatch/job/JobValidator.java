package dev.acidispatch.job;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acidispatch.config.Settings;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Parses and checks job messages (contract v1) and applies defaults. Every problem is collected, each with the JSON
 * path of the value and what would be valid, so a user fixes a message in one round. Error messages never contain
 * secret values ({@code secureEnv} values, the registry password). Thread-safe.
 */
public final class JobValidator {
    /** Top-level fields a v1 message may carry, in record order ({@link JobLimits#RETIRED_FIELDS} are known too). */
    public static final List<String> FIELDS = Arrays.stream(JobMessage.class.getRecordComponents())
            .map(c -> c.getName()).toList();
    static final List<String> REGISTRY_FIELDS = List.of("server", "identity", "username", "password");

    private static final Pattern JOB_ID = Pattern.compile(JobLimits.JOB_ID_PATTERN);
    private static final Pattern IMAGE = Pattern.compile(JobLimits.IMAGE_PATTERN);
    private static final Pattern ENV_NAME = Pattern.compile(JobLimits.ENV_NAME_PATTERN);
    private static final Pattern REGISTRY_SERVER = Pattern.compile(JobLimits.REGISTRY_SERVER_PATTERN);
    private static final Pattern IDENTITY_ID = Pattern.compile(JobLimits.IDENTITY_ID_PATTERN);
    private static final Pattern SUBNET_ID = Pattern.compile(JobLimits.SUBNET_ID_PATTERN);
    private static final Pattern TAG_KEY = Pattern.compile(JobLimits.TAG_KEY_PATTERN);
    private static final Pattern LOCATION = Pattern.compile(JobLimits.LOCATION_PATTERN);
    private static final Pattern TEMPLATE_NAME = Pattern.compile(JobLimits.TEMPLATE_NAME_PATTERN);
    private static final Pattern IPV4 = Pattern.compile(
            "^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$");
    private static final Pattern IPV6_CHARS = Pattern.compile("^[0-9A-Fa-f:.]{2,45}$");
    private static final Pattern QUOTED_TOKEN = Pattern.compile("token '[^']*'");
    private static final BigDecimal CPU_STEP = new BigDecimal("0.01");
    private static final BigDecimal MEMORY_STEP = new BigDecimal("0.1");

    private final JobDefaults defaults;
    private final Set<String> templateNames;
    private final JobIdGenerator ids;

    public JobValidator(JobDefaults defaults, Set<String> templateNames) {
        this(defaults, templateNames, JobIdGenerator.system());
    }

    /**
     * @param templateNames names of the templates the catalog offers (must include {@value JobLimits#DEFAULT_TEMPLATE})
     * @param ids           generates ids for messages without {@code jobId}
     */
    public JobValidator(JobDefaults defaults, Set<String> templateNames, JobIdGenerator ids) {
        this.defaults = Objects.requireNonNull(defaults, "defaults");
        this.templateNames = Set.copyOf(Objects.requireNonNull(templateNames, "templateNames"));
        this.ids = Objects.requireNonNull(ids, "ids");
        if (!this.templateNames.contains(JobLimits.DEFAULT_TEMPLATE)) {
            throw new IllegalArgumentException("The value for templateNames must contain '" + JobLimits.DEFAULT_TEMPLATE
                    + "', was " + new TreeSet<>(templateNames));
        }
    }

    public JobDefaults defaults() {
        return defaults;
    }

    public Set<String> templateNames() {
        return templateNames;
    }

    /** Parses UTF-8 JSON bytes (a leading byte-order mark is ignored). Throws {@link InvalidJobException}. */
    public ResolvedJob resolve(byte[] utf8Json) {
        Objects.requireNonNull(utf8Json, "utf8Json");
        checkSize(utf8Json.length);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer bytes = ByteBuffer.wrap(utf8Json);
        String text;
        try {
            text = decoder.decode(bytes).toString();
        } catch (MalformedInputException e) {
            throw single(JsonPaths.ROOT, "the message is not valid UTF-8 (bad byte sequence at byte offset "
                    + bytes.position() + "); encode the JSON as UTF-8");
        } catch (CharacterCodingException e) {
            throw single(JsonPaths.ROOT, "the message is not valid UTF-8; encode the JSON as UTF-8");
        }
        return resolve(text);
    }

    /** Parses a JSON message. Throws {@link InvalidJobException} listing every problem. */
    public ResolvedJob resolve(String json) {
        Objects.requireNonNull(json, "json");
        if (json.startsWith("\uFEFF")) {
            json = json.substring(1);
        }
        checkSize(json.getBytes(StandardCharsets.UTF_8).length);
        JsonNode root;
        try {
            root = JobJson.readTree(json);
        } catch (JsonProcessingException e) {
            throw single(JsonPaths.ROOT, describeSyntaxError(e));
        }
        if (root == null || root.isMissingNode()) {
            throw single(JsonPaths.ROOT, "the message is empty; send a JSON object with at least \"image\", e.g. "
                    + "{\"image\": \"mcr.microsoft.com/azuredocs/aci-helloworld\"}");
        }
        if (!root.isObject()) {
            throw single(JsonPaths.ROOT, "must be a JSON object, got " + kind(root)
                    + "; e.g. {\"image\": \"mcr.microsoft.com/azuredocs/aci-helloworld\"}");
        }
        Check check = new Check((ObjectNode) root);
        check.all();
        if (!check.errors.isEmpty()) {
            throw new InvalidJobException(check.errors);
        }
        JobMessage message;
        try {
            message = JobJson.bind(root);
        } catch (JsonProcessingException e) {
            // The checks above accept only what the binding accepts; reaching this is a bug, reported without values.
            throw single(JsonPaths.ROOT, "the message passed validation but could not be bound ("
                    + e.getClass().getSimpleName() + "); please report this");
        }
        return applyDefaults(message);
    }

    private ResolvedJob applyDefaults(JobMessage m) {
        String resourceGroup = m.resourceGroup() == null ? defaults.defaultResourceGroup()
                : canonicalResourceGroup(m.resourceGroup()).orElseThrow();
        return new ResolvedJob(
                m.jobId() == null ? ids.next() : m.jobId(),
                m.image(),
                orEmpty(m.command()),
                m.cpu() == null ? defaults.defaultCpu() : m.cpu(),
                m.memoryGb() == null ? defaults.defaultMemoryGb() : m.memoryGb(),
                orEmpty(m.env()),
                orEmpty(m.secureEnv()),
                Optional.ofNullable(m.registry()),
                orEmpty(m.identities()),
                orEmpty(m.subnetIds()),
                orEmpty(m.dnsServers()),
                orEmpty(m.tags()),
                m.priority() == null ? "Regular" : m.priority(),
                m.location() == null ? defaults.defaultLocation() : m.location(),
                resourceGroup,
                m.startTimeoutSeconds() == null ? defaults.defaultStartTimeout()
                        : Duration.ofSeconds(m.startTimeoutSeconds()),
                m.timeoutSeconds() == null ? defaults.defaultTimeout() : Duration.ofSeconds(m.timeoutSeconds()),
                m.keepContainerGroup() != null && m.keepContainerGroup(),
                m.template() == null ? JobLimits.DEFAULT_TEMPLATE : m.template(),
                m.variables() == null ? JobJson.mapper().createObjectNode() : m.variables());
    }

    /** Resource group names are case-insensitive in Azure; the allow-list's spelling wins. */
    private Optional<String> canonicalResourceGroup(String requested) {
        return defaults.allowedResourceGroups().stream().filter(g -> g.equalsIgnoreCase(requested)).findFirst();
    }

    private static void checkSize(int bytes) {
        if (bytes > JobLimits.MAX_MESSAGE_BYTES) {
            throw single(JsonPaths.ROOT, "the message is " + bytes + " bytes; Azure Storage queue messages are limited to "
                    + JobLimits.MAX_MESSAGE_BYTES + " bytes (64 KiB, and 48 KiB of JSON when the queue uses Base64). "
                    + "Move large values into the image, a mounted file or a blob the job downloads");
        }
    }

    private static String describeSyntaxError(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        // Jackson quotes the offending token, which may be part of a secret: drop it.
        String reason = QUOTED_TOKEN.matcher(Objects.toString(e.getOriginalMessage(), "syntax error"))
                .replaceAll("token").lines().findFirst().orElse("syntax error");
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        String hint = reason.startsWith("Duplicate field") ? "each field may appear only once"
                : "check for a missing comma, quote or bracket; keys and strings need double quotes";
        return "not valid JSON" + where + ": " + reason + ". " + hint.substring(0, 1).toUpperCase(Locale.ROOT)
                + hint.substring(1);
    }

    private static InvalidJobException single(String path, String message) {
        return new InvalidJobException(List.of(new FieldError(path, message)));
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static Map<String, String> orEmpty(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }

    static String kind(JsonNode node) {
        JsonNodeType type = node.getNodeType();
        return switch (type) {
            case NULL -> "null";
            case BOOLEAN -> "a boolean";
            case NUMBER -> "a number";
            case STRING -> "a string";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> type.name().toLowerCase(Locale.ROOT);
        };
    }

    private static String quote(String value) {
        String shown = value.length() > 80 ? value.substring(0, 80) + "…" : value;
        return "'" + shown.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + "'";
    }

    private static String fmt(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** One validation pass over one message; collects errors instead of stopping at the first. */
    private final class Check {
        private final ObjectNode root;
        private final List<FieldError> errors = new ArrayList<>();

        Check(ObjectNode root) {
            this.root = root;
        }

        void error(String path, String message) {
            errors.add(new FieldError(path, message));
        }

        void all() {
            unknownFields(root, JsonPaths.ROOT, FIELDS, JobLimits.RETIRED_FIELDS);
            if (root.has("gpu")) {
                error("$.gpu", JobLimits.GPU_RETIRED);
            }
            text("jobId").ifPresent(this::jobId);
            image();
            array("command").ifPresent(this::command);
            decimal("cpu", CPU_STEP, defaults.maxCpu(), "cores", Settings.Names.MAX_CPU, "1 or 0.5");
            decimal("memoryGb", MEMORY_STEP, defaults.maxMemoryGb(), "GB", Settings.Names.MAX_MEMORY_GB, "1.5");
            Map<String, String> env = variables("env", false);
            Map<String, String> secureEnv = variables("secureEnv", true);
            for (String name : secureEnv.keySet()) {
                if (env.containsKey(name)) {
                    error(JsonPaths.child("$.secureEnv", name), "'" + name + "' is also set in $.env; a variable must "
                            + "be in only one of env and secureEnv (keep it in secureEnv if it is secret)");
                }
            }
            object("registry").ifPresent(this::registry);
            resourceIds("identities", IDENTITY_ID, JobLimits.MAX_IDENTITIES,
                    "/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>");
            resourceIds("subnetIds", SUBNET_ID, JobLimits.MAX_SUBNETS,
                    "/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>");
            array("dnsServers").ifPresent(this::dnsServers);
            object("tags").ifPresent(this::tags);
            text("priority").ifPresent(this::priority);
            text("location").ifPresent(this::location);
            text("resourceGroup").ifPresent(this::resourceGroup);
            timeout("startTimeoutSeconds");
            timeout("timeoutSeconds");
            bool(root, "keepContainerGroup", "$.keepContainerGroup");
            text("template").ifPresent(this::template);
            object("variables").ifPresent(this::templateVariables);
        }

        private void jobId(String id) {
            if (!JOB_ID.matcher(id).matches()) {
                String hint = !id.equals(id.toLowerCase(Locale.ROOT)) ? " (lowercase it)" : "";
                error("$.jobId", quote(id) + " is not a valid job id" + hint + "; use 1–"
                        + JobLimits.MAX_JOB_ID_LENGTH + " lowercase letters, digits and hyphens, starting and ending "
                        + "with a letter or digit (e.g. nightly-etl-20261123), or omit jobId to have one generated");
            }
        }

        private void image() {
            JsonNode node = root.get("image");
            if (node == null) {
                error("$.image", "required; set the container image to run, e.g. "
                        + "\"mcr.microsoft.com/azuredocs/aci-helloworld:latest\" or \"myregistry.azurecr.io/etl:1.4\"");
                return;
            }
            text("image").ifPresent(image -> {
                if (image.length() > JobLimits.MAX_IMAGE_LENGTH) {
                    error("$.image", "is " + image.length() + " characters; an image reference has at most "
                            + JobLimits.MAX_IMAGE_LENGTH);
                } else if (!IMAGE.matcher(image).matches()) {
                    String hint = image.isBlank() ? "it is empty"
                            : image.contains("://") ? "leave out the scheme (http://, https://)"
                            : image.chars().anyMatch(Character::isWhitespace) ? "it contains whitespace"
                            : "the repository path must be lowercase; tags are letters, digits, '_', '.', '-'";
                    error("$.image", quote(image) + " is not a valid image reference (" + hint + "); expected "
                            + "[registry[:port]/]repository[:tag][@sha256:digest], e.g. myregistry.azurecr.io/etl:1.4");
                }
            });
        }

        private void command(JsonNode array) {
            if (array.isEmpty()) {
                error("$.command", "is empty; omit command to use the image's entrypoint, or give the program and "
                        + "its arguments, e.g. [\"sh\", \"-c\", \"echo hello\"]");
            }
            if (array.size() > JobLimits.MAX_COMMAND_ITEMS) {
                error("$.command", "has " + array.size() + " items; at most " + JobLimits.MAX_COMMAND_ITEMS
                        + " are allowed (pass long argument lists in a file or an environment variable)");
            }
            for (int i = 0; i < array.size(); i++) {
                String path = JsonPaths.index("$.command", i);
                JsonNode item = array.get(i);
                if (!item.isTextual()) {
                    error(path, "must be a string, got " + kind(item) + "; write numbers and flags as strings, e.g. \"42\"");
                } else if (item.asText().length() > JobLimits.MAX_COMMAND_ITEM_LENGTH) {
                    error(path, "is " + item.asText().length() + " characters; each command item has at most "
                            + JobLimits.MAX_COMMAND_ITEM_LENGTH);
                }
            }
        }

        private void decimal(String field, BigDecimal step, double max, String unit, String setting, String example) {
            String path = "$." + field;
            JsonNode node = present(root, field, path);
            if (node == null) {
                return;
            }
            String valid = "a number of " + unit + " above 0 and at most " + fmt(max) + " (" + setting
                    + "), in steps of " + step.toPlainString() + ", e.g. " + example;
            if (!node.isNumber()) {
                error(path, "must be " + valid + "; got " + kind(node) + (node.isTextual() ? " (remove the quotes)" : ""));
                return;
            }
            BigDecimal value = node.decimalValue();
            if (value.signum() <= 0 || value.compareTo(BigDecimal.valueOf(max)) > 0
                    || value.remainder(step).signum() != 0) {
                error(path, value.stripTrailingZeros().toPlainString() + " is not allowed; expected " + valid);
            }
        }

        /** Returns the well-formed entries so cross-checks can run on them. */
        private Map<String, String> variables(String field, boolean secret) {
            Map<String, String> valid = new LinkedHashMap<>();
            Optional<ObjectNode> object = object(field);
            if (object.isEmpty()) {
                return valid;
            }
            String base = "$." + field;
            ObjectNode node = object.get();
            if (node.size() > JobLimits.MAX_ENV_VARIABLES) {
                error(base, "has " + node.size() + " variables; at most " + JobLimits.MAX_ENV_VARIABLES + " are allowed");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                String name = entry.getKey();
                String path = JsonPaths.child(base, name);
                boolean ok = true;
                if (name.length() > JobLimits.MAX_ENV_NAME_LENGTH || !ENV_NAME.matcher(name).matches()) {
                    error(path, "is not a valid variable name; use letters, digits and '_', not starting with a digit, "
                            + "at most " + JobLimits.MAX_ENV_NAME_LENGTH + " characters (e.g. DB_PASSWORD)");
                    ok = false;
                }
                JsonNode value = entry.getValue();
                if (!value.isTextual()) {
                    error(path, "must be a string, got " + kind(value) + "; write numbers and booleans in quotes"
                            + (value.isNull() ? ", or remove the variable" : ""));
                    ok = false;
                } else if (value.asText().length() > JobLimits.MAX_ENV_VALUE_LENGTH) {
                    error(path, (secret ? "the value" : "is") + " is " + value.asText().length()
                            + " characters; values have at most " + JobLimits.MAX_ENV_VALUE_LENGTH);
                    ok = false;
                }
                if (ok) {
                    valid.put(name, value.asText());
                }
            }
            return valid;
        }

        private void registry(ObjectNode registry) {
            unknownFields(registry, "$.registry", REGISTRY_FIELDS);
            String shapes = "use either {server, identity} (managed identity with AcrPull) or {server, username, password}";
            JsonNode server = registry.get("server");
            if (server == null) {
                error("$.registry.server", "required; the registry host name without scheme, e.g. myregistry.azurecr.io");
            } else if (!server.isTextual()) {
                error("$.registry.server", "must be a host name string such as myregistry.azurecr.io, got " + kind(server));
            } else if (server.asText().length() > JobLimits.MAX_REGISTRY_SERVER_LENGTH
                    || !REGISTRY_SERVER.matcher(server.asText()).matches()) {
                error("$.registry.server", quote(server.asText()) + " is not a host name; give the registry host "
                        + "(optionally :port) without scheme or path, e.g. myregistry.azurecr.io");
            }
            boolean identity = registry.has("identity");
            boolean username = registry.has("username");
            boolean password = registry.has("password");
            if (identity && (username || password)) {
                error("$.registry", "mixes identity with username/password; " + shapes + ", not both");
            } else if (!identity && !username && !password) {
                error("$.registry", "has no credentials; " + shapes);
            } else if (username && !password) {
                error("$.registry.password", "required with username; " + shapes);
            } else if (password && !username) {
                error("$.registry.username", "required with password; " + shapes);
            }
            if (identity) {
                JsonNode id = registry.get("identity");
                if (!id.isTextual() || !IDENTITY_ID.matcher(id.asText()).matches()
                        || id.asText().length() > JobLimits.MAX_RESOURCE_ID_LENGTH) {
                    error("$.registry.identity", (id.isTextual() ? quote(id.asText()) : kind(id))
                            + " is not a user-assigned identity resource id; expected /subscriptions/<id>/resourceGroups/"
                            + "<rg>/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>");
                }
            }
            if (username) {
                JsonNode user = registry.get("username");
                if (!user.isTextual() || user.asText().isEmpty()
                        || user.asText().length() > JobLimits.MAX_REGISTRY_USERNAME_LENGTH) {
                    error("$.registry.username", "must be a non-empty string of at most "
                            + JobLimits.MAX_REGISTRY_USERNAME_LENGTH + " characters"
                            + (user.isTextual() ? "" : ", got " + kind(user)));
                }
            }
            if (password) {
                JsonNode secret = registry.get("password");
                // Never echo the value: only its type and length.
                if (!secret.isTextual() || secret.asText().isEmpty()
                        || secret.asText().length() > JobLimits.MAX_REGISTRY_PASSWORD_LENGTH) {
                    error("$.registry.password", "must be a non-empty string of at most "
                            + JobLimits.MAX_REGISTRY_PASSWORD_LENGTH + " characters"
                            + (secret.isTextual() ? " (was " + secret.asText().length() + ")" : ", got " + kind(secret)));
                }
            }
        }

        private void resourceIds(String field, Pattern pattern, int max, String shape) {
            array(field).ifPresent(array -> {
                String base = "$." + field;
                if (array.size() > max) {
                    error(base, "has " + array.size() + " entries; at most " + max + " allowed");
                }
                Set<String> seen = new HashSet<>();
                for (int i = 0; i < array.size(); i++) {
                    JsonNode item = array.get(i);
                    String path = JsonPaths.index(base, i);
                    if (!item.isTextual() || item.asText().length() > JobLimits.MAX_RESOURCE_ID_LENGTH
                            || !pattern.matcher(item.asText()).matches()) {
                        error(path, (item.isTextual() ? quote(item.asText()) : kind(item))
                                + " is not a resource id of the right type; expected " + shape);
                    } else if (!seen.add(item.asText().toLowerCase(Locale.ROOT))) {
                        error(path, "duplicates an earlier entry; list each resource once");
                    }
                }
            });
        }

        private void dnsServers(JsonNode array) {
            if (array.size() > JobLimits.MAX_DNS_SERVERS) {
                error("$.dnsServers", "has " + array.size() + " entries; at most " + JobLimits.MAX_DNS_SERVERS
                        + " name servers are used");
            }
            for (int i = 0; i < array.size(); i++) {
                JsonNode item = array.get(i);
                if (!item.isTextual() || !isIpAddress(item.asText())) {
                    error(JsonPaths.index("$.dnsServers", i), (item.isTextual() ? quote(item.asText()) : kind(item))
                            + " is not an IP address; give name servers as IPv4 or IPv6 literals, e.g. 10.0.0.4");
                }
            }
            if (!array.isEmpty() && !root.has("subnetIds")) {
                error("$.dnsServers", "needs subnetIds: ACI applies custom DNS servers only to container groups in a "
                        + "virtual network; add subnetIds or remove dnsServers");
            }
        }

        private void tags(ObjectNode tags) {
            if (tags.size() > JobLimits.MAX_TAGS) {
                error("$.tags", "has " + tags.size() + " tags; at most " + JobLimits.MAX_TAGS + " (ARM allows 50 per "
                        + "resource and aci-dispatch adds 2 of its own)");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = tags.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                String key = entry.getKey();
                String path = JsonPaths.child("$.tags", key);
                if (key.isEmpty() || key.length() > JobLimits.MAX_TAG_KEY_LENGTH || !TAG_KEY.matcher(key).matches()) {
                    error(path, "is not a valid tag name; ARM tag names have 1–" + JobLimits.MAX_TAG_KEY_LENGTH
                            + " characters, none of " + JobLimits.FORBIDDEN_TAG_KEY_CHARACTERS
                            + ", and here must not start with '['");
                } else if (key.toLowerCase(Locale.ROOT).startsWith(JobNames.RESERVED_TAG_PREFIX)) {
                    error(path, "tag names starting with '" + JobNames.RESERVED_TAG_PREFIX + "' are reserved for "
                            + "aci-dispatch's own tags; choose another name");
                }
                JsonNode value = entry.getValue();
                if (!value.isTextual()) {
                    error(path, "must be a string, got " + kind(value) + "; write numbers and booleans in quotes");
                } else if (value.asText().length() > JobLimits.MAX_TAG_VALUE_LENGTH) {
                    error(path, "is " + value.asText().length() + " characters; ARM tag values have at most "
                            + JobLimits.MAX_TAG_VALUE_LENGTH);
                }
            }
        }

        private void priority(String priority) {
            if (!JobLimits.PRIORITIES.contains(priority)) {
                String suggestion = JobLimits.PRIORITIES.stream().filter(p -> p.equalsIgnoreCase(priority))
                        .map(p -> " (did you mean '" + p + "'?)").findFirst().orElse("");
                error("$.priority", quote(priority) + " is not a priority" + suggestion + "; expected one of "
                        + String.join(", ", JobLimits.PRIORITIES));
                return;
            }
            if ("Spot".equals(priority)) {
                spotResource("cpu", defaults.defaultCpu(), JobLimits.SPOT_MAX_CPU, "cores", Settings.Names.DEFAULT_CPU);
                spotResource("memoryGb", defaults.defaultMemoryGb(), JobLimits.SPOT_MAX_MEMORY_GB, "GB",
                        Settings.Names.DEFAULT_MEMORY_GB);
                if (root.has("subnetIds")) {
                    error("$.priority", "Spot container groups cannot join a virtual network (an ACI limitation); "
                            + "remove subnetIds or use priority Regular");
                }
            }
        }

        /**
         * ACI gives Spot groups less than Regular ones. A value the general check already refused is not reported
         * twice; an absent value is checked through the default it would get.
         */
        private void spotResource(String field, double defaultValue, double spotMax, String unit,
                                  String defaultSetting) {
            String path = "$." + field;
            JsonNode node = root.get(field);
            String limit = "Spot container groups get at most " + fmt(spotMax) + " " + unit + " (an ACI limit)";
            if (node == null && defaultValue > spotMax) {
                error(path, "the default of " + fmt(defaultValue) + " " + unit + " (" + defaultSetting
                        + ") is too large: " + limit + "; set " + field + " to at most " + fmt(spotMax)
                        + " or use priority Regular");
            } else if (node != null && node.isNumber() && node.doubleValue() > spotMax
                    && errors.stream().noneMatch(e -> e.path().equals(path))) {
                error(path, node.decimalValue().stripTrailingZeros().toPlainString() + " is too large: " + limit
                        + "; set at most " + fmt(spotMax) + " or use priority Regular");
            }
        }

        private void location(String location) {
            if (!LOCATION.matcher(location).matches()) {
                error("$.location", quote(location) + " is not an Azure region name; use the lowercase name without "
                        + "spaces as ARM spells it, e.g. westeurope or eastus2");
            }
        }

        private void resourceGroup(String group) {
            if (canonicalResourceGroup(group).isEmpty()) {
                error("$.resourceGroup", quote(group) + " is not allowed; expected one of "
                        + String.join(", ", new TreeSet<>(defaults.allowedResourceGroups()))
                        + " (the allow-list is the " + Settings.Names.ALLOWED_RESOURCE_GROUPS + " setting)");
            }
        }

        private void timeout(String field) {
            String path = "$." + field;
            JsonNode node = present(root, field, path);
            if (node == null) {
                return;
            }
            long max = defaults.maxTimeout().toSeconds();
            String rule = "a whole number of seconds from " + JobLimits.MIN_TIMEOUT_SECONDS + " to " + max
                    + " (" + Settings.Names.MAX_TIMEOUT_SECONDS + ")";
            if (!node.isIntegralNumber()) {
                error(path, "must be " + rule + ", got " + kind(node)
                        + (node.isNumber() ? " with a fraction" : node.isTextual() ? " (remove the quotes)" : ""));
            } else if (!node.canConvertToInt() || node.intValue() < JobLimits.MIN_TIMEOUT_SECONDS
                    || node.intValue() > max) {
                error(path, node.asText() + " is out of range; expected " + rule);
            }
        }

        private void template(String template) {
            if (!TEMPLATE_NAME.matcher(template).matches() || !templateNames.contains(template)) {
                error("$.template", quote(template) + " is not a known template; expected one of "
                        + String.join(", ", new TreeSet<>(templateNames)));
            }
        }

        private void templateVariables(ObjectNode variables) {
            int size = variables.toString().getBytes(StandardCharsets.UTF_8).length;
            if (size > JobLimits.MAX_VARIABLES_BYTES) {
                error("$.variables", "is " + size + " bytes of JSON; at most " + JobLimits.MAX_VARIABLES_BYTES
                        + " are allowed");
            }
            bracketKeys(variables, "$.variables");
        }

        /** ARM would read a property name starting with '[' as an expression. */
        private void bracketKeys(JsonNode node, String path) {
            if (node.isObject()) {
                node.fields().forEachRemaining(e -> {
                    String child = JsonPaths.child(path, e.getKey());
                    if (e.getKey().startsWith("[")) {
                        error(child, "names must not start with '[' (ARM would read it as an expression); rename it");
                    }
                    bracketKeys(e.getValue(), child);
                });
            } else if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    bracketKeys(node.get(i), JsonPaths.index(path, i));
                }
            }
        }

        // ---- typed accessors: absent → empty; null or the wrong type → error and empty

        private JsonNode present(ObjectNode parent, String field, String path) {
            JsonNode node = parent.get(field);
            if (node == null) {
                return null;
            }
            if (node.isNull()) {
                error(path, "must not be null; omit the field to use the default");
                return null;
            }
            return node;
        }

        private Optional<String> text(String field) {
            String path = "$." + field;
            JsonNode node = present(root, field, path);
            if (node == null) {
                return Optional.empty();
            }
            if (!node.isTextual()) {
                error(path, "must be a string, got " + kind(node));
                return Optional.empty();
            }
            return Optional.of(node.asText());
        }

        private Optional<JsonNode> array(String field) {
            String path = "$." + field;
            JsonNode node = present(root, field, path);
            if (node == null) {
                return Optional.empty();
            }
            if (!node.isArray()) {
                error(path, "must be an array of strings, got " + kind(node) + (node.isTextual()
                        ? "; split it into items, e.g. [\"sh\", \"-c\", \"echo hi\"]" : ""));
                return Optional.empty();
            }
            return Optional.of(node);
        }

        private Optional<ObjectNode> object(String field) {
            String path = "$." + field;
            JsonNode node = present(root, field, path);
            if (node == null) {
                return Optional.empty();
            }
            if (!node.isObject()) {
                error(path, "must be a JSON object, got " + kind(node));
                return Optional.empty();
            }
            return Optional.of((ObjectNode) node);
        }

        private void bool(ObjectNode parent, String field, String path) {
            JsonNode node = present(parent, field, path);
            if (node != null && !node.isBoolean()) {
                error(path, "must be true or false, got " + kind(node) + (node.isTextual() ? " (remove the quotes)" : ""));
            }
        }

        private void unknownFields(ObjectNode node, String path, List<String> known) {
            unknownFields(node, path, known, List.of());
        }

        /** {@code retired} fields are known (another check explains them) but not offered as valid. */
        private void unknownFields(ObjectNode node, String path, List<String> known, List<String> retired) {
            node.fieldNames().forEachRemaining(name -> {
                if (!known.contains(name) && !retired.contains(name)) {
                    String suggestion = suggest(name, known).map(s -> "did you mean '" + s + "'? ").orElse("");
                    error(JsonPaths.child(path, name), "unknown field; " + suggestion + "valid fields here are: "
                            + String.join(", ", known));
                }
            });
        }
    }

    static Optional<String> suggest(String unknown, List<String> known) {
        String lower = unknown.toLowerCase(Locale.ROOT);
        return known.stream()
                .filter(k -> k.toLowerCase(Locale.ROOT).startsWith(lower) || distance(lower, k.toLowerCase(Locale.ROOT)) <= 2)
                .min(Comparator.comparingInt(k -> distance(lower, k.toLowerCase(Locale.ROOT))));
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static boolean isIpAddress(String value) {
        if (IPV4.matcher(value).matches()) {
            return true;
        }
        if (!value.contains(":") || !IPV6_CHARS.matcher(value).matches()) {
            return false;
        }
        try {
            // A literal containing ':' is parsed as IPv6 without any DNS lookup; IPv4-mapped forms come back as
            // Inet4Address, which is still a valid IPv6 literal.
            InetAddress.getByName(value);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
