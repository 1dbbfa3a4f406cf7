package dev.acidispatch.job;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.regex.Pattern;

import static dev.acidispatch.job.ValueDescriptions.kind;
import static dev.acidispatch.job.ValueDescriptions.quote;

/**
 * Checks every container of a job shares: its image, its command and (for init containers and sidecars) its name.
 * The job container's fields are top-level ({@code $.image}); the others' sit under their entry
 * ({@code $.sidecars[0].image}), so each check takes the value and its path.
 */
final class ContainerChecks {
    private static final Pattern IMAGE = Pattern.compile(JobLimits.IMAGE_PATTERN);
    private static final Pattern CONTAINER_NAME = Pattern.compile(JobLimits.CONTAINER_NAME_PATTERN);

    private ContainerChecks() {
    }

    /** {@code node} is the image value, null when absent (which is an error: every container needs one). */
    static void image(MessageFields message, JsonNode node, String path) {
        if (node == null) {
            message.error(path, "required; set the container image to run, e.g. "
                    + "\"mcr.microsoft.com/azuredocs/aci-helloworld:latest\" or \"myregistry.azurecr.io/etl:1.4\"");
            return;
        }
        if (node.isNull()) {
            message.error(path, "must not be null; set the container image to run");
            return;
        }
        if (!node.isTextual()) {
            message.error(path, "must be a string, got " + kind(node));
            return;
        }
        String image = node.asText();
        if (image.length() > JobLimits.MAX_IMAGE_LENGTH) {
            message.error(path, "is " + image.length() + " characters; an image reference has at most "
                    + JobLimits.MAX_IMAGE_LENGTH);
        } else if (!IMAGE.matcher(image).matches()) {
            String hint = image.isBlank() ? "it is empty"
                    : image.contains("://") ? "leave out the scheme (http://, https://)"
                    : image.chars().anyMatch(Character::isWhitespace) ? "it contains whitespace"
                    : "the repository path must be lowercase; tags are letters, digits, '_', '.', '-'";
            message.error(path, quote(image) + " is not a valid image reference (" + hint + "); expected "
                    + "[registry[:port]/]repository[:tag][@sha256:digest], e.g. myregistry.azurecr.io/etl:1.4");
        }
    }

    /** A command is an array of strings; a string is refused with the exec-form fix, never split by guessing. */
    static void command(MessageFields message, JsonNode node, String path) {
        if (node == null) {
            return;
        }
        if (node.isNull()) {
            message.error(path, "must not be null; omit the field to use the image's entrypoint");
            return;
        }
        if (!node.isArray()) {
            message.error(path, "must be an array of strings, got " + kind(node) + (node.isTextual()
                    ? "; aci-dispatch does not split a command line (quoting rules differ between shells), so give "
                    + "the program and its arguments as items, or run it through a shell: [\"sh\", \"-c\", "
                    + JsonStrings.quoted(node.asText()) + "]" : ""));
            return;
        }
        if (node.isEmpty()) {
            message.error(path, "is empty; omit command to use the image's entrypoint, or give the program and "
                    + "its arguments, e.g. [\"sh\", \"-c\", \"echo hello\"]");
        }
        if (node.size() > JobLimits.MAX_COMMAND_ITEMS) {
            message.error(path, "has " + node.size() + " items; at most " + JobLimits.MAX_COMMAND_ITEMS
                    + " are allowed (pass long argument lists in a file or an environment variable)");
        }
        for (int i = 0; i < node.size(); i++) {
            String itemPath = JsonPaths.index(path, i);
            JsonNode item = node.get(i);
            if (!item.isTextual()) {
                message.error(itemPath, "must be a string, got " + kind(item)
                        + "; write numbers and flags as strings, e.g. \"42\"");
            } else if (item.asText().length() > JobLimits.MAX_COMMAND_ITEM_LENGTH) {
                message.error(itemPath, "is " + item.asText().length() + " characters; each command item has at most "
                        + JobLimits.MAX_COMMAND_ITEM_LENGTH);
            }
        }
    }

    /** Returns the name when it is valid, else null (after reporting why). */
    static String name(MessageFields message, JsonNode node, String path) {
        if (node == null || node.isNull()) {
            message.error(path, "required; name the container (lowercase letters, digits and hyphens), e.g. "
                    + "\"setup\"");
            return null;
        }
        if (!node.isTextual()) {
            message.error(path, "must be a string, got " + kind(node));
            return null;
        }
        String name = node.asText();
        if (!CONTAINER_NAME.matcher(name).matches()) {
            message.error(path, quote(name) + " is not a valid container name; use 1-"
                    + JobLimits.MAX_CONTAINER_NAME_LENGTH + " lowercase letters, digits and hyphens, starting and "
                    + "ending with a letter or digit, e.g. \"log-shipper\"");
            return null;
        }
        return name;
    }
}
