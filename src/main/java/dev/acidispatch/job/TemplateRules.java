package dev.acidispatch.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static dev.acidispatch.job.ValueDescriptions.quote;

/**
 * Which ARM template renders the deployment ({@code template}, one the catalog offers) and the free-form
 * {@code variables} it receives, bounded in size and free of names ARM would read as expressions.
 */
final class TemplateRules implements FieldRules {
    private static final Pattern TEMPLATE_NAME = Pattern.compile(JobLimits.TEMPLATE_NAME_PATTERN);

    private final Set<String> templateNames;

    TemplateRules(Set<String> templateNames) {
        this.templateNames = templateNames;
    }

    @Override
    public List<String> fields() {
        return List.of("template", "variables");
    }

    @Override
    public void check(MessageFields message) {
        message.text("template").ifPresent(template -> template(message, template));
        message.object("variables").ifPresent(variables -> variables(message, variables));
    }

    private void template(MessageFields message, String template) {
        if (!TEMPLATE_NAME.matcher(template).matches() || !templateNames.contains(template)) {
            message.error("$.template", quote(template) + " is not a known template; expected one of "
                    + String.join(", ", new TreeSet<>(templateNames)));
        }
    }

    private static void variables(MessageFields message, ObjectNode variables) {
        int size = variables.toString().getBytes(StandardCharsets.UTF_8).length;
        if (size > JobLimits.MAX_VARIABLES_BYTES) {
            message.error("$.variables", "is " + size + " bytes of JSON; at most " + JobLimits.MAX_VARIABLES_BYTES
                    + " are allowed");
        }
        bracketKeys(message, variables, "$.variables");
    }

    /** ARM would read a property name starting with '[' as an expression. */
    private static void bracketKeys(MessageFields message, JsonNode node, String path) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                String child = JsonPaths.child(path, e.getKey());
                if (e.getKey().startsWith("[")) {
                    message.error(child, "names must not start with '[' (ARM would read it as an expression); "
                            + "rename it");
                }
                bracketKeys(message, e.getValue(), child);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                bracketKeys(message, node.get(i), JsonPaths.index(path, i));
            }
        }
    }
}
