package dev.acidispatch.job;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Turns a raw job message into a JSON object, or an {@link InvalidJobException} with one error at {@code $}: too
 * large for a queue message, not UTF-8, not JSON (with line and column), empty, or not an object. Field checks come
 * after, in {@link MessageRules}.
 */
final class JobMessageParser {
    private static final Pattern QUOTED_TOKEN = Pattern.compile("token '[^']*'");
    private static final String BYTE_ORDER_MARK = "\uFEFF";

    private JobMessageParser() {
    }

    /** Decodes strict UTF-8 (malformed or unmappable bytes are an error, not replaced). */
    static String decodeUtf8(byte[] utf8Json) {
        checkSize(utf8Json.length);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer bytes = ByteBuffer.wrap(utf8Json);
        try {
            return decoder.decode(bytes).toString();
        } catch (MalformedInputException e) {
            throw invalidMessage("the message is not valid UTF-8 (bad byte sequence at byte offset "
                    + bytes.position() + "); encode the JSON as UTF-8");
        } catch (CharacterCodingException e) {
            throw invalidMessage("the message is not valid UTF-8; encode the JSON as UTF-8");
        }
    }

    /** Parses JSON text (a leading byte-order mark is ignored) that must hold one JSON object. */
    static ObjectNode parseObject(String json) {
        if (json.startsWith(BYTE_ORDER_MARK)) {
            json = json.substring(1);
        }
        checkSize(json.getBytes(StandardCharsets.UTF_8).length);
        JsonNode root;
        try {
            root = JobJson.readTree(json);
        } catch (JsonProcessingException e) {
            throw invalidMessage(describeSyntaxError(e));
        }
        if (root == null || root.isMissingNode()) {
            throw invalidMessage("the message is empty; send a JSON object with at least \"image\", e.g. "
                    + "{\"image\": \"mcr.microsoft.com/azuredocs/aci-helloworld\"}");
        }
        if (!root.isObject()) {
            throw invalidMessage("must be a JSON object, got " + ValueDescriptions.kind(root)
                    + "; e.g. {\"image\": \"mcr.microsoft.com/azuredocs/aci-helloworld\"}");
        }
        return (ObjectNode) root;
    }

    private static void checkSize(int bytes) {
        if (bytes > JobLimits.MAX_MESSAGE_BYTES) {
            throw invalidMessage("the message is " + bytes + " bytes; Azure Storage queue messages are limited to "
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

    /** A problem with the message as a whole. */
    static InvalidJobException invalidMessage(String message) {
        return new InvalidJobException(List.of(new FieldError(JsonPaths.ROOT, message)));
    }
}
