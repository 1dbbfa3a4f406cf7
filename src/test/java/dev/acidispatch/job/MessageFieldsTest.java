package dev.acidispatch.job;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The typed accessors: absent is silent, null and wrong types are reported once, at the field's path. */
class MessageFieldsTest {

    private static MessageFields fields(String json) {
        return new MessageFields(JobMessageParser.parseObject(json));
    }

    @Test
    void anAbsentFieldIsEmptyAndNoError() {
        MessageFields message = fields("{}");

        assertEquals(Optional.empty(), message.text("location"));
        assertEquals(Optional.empty(), message.array("command"));
        assertEquals(Optional.empty(), message.object("tags"));
        assertTrue(message.errors().isEmpty());
    }

    @Test
    void nullIsReportedWithHowToGetTheDefault() {
        MessageFields message = fields("{\"location\":null}");

        assertEquals(Optional.empty(), message.text("location"));
        assertEquals(List.of(new FieldError("$.location", "must not be null; omit the field to use the default")),
                message.errors().toList());
    }

    @Test
    void aWrongTypeIsReportedWithTheTypeFound() {
        MessageFields message = fields("{\"location\":1,\"command\":\"echo hi\",\"tags\":[],\"keep\":\"true\"}");

        message.text("location");
        message.array("command");
        message.object("tags");
        message.bool(message.root(), "keep", "$.keep");

        List<FieldError> errors = message.errors().toList();
        assertEquals("must be a string, got a number", errors.get(0).message());
        assertTrue(errors.get(1).message().startsWith("must be an array of strings, got a string; split it"),
                errors.get(1).message());
        assertEquals("must be a JSON object, got an array", errors.get(2).message());
        assertEquals("must be true or false, got a string (remove the quotes)", errors.get(3).message());
        assertTrue(message.errors().hasErrorAt("$.tags"));
        assertFalse(message.errors().hasErrorAt("$.image"));
    }

    @Test
    void unknownFieldsAreNamedWithTheClosestKnownOneAndRetiredOnesAreLeftToTheirRule() {
        MessageFields message = fields("{\"imagee\":\"x\",\"gpu\":1,\"zzz\":2}");
        ObjectNode root = message.root();

        message.unknownFields(root, JsonPaths.ROOT, List.of("image", "command"), List.of("gpu"));

        List<FieldError> errors = message.errors().toList();
        assertEquals(List.of("$.imagee", "$.zzz"), errors.stream().map(FieldError::path).toList());
        assertEquals("unknown field; did you mean 'image'? valid fields here are: image, command",
                errors.get(0).message());
        assertEquals("unknown field; valid fields here are: image, command", errors.get(1).message());
        assertNull(message.get("location"));
    }
}
