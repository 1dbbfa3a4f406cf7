package dev.acidispatch.local.host;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.microsoft.durabletask.JacksonDataConverter;
import com.microsoft.durabletask.azurefunctions.DurableClientContext;
import dev.acidispatch.local.host.HostPayloadRules.ActivityInputDelivery;
import dev.acidispatch.json.Json;
import dev.acidispatch.watch.GroupRef;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The conversions, one by one, with what the real host does (../shared/DESIGN.md "Host payload rules"). */
class HostPayloadRulesTest {
    private static final JacksonDataConverter DURABLETASK = new JacksonDataConverter();
    private static final GroupRef REF = new GroupRef("job-1", "rg", "acid-job-1", "acid-job-1", "job", false);

    /** What the orchestrator's callActivity(name, Json.write(ref), ...) puts into TaskScheduled.input. */
    private static String scheduledStringInput() {
        return DURABLETASK.serialize(Json.write(REF));
    }

    @Test
    void todaysHostHandsAStringParameterTheScheduledJsonStringLiteralQuotesIncluded() {
        String scheduled = scheduledStringInput();
        Object argument = HostPayloadRules.activityArgument(scheduled, String.class, ActivityInputDelivery.AS_SCHEDULED);
        assertEquals(scheduled, argument);
        assertEquals('"', ((String) argument).charAt(0));
        // Which is why reading it as the object directly fails (the bug this rule exposes):
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> Json.read((String) argument, GroupRef.class));
        assertInstanceOf(MismatchedInputException.class, e.getCause());
    }

    @Test
    void aFixedHostUnwrapsAStringLiteralOnceAndLeavesObjectsAlone() {
        assertEquals(Json.write(REF), HostPayloadRules.activityArgument(scheduledStringInput(), String.class,
                ActivityInputDelivery.UNWRAPPED));
        String objectInput = DURABLETASK.serialize(REF);
        assertEquals(objectInput, HostPayloadRules.activityArgument(objectInput, String.class,
                ActivityInputDelivery.UNWRAPPED));
        // A string holding a string literal is unwrapped once, not twice.
        String twice = DURABLETASK.serialize(DURABLETASK.serialize("x"));
        assertEquals("\"x\"", HostPayloadRules.activityArgument(twice, String.class, ActivityInputDelivery.UNWRAPPED));
    }

    @Test
    void aPojoParameterIsFilledByGsonFromObjectText() {
        Object argument = HostPayloadRules.activityArgument("{\"jobId\":\"a\",\"count\":3}", Pojo.class,
                ActivityInputDelivery.AS_SCHEDULED);
        assertEquals("a", ((Pojo) argument).jobId);
        assertEquals(3, ((Pojo) argument).count);
    }

    static final class Pojo {
        String jobId;
        int count;
    }

    @Test
    void aReturnedStringIsJsonEncodedOnceAndAPojoGoesAsJson() {
        assertEquals("\"{\\\"a\\\":1}\"", HostPayloadRules.activityResult("{\"a\":1}"));
        assertEquals("{\"a\":1}", HostPayloadRules.activityResult(Map.of("a", 1)));
        assertEquals(null, HostPayloadRules.activityResult(null));
        // The orchestrator's callActivity(..., String.class) decodes once and gets the text back.
        assertEquals("{\"a\":1}", DURABLETASK.deserialize(HostPayloadRules.activityResult("{\"a\":1}"), String.class));
    }

    @Test
    void binaryQueueMessagesArriveAsTheirBytesAndNeedTheBinaryDataType() {
        byte[] invalidUtf8 = {'{', (byte) 0xC3, '}'};
        assertArrayEquals(invalidUtf8, (byte[]) HostPayloadRules.queueArgument(invalidUtf8, "binary", byte[].class));
        assertThrows(UnsupportedOperationException.class,
                () -> HostPayloadRules.queueArgument(invalidUtf8, "", byte[].class));
        assertEquals("{\"a\":1}", HostPayloadRules.queueArgument("{\"a\":1}".getBytes(StandardCharsets.UTF_8), "",
                String.class));
    }

    @Test
    void theDurableClientBindingBecomesAClientContextForTheLocalEndpoint() {
        DurableClientContext context = HostPayloadRules.durableClient(
                HostPayloadRules.durableClientBinding("AciDispatch", 4321, "code=k"));
        assertEquals("AciDispatch", context.getTaskHubName());
    }
}
