package dev.acidispatch.job;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobMessageParserTest {

    private static FieldError rejection(Runnable parse) {
        InvalidJobException e = assertThrows(InvalidJobException.class, parse::run);
        assertEquals(1, e.errors().size(), e.getMessage());
        assertEquals(JsonPaths.ROOT, e.errors().get(0).path());
        return e.errors().get(0);
    }

    @Test
    void aSyntaxErrorGivesLineAndColumnButNotTheOffendingToken() {
        FieldError error = rejection(() -> JobMessageParser.parseObject("{\"image\":\"busybox\",\n \"x\": s3cr3t}"));

        assertTrue(error.message().startsWith("not valid JSON at line 2, column "), error.message());
        assertFalse(error.message().contains("s3cr3t"), "the token may be part of a secret: " + error.message());
        assertTrue(error.message().endsWith("Check for a missing comma, quote or bracket; keys and strings need "
                + "double quotes"), error.message());
    }

    @Test
    void aDuplicateFieldSaysEachFieldAppearsOnce() {
        FieldError error = rejection(() -> JobMessageParser.parseObject("{\"image\":\"a\",\"image\":\"b\"}"));

        assertTrue(error.message().endsWith("Each field may appear only once"), error.message());
    }

    @Test
    void aByteOrderMarkIsIgnoredAndTheMessageMustBeAnObject() {
        assertEquals("busybox", JobMessageParser.parseObject("\uFEFF{\"image\":\"busybox\"}").get("image").asText());

        assertTrue(rejection(() -> JobMessageParser.parseObject("[]")).message()
                .startsWith("must be a JSON object, got an array"));
        assertTrue(rejection(() -> JobMessageParser.parseObject("  ")).message().startsWith("the message is empty"));
    }

    @Test
    void malformedUtf8NamesTheByteOffset() {
        byte[] bytes = "{\"image\":\"x\u00e9\"}".getBytes(StandardCharsets.UTF_8);
        bytes[11] = (byte) 0xC3; // 0xC3 followed by '"' is not a valid two-byte sequence
        bytes[12] = '"';

        assertEquals("the message is not valid UTF-8 (bad byte sequence at byte offset 11); encode the JSON as UTF-8",
                rejection(() -> JobMessageParser.decodeUtf8(bytes)).message());
    }

    @Test
    void messagesOverTheQueueLimitAreRefusedBeforeParsing() {
        String big = "{\"image\":\"" + "x".repeat(JobLimits.MAX_MESSAGE_BYTES) + "\"}";

        assertTrue(rejection(() -> JobMessageParser.parseObject(big)).message()
                .startsWith("the message is " + big.getBytes(StandardCharsets.UTF_8).length + " bytes;"));
    }
}
