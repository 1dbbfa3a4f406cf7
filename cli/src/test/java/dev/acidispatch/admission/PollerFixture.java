package dev.acidispatch.admission;

import dev.acidispatch.arm.ArmConnection;
import dev.acidispatch.arm.AzureContainerGroups;
import dev.acidispatch.arm.ContainerGroups;
import dev.acidispatch.config.Settings;
import dev.acidispatch.emulator.ArmEmulator;
import dev.acidispatch.emulator.VirtualClock;
import dev.acidispatch.job.JobDefaults;
import dev.acidispatch.job.JobValidator;
import dev.acidispatch.store.InMemoryQueue;
import dev.acidispatch.store.JobStore;
import dev.acidispatch.store.StorageClients;
import dev.acidispatch.store.TableJobStore;
import dev.acidispatch.testing.Azurite;
import dev.acidispatch.testing.PipelineHarness;
import org.junit.jupiter.api.AfterEach;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What a {@link WorkPoller} test runs against: job and schedule tables of its own on Azurite (real ETags, so
 * concurrent pollers race as in Azure), the ARM emulator for the orphan sweep, on a virtual clock at {@link #T0}.
 */
abstract class PollerFixture {
    static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");

    final VirtualClock clock = VirtualClock.startingAt(T0.toString());
    final ArmEmulator emulator = ArmEmulator.builder().clock(clock).start();
    final ContainerGroups arm = new AzureContainerGroups(
            ArmConnection.unauthenticated(emulator.subscriptionId(), emulator.endpoint()), PipelineHarness.FAST_RETRIES);
    final Settings settings = Settings.from(Map.of(Settings.Names.DEFAULT_RESOURCE_GROUP,
            PipelineHarness.RESOURCE_GROUP));
    final JobValidator validator = new JobValidator(JobDefaults.from(settings), Set.of("default"));
    final StorageClients storage = StorageClients.fromConnectionString(Azurite.shared().connectionString());
    private final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    final JobStore jobs = new TableJobStore(storage.tables(), "jobs" + suffix, 40);
    final ScheduleStore schedules = new TableScheduleStore(storage.tables(), "schedules" + suffix);
    final InMemoryQueue queue = new InMemoryQueue("jobs", clock);
    final AdmissionLedger ledger;
    final DeferredJobs deferred = new InMemoryDeferredJobs();

    /** @param maxGroups the admission limit on container groups at once */
    PollerFixture(int maxGroups) {
        ledger = new InMemoryAdmissionLedger(new AdmissionLimits(maxGroups, 100, 100, 300));
    }

    @AfterEach
    void closeEmulator() {
        emulator.close();
    }

    WorkPoller poller() {
        return new WorkPoller(schedules, jobs, validator, queue, ledger, deferred,
                OrphanSweeper.fromSettings(arm, jobs, ledger, settings), WorkPoller.Options.DEFAULTS);
    }
}
