package dev.acidispatch.local.host;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.gson.Gson;
import com.microsoft.durabletask.azurefunctions.DurableClientContext;

import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The conversions the Azure Functions host applies between its payloads and a Java function's parameters and return
 * values, for the bindings this app uses. One place, so the local stack cannot drift from them.
 *
 * <p>Sources: the Azure Functions Java worker 2.17.0 (Azure/azure-functions-java-worker, {@code binding/}
 * {@code RpcStringDataSource}, {@code RpcJsonDataSource}, {@code RpcByteArrayDataSource},
 * {@code RpcUnspecifiedDataTarget}) and the Durable Functions extension's "MiddlewarePassthrough" protocol for Java
 * with {@code rawInput} (Azure/azure-functions-durable-extension, since 2.13.0), as written up in
 * ../shared/DESIGN.md "Host payload rules":
 * <ul>
 *   <li>A {@code String} parameter receives TypedData string or json text verbatim (no JSON decoding).</li>
 *   <li>A POJO parameter is filled by Gson from JSON-object text.</li>
 *   <li>{@code byte[]} with {@code dataType = "binary"} receives the raw bytes.</li>
 *   <li>Activity input: the extension hands the scheduled input's JSON text unchanged; durabletask-java serialises a
 *       Java {@code String} input as a JSON string literal, so a {@code String} parameter receives the literal, quotes
 *       included (microsoft/durabletask-java#235, #193).</li>
 *   <li>Activity output: a returned {@code String} goes back as TypedData string and the extension JSON-encodes it
 *       once; a returned POJO/Map goes back as TypedData json (Gson) and is stored as that JSON.</li>
 *   <li>Durable client: the binding value is JSON the worker turns into a {@link DurableClientContext} with Gson; its
 *       {@code rpcBaseUrl} names the extension's local gRPC endpoint.</li>
 * </ul>
 */
public final class HostPayloadRules {
    /** Gson as the worker uses it: default configuration ({@code RpcJsonDataSource.gson}). */
    static final Gson GSON = new Gson();
    private static final ObjectMapper JACKSON = new ObjectMapper();

    /** How the host hands an activity its input. */
    public enum ActivityInputDelivery {
        /** Today's host: the scheduled input's JSON text verbatim (a string input arrives as a JSON string literal). */
        AS_SCHEDULED,
        /** A host that fixes microsoft/durabletask-java#235: a JSON string literal arrives decoded, once. */
        UNWRAPPED
    }

    private HostPayloadRules() {
    }

    /** The value an activity-trigger parameter of type {@code type} receives for the scheduled input's JSON text. */
    public static Object activityArgument(String scheduledInput, Type type, ActivityInputDelivery delivery) {
        String text = scheduledInput;
        if (delivery == ActivityInputDelivery.UNWRAPPED && scheduledInput != null) {
            JsonNode node = readTree(scheduledInput);
            if (node.isTextual()) {
                text = node.textValue();
            }
        }
        if (type == String.class) {
            return text;
        }
        return text == null ? null : GSON.fromJson(text, type);
    }

    /** What the orchestrator's {@code TaskCompleted.result} holds for what an activity function returned. */
    public static String activityResult(Object returned) {
        if (returned == null) {
            return null;
        }
        if (returned instanceof String text) {
            try {
                return JACKSON.writeValueAsString(text);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
        return GSON.toJson(returned);
    }

    /** The value a queue-trigger parameter receives for a message's bytes. */
    public static Object queueArgument(byte[] message, String dataType, Type type) {
        if (type == byte[].class) {
            if (!"binary".equals(dataType)) {
                throw new UnsupportedOperationException("A byte[] queue parameter needs dataType = \"binary\"");
            }
            return message.clone();
        }
        String text = new String(message, StandardCharsets.UTF_8);
        return type == String.class ? text : GSON.fromJson(text, type);
    }

    /** The {@link DurableClientContext} the worker builds (Gson) from the Durable client binding's JSON. */
    public static DurableClientContext durableClient(String bindingJson) {
        return GSON.fromJson(bindingJson, DurableClientContext.class);
    }

    /** The Durable client binding's JSON as the extension sends it, for a local gRPC endpoint on {@code port}. */
    public static String durableClientBinding(String taskHubName, int port, String requiredQueryStringParameters) {
        Map<String, Object> binding = new LinkedHashMap<>();
        binding.put("taskHubName", taskHubName);
        binding.put("rpcBaseUrl", "http://127.0.0.1:" + port + "/durabletask/");
        binding.put("requiredQueryStringParameters", requiredQueryStringParameters);
        return GSON.toJson(binding);
    }

    /** The timer trigger's payload: the host's TimerInfo as JSON text, which a {@code String} parameter gets as is. */
    public static String timerInfo(Instant last, Instant next, boolean pastDue) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("Last", last.toString());
        status.put("Next", next.toString());
        status.put("LastUpdated", last.toString());
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("Schedule", Map.of("AdjustForDST", true));
        info.put("ScheduleStatus", status);
        info.put("IsPastDue", pastDue);
        return GSON.toJson(info);
    }

    private static JsonNode readTree(String json) {
        try {
            return JACKSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The scheduled activity input is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
