package dev.acidispatch.emulator.conformance;

import dev.acidispatch.emulator.Throttling;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.acidispatch.emulator.conformance.Arm.ACI_API;
import static dev.acidispatch.emulator.conformance.Arm.group;
import static dev.acidispatch.emulator.conformance.Arm.groupResource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ARM's subscription request buckets. */
class ThrottlingConformanceTest {
    private Arm arm;

    @AfterEach
    void close() {
        if (arm != null) {
            arm.close();
        }
    }

    @Test
    @Source({"Understand how Azure Resource Manager throttles requests: token buckets per subscription, reads 250 "
            + "with 25 per second back, writes 200 / 10, deletes 200 / 10; headers "
            + "x-ms-ratelimit-remaining-subscription-reads/-writes/-deletes"})
    void everyAnswerReportsTheTokensLeftInItsBucket() {
        Throttling defaults = Throttling.armDefaults();
        assertEquals(new Throttling.Bucket(250, 25), defaults.reads());
        assertEquals(new Throttling.Bucket(200, 10), defaults.writes());
        assertEquals(new Throttling.Bucket(200, 10), defaults.deletes());
        // ARM's bucket sizes with a refill too slow to show within the test, so the counts are exact.
        arm = Arm.start(b -> b.throttling(new Throttling(new Throttling.Bucket(250, 0.001),
                new Throttling.Bucket(200, 0.001), new Throttling.Bucket(200, 0.001))));
        Arm.Answer read = arm.getGroup("rg", "a");
        assertEquals("249", read.header("x-ms-ratelimit-remaining-subscription-reads").orElseThrow());
        Arm.Answer write = arm.deploy("rg", "dep-a", groupResource("a"));
        assertEquals("199", write.header("x-ms-ratelimit-remaining-subscription-writes").orElseThrow());
        Arm.Answer delete = arm.send("DELETE", group("rg", "a") + ACI_API, null);
        assertEquals("199", delete.header("x-ms-ratelimit-remaining-subscription-deletes").orElseThrow());
        assertEquals("248", arm.getGroup("rg", "a").header("x-ms-ratelimit-remaining-subscription-reads")
                .orElseThrow());
    }

    @Test
    @Source({"Understand how Azure Resource Manager throttles requests: \"you receive the HTTP status code 429 Too "
            + "many requests. The response includes a Retry-After value\"",
            "MicrosoftDocs/azure-docs#105248, webdevops/azure-metrics-exporter#36: SubscriptionRequestsThrottled "
            + "\"Number of requests for subscription '...' and operation '...' exceeded the backend storage limit\""})
    void anEmptyBucketAnswers429UntilItRefills() {
        arm = Arm.start(b -> b.throttling(new Throttling(new Throttling.Bucket(3, 0.5), new Throttling.Bucket(200, 10),
                new Throttling.Bucket(200, 10))));
        for (int i = 0; i < 3; i++) {
            assertEquals(404, arm.getGroup("rg", "a").status());
        }
        Arm.Answer throttled = arm.getGroup("rg", "a");
        assertEquals(429, throttled.status());
        assertEquals("SubscriptionRequestsThrottled", throttled.errorCode());
        assertEquals("2", throttled.header("Retry-After").orElseThrow(), "one token takes 2 s at 0.5 per second");
        assertTrue(throttled.errorMessage().contains("Please try again after '2' seconds"));
        assertEquals(201, arm.deploy("rg", "dep-a", groupResource("a")).status(), "writes have their own bucket");
        arm.advance(Duration.ofSeconds(2));
        assertEquals(200, arm.getGroup("rg", "a").status());
        assertEquals(429, arm.getGroup("rg", "a").status());
    }
}
