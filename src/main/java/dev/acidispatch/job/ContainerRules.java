package dev.acidispatch.job;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.regex.Pattern;

import static dev.acidispatch.job.ValueDescriptions.kind;
import static dev.acidispatch.job.ValueDescriptions.quote;

/** What the container runs: the (required) {@code image} and the {@code command} that overrides its entrypoint. */
final class ContainerRules implements FieldRules {
    private static final Pattern IMAGE = Pattern.compile(JobLimits.IMAGE_PATTERN);

    @Override
    public List<String> fields() {
        return List.of("image", "command");
    }

    @Override
    public void check(MessageFields message) {
        image(message);
        message.array("command").ifPresent(command -> command(message, command));
    }

    private static void image(MessageFields message) {
        JsonNode node = message.get("image");
        if (node == null) {
            message.error("$.image", "required; set the container image to run, e.g. "
                    + "\"mcr.microsoft.com/azuredocs/aci-helloworld:latest\" or \"myregistry.azurecr.io/etl:1.4\"");
            return;
        }
        message.text("image").ifPresent(image -> {
            if (image.length() > JobLimits.MAX_IMAGE_LENGTH) {
                message.error("$.image", "is " + image.length() + " characters; an image reference has at most "
                        + JobLimits.MAX_IMAGE_LENGTH);
            } else if (!IMAGE.matcher(image).matches()) {
                String hint = image.isBlank() ? "it is empty"
                        : image.contains("://") ? "leave out the scheme (http://, https://)"
                        : image.chars().anyMatch(Character::isWhitespace) ? "it contains whitespace"
                        : "the repository path must be lowercase; tags are letters, digits, '_', '.', '-'";
                message.error("$.image", quote(image) + " is not a valid image reference (" + hint + "); expected "
                        + "[registry[:port]/]repository[:tag][@sha256:digest], e.g. myregistry.azurecr.io/etl:1.4");
            }
        });
    }

    private static void command(MessageFields message, JsonNode array) {
        if (array.isEmpty()) {
            message.error("$.command", "is empty; omit command to use the image's entrypoint, or give the program and "
                    + "its arguments, e.g. [\"sh\", \"-c\", \"echo hello\"]");
        }
        if (array.size() > JobLimits.MAX_COMMAND_ITEMS) {
            message.error("$.command", "has " + array.size() + " items; at most " + JobLimits.MAX_COMMAND_ITEMS
                    + " are allowed (pass long argument lists in a file or an environment variable)");
        }
        for (int i = 0; i < array.size(); i++) {
            String path = JsonPaths.index("$.command", i);
            JsonNode item = array.get(i);
            if (!item.isTextual()) {
                message.error(path, "must be a string, got " + kind(item)
                        + "; write numbers and flags as strings, e.g. \"42\"");
            } else if (item.asText().length() > JobLimits.MAX_COMMAND_ITEM_LENGTH) {
                message.error(path, "is " + item.asText().length() + " characters; each command item has at most "
                        + JobLimits.MAX_COMMAND_ITEM_LENGTH);
            }
        }
    }
}
