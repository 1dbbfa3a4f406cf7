package dev.acidispatch.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import static dev.acidispatch.job.ValueDescriptions.kind;

/** The user's ARM {@code tags} on the container group, within ARM's limits and clear of aci-dispatch's own tags. */
final class TagRules implements FieldRules {
    private static final Pattern TAG_KEY = Pattern.compile(JobLimits.TAG_KEY_PATTERN);

    @Override
    public List<String> fields() {
        return List.of("tags");
    }

    @Override
    public void check(MessageFields message) {
        message.object("tags").ifPresent(tags -> tags(message, tags));
    }

    private static void tags(MessageFields message, ObjectNode tags) {
        if (tags.size() > JobLimits.MAX_TAGS) {
            message.error("$.tags", "has " + tags.size() + " tags; at most " + JobLimits.MAX_TAGS
                    + " (ARM allows 50 per resource and aci-dispatch adds 2 of its own)");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = tags.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String key = entry.getKey();
            String path = JsonPaths.child("$.tags", key);
            if (key.isEmpty() || key.length() > JobLimits.MAX_TAG_KEY_LENGTH || !TAG_KEY.matcher(key).matches()) {
                message.error(path, "is not a valid tag name; ARM tag names have 1–" + JobLimits.MAX_TAG_KEY_LENGTH
                        + " characters, none of " + JobLimits.FORBIDDEN_TAG_KEY_CHARACTERS
                        + ", and here must not start with '['");
            } else if (key.toLowerCase(Locale.ROOT).startsWith(JobNames.RESERVED_TAG_PREFIX)) {
                message.error(path, "tag names starting with '" + JobNames.RESERVED_TAG_PREFIX + "' are reserved for "
                        + "aci-dispatch's own tags; choose another name");
            }
            JsonNode value = entry.getValue();
            if (!value.isTextual()) {
                message.error(path, "must be a string, got " + kind(value) + "; write numbers and booleans in quotes");
            } else if (value.asText().length() > JobLimits.MAX_TAG_VALUE_LENGTH) {
                message.error(path, "is " + value.asText().length() + " characters; ARM tag values have at most "
                        + JobLimits.MAX_TAG_VALUE_LENGTH);
            }
        }
    }
}
