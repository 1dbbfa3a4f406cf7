package dev.acidispatch.job;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import static dev.acidispatch.job.ValueDescriptions.kind;
import static dev.acidispatch.job.ValueDescriptions.quote;

/** Checks a top-level array of ARM resource ids of one type (identities, subnets). */
final class ResourceIdLists {

    private ResourceIdLists() {
    }

    /**
     * Each entry must match {@code pattern}; at most {@code max} entries, none twice (ARM ids compare without case).
     *
     * @param shape the id's form, shown in the error, e.g. {@code /subscriptions/<id>/resourceGroups/<rg>/...}
     */
    static void check(MessageFields message, String field, Pattern pattern, int max, String shape) {
        message.array(field).ifPresent(array -> {
            String base = "$." + field;
            if (array.size() > max) {
                message.error(base, "has " + array.size() + " entries; at most " + max + " allowed");
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < array.size(); i++) {
                JsonNode item = array.get(i);
                String path = JsonPaths.index(base, i);
                if (!item.isTextual() || item.asText().length() > JobLimits.MAX_RESOURCE_ID_LENGTH
                        || !pattern.matcher(item.asText()).matches()) {
                    message.error(path, (item.isTextual() ? quote(item.asText()) : kind(item))
                            + " is not a resource id of the right type; expected " + shape);
                } else if (!seen.add(item.asText().toLowerCase(Locale.ROOT))) {
                    message.error(path, "duplicates an earlier entry; list each resource once");
                }
            }
        });
    }
}
