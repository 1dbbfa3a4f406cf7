package dev.acidispatch.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Parses and checks job messages (contract v1) and applies defaults. Every problem is collected, each with the JSON
 * path of the value and what would be valid, so a user fixes a message in one round. Error messages never contain
 * secret values ({@code secureEnv} values, the registry password). Thread-safe.
 *
 * <p>Three steps: {@link JobMessageParser} (size, UTF-8, JSON syntax, an object), {@link MessageRules} (one
 * {@link FieldRules} class per concern), {@link DefaultsApplier} (defaults into a {@link ResolvedJob}).
 */
public final class JobValidator {
    /** Top-level fields a v1 message may carry, in record order ({@link JobLimits#RETIRED_FIELDS} are known too). */
    public static final List<String> FIELDS = Arrays.stream(JobMessage.class.getRecordComponents())
            .map(c -> c.getName()).toList();
    static final List<String> REGISTRY_FIELDS = RegistryAndIdentityRules.REGISTRY_FIELDS;

    private final JobDefaults defaults;
    private final Set<String> templateNames;
    private final MessageRules rules;
    private final DefaultsApplier defaultsApplier;

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
        Objects.requireNonNull(ids, "ids");
        if (!this.templateNames.contains(JobLimits.DEFAULT_TEMPLATE)) {
            throw new IllegalArgumentException("The value for templateNames must contain '" + JobLimits.DEFAULT_TEMPLATE
                    + "', was " + new TreeSet<>(templateNames));
        }
        this.rules = new MessageRules(defaults, this.templateNames);
        this.defaultsApplier = new DefaultsApplier(defaults, ids);
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
        return resolve(JobMessageParser.decodeUtf8(utf8Json));
    }

    /** Parses a JSON message. Throws {@link InvalidJobException} listing every problem. */
    public ResolvedJob resolve(String json) {
        Objects.requireNonNull(json, "json");
        ObjectNode root = JobMessageParser.parseObject(json);
        List<FieldError> errors = rules.check(root);
        if (!errors.isEmpty()) {
            throw new InvalidJobException(errors);
        }
        JobMessage message;
        try {
            message = JobJson.bind(root);
        } catch (JsonProcessingException e) {
            // The checks above accept only what the binding accepts; reaching this is a bug, reported without values.
            throw JobMessageParser.invalidMessage("the message passed validation but could not be bound ("
                    + e.getClass().getSimpleName() + "); please report this");
        }
        return defaultsApplier.apply(message);
    }

    /** The checks, in the order they run (for tests). */
    MessageRules rules() {
        return rules;
    }
}
