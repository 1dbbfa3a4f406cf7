package dev.acidispatch.emulator;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaultInjectorTest {
    private final FaultInjector faults = new FaultInjector();

    @Test
    void theNthCallFromNowOnFailsWhateverOtherRoutesDoInBetween() {
        faults.onCall(Route.GROUP_GET);
        Fault fault = Fault.serviceUnavailable();
        faults.inject(Route.GROUP_GET, 2, fault);

        assertEquals(Optional.empty(), faults.onCall(Route.GROUP_GET));
        assertEquals(Optional.empty(), faults.onCall(Route.LOGS));
        assertEquals(Optional.of(fault), faults.onCall(Route.GROUP_GET));
        assertEquals(Optional.empty(), faults.onCall(Route.GROUP_GET), "a fault fires once");
    }

    @Test
    void aCallCountBelowOneIsRefusedNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> faults.inject(Route.LOGS, 0, Fault.internalServerError()));
        assertTrue(e.getMessage().contains("nthCall"), e.getMessage());
    }

    @Test
    void aThrottleAnswersWithArmsErrorCodeAndRetryAfter() {
        Reply reply = FaultInjector.reply(Fault.throttle(7));

        assertEquals(429, reply.status());
        assertEquals("SubscriptionRequestsThrottled", reply.body().at("/error/code").asText());
        assertEquals("7", reply.headers().get("Retry-After"));
        assertEquals("ServiceUnavailable", FaultInjector.reply(Fault.serviceUnavailable()).body()
                .at("/error/code").asText());
        assertEquals(500, FaultInjector.reply(Fault.internalServerError()).status());
    }
}
