package dev.acidispatch.app;

import dev.acidispatch.local.host.HostPayloadRules.ActivityInputDelivery;
import org.junit.jupiter.api.Nested;

/** {@link AzureBehaviourScenarios} under both ways a host may hand activities their input (as {@link PipelineTest}). */
class AzureBehaviourTest {

    @Nested
    class TodaysHost extends AzureBehaviourScenarios {
        TodaysHost() {
            super(ActivityInputDelivery.AS_SCHEDULED);
        }
    }

    @Nested
    class HostThatUnwrapsStringInputs extends AzureBehaviourScenarios {
        HostThatUnwrapsStringInputs() {
            super(ActivityInputDelivery.UNWRAPPED);
        }
    }
}
