package dev.acidispatch.app;

import dev.acidispatch.local.host.HostPayloadRules.ActivityInputDelivery;
import org.junit.jupiter.api.Nested;

/** The job-lifecycle scenarios under both ways a host hands activities their input (see {@link PipelineTest}). */
class LifecycleTest {

    @Nested
    class TodaysHost extends LifecycleScenarios {
        TodaysHost() {
            super(ActivityInputDelivery.AS_SCHEDULED);
        }
    }

    @Nested
    class HostThatUnwrapsStringInputs extends LifecycleScenarios {
        HostThatUnwrapsStringInputs() {
            super(ActivityInputDelivery.UNWRAPPED);
        }
    }
}
