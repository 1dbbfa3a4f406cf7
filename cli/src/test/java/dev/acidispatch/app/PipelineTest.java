package dev.acidispatch.app;

import dev.acidispatch.local.host.HostPayloadRules.ActivityInputDelivery;
import org.junit.jupiter.api.Nested;

/**
 * The end-to-end pipeline scenarios under both ways a host hands activities their input: today's Durable extension
 * (the scheduled JSON string literal, verbatim) and one that unwraps it (microsoft/durabletask-java#235 fixed).
 */
class PipelineTest {

    @Nested
    class TodaysHost extends PipelineScenarios {
        TodaysHost() {
            super(ActivityInputDelivery.AS_SCHEDULED);
        }
    }

    @Nested
    class HostThatUnwrapsStringInputs extends PipelineScenarios {
        HostThatUnwrapsStringInputs() {
            super(ActivityInputDelivery.UNWRAPPED);
        }
    }
}
