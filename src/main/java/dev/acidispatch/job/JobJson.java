package dev.acidispatch.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.UncheckedIOException;

/**
 * The strict JSON mapping of job messages: unknown fields, duplicate keys, trailing tokens and type coercion
 * ({@code "1"} for 1, 1.5 for an integer, null for a primitive) all fail. {@link JobValidator} is the way in for
 * untrusted input (it reports every problem); this class is the binding both directions share.
 */
public final class JobJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfigDefaults(c -> c
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
            .build();

    private JobJson() {
    }

    /** Serialises a message (absent fields omitted). The output contains secret values: it is the wire format. */
    public static String write(JobMessage message) {
        try {
            return MAPPER.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Strict binding of an already-checked message; throws on the first problem. Prefer {@link JobValidator}. */
    public static JobMessage read(String json) {
        try {
            return MAPPER.readValue(json, JobMessage.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not a valid job message: " + e.getOriginalMessage(), e);
        }
    }

    static JsonNode readTree(String json) throws JsonProcessingException {
        return MAPPER.readTree(json);
    }

    static JobMessage bind(JsonNode tree) throws JsonProcessingException {
        return MAPPER.treeToValue(tree, JobMessage.class);
    }

    static ObjectMapper mapper() {
        return MAPPER;
    }
}
