package dev.acidispatch.job;

import java.util.List;

/**
 * The message's field names: an unknown one is refused with a "did you mean", a retired one ({@code gpu}) with the
 * reason it is no longer offered. Owns the retired fields.
 */
final class KnownFieldsRules implements FieldRules {

    @Override
    public List<String> fields() {
        return JobLimits.RETIRED_FIELDS;
    }

    @Override
    public void check(MessageFields message) {
        message.unknownFields(message.root(), JsonPaths.ROOT, JobValidator.FIELDS, JobLimits.RETIRED_FIELDS);
        if (message.has("gpu")) {
            message.error("$.gpu", JobLimits.GPU_RETIRED);
        }
    }
}
