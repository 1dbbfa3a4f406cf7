package dev.acidispatch.bench;

import dev.acidispatch.arm.ArmConnection;
import dev.acidispatch.arm.AzureContainerGroups;
import dev.acidispatch.config.Settings;
import dev.acidispatch.dispatch.DispatchOutcome;
import dev.acidispatch.emulator.ArmEmulator;
import dev.acidispatch.emulator.ContainerScript;
import dev.acidispatch.emulator.QuotaViolation;
import dev.acidispatch.emulator.Quotas;
import dev.acidispatch.emulator.RecordedRequest;
import dev.acidispatch.emulator.RequestLog;
import dev.acidispatch.emulator.Route;
import dev.acidispatch.emulator.Throttling;
import dev.acidispatch.emulator.VirtualClock;
import dev.acidispatch.infra.InfraRole;
import dev.acidispatch.job.JobNames;
import dev.acidispatch.job.JobRecord;
import dev.acidispatch.job.JobStatus;
import dev.acidispatch.local.LocalStack;
import dev.acidispatch.store.ReceivedMessage;
import dev.acidispatch.testing.PipelineHarness;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * Section 8: a 1,000-job burst with ARM's and ACI's limits on, end to end on a virtual clock: messages on the jobs
 * queue, the DispatchJob and PollWork functions, the watchers in the in-process runner, the real SDK against the
 * emulator. The emulator enforces ARM's request buckets (reads 250 / 25 per s, writes and deletes 200 / 10 per s),
 * ACI's regional quotas (100 groups, 100 cores, 100 creates and 100 deletes per 5 minutes, 300 of each per hour),
 * asynchronous deletes (30 s for a group, 10 s for a deployment record: this benchmark's choice) and the role
 * infra/main.json grants the app. Jobs run 1 to 30 minutes (seeded), so they finish in bunches and deletes can
 * crowd a window. Admission runs at ACI's defaults; the burst runs twice, with the delete budget lifted (admission
 * budgets creates only) and at ACI's delete limits, to show whether admission needs to budget deletes.
 */
final class BurstUnderLimitsBenchmark {
    static final int JOBS = 1_000;
    static final long SEED = 19;

    record Figures(int jobs, Map<JobStatus, Long> statuses, long virtualMinutes, double realSeconds,
                   Map<String, Long> quotaViolations, long subscriptionThrottles, long deleteThrottles,
                   long otherThrottles, int maxGroupsAtOnce, long maxCreatesIn5Min, long maxDeletesIn5Min,
                   long maxDeletesInHour, int leakedGroups, int leakedDeployments, long cleanupLeftForSweeper,
                   long armRequests, long poisonedMessages) {
    }

    private BurstUnderLimitsBenchmark() {
    }

    /** @param deleteBudget whether admission budgets deletes at ACI's defaults (else the budget is lifted) */
    static Figures run(boolean deleteBudget) {
        VirtualClock clock = VirtualClock.startingAt("2026-11-23T08:00:00Z");
        ArmEmulator emulator = ArmEmulator.builder().clock(clock)
                .throttling(Throttling.armDefaults())
                .quotas(Quotas.aciDefaults())
                .authorization(InfraRole.onJobsResourceGroup(ArmEmulator.DEFAULT_SUBSCRIPTION_ID,
                        PipelineHarness.RESOURCE_GROUP))
                .resourceGroups(PipelineHarness.RESOURCE_GROUP)
                .groupDeleteDuration(PipelineHarness.GROUP_DELETE_TIME)
                .deploymentDeleteDuration(PipelineHarness.DEPLOYMENT_DELETE_TIME)
                .start();
        Random random = new Random(SEED);
        for (int i = 0; i < JOBS; i++) {
            emulator.script(JobNames.containerGroupName(jobId(i)), ContainerScript.builder()
                    .provisioningDelay(Duration.ofSeconds(20 + random.nextInt(70)))
                    .runDuration(Duration.ofMinutes(1 + random.nextInt(30))).logLines("done").build());
        }
        Map<String, String> env = new HashMap<>();
        env.put(Settings.Names.SUBSCRIPTION_ID, emulator.subscriptionId());
        env.put(Settings.Names.ARM_ENDPOINT, emulator.endpoint().toString());
        env.put(Settings.Names.DEFAULT_RESOURCE_GROUP, PipelineHarness.RESOURCE_GROUP);
        if (!deleteBudget) {
            env.put(Settings.Names.DELETES_PER_5_MIN, "100000");
            env.put(Settings.Names.DELETES_PER_HOUR, "1000000");
        }
        long poisoned = 0;
        int maxGroups = 0;
        long started = System.nanoTime();
        long minutes = 0;
        try (LocalStack stack = LocalStack.builder(Settings.from(env))
                .groups(new AzureContainerGroups(ArmConnection.unauthenticated(emulator.subscriptionId(),
                        emulator.endpoint()), PipelineHarness.FAST_RETRIES))
                .clock(clock).build()) {
            for (int i = 0; i < JOBS; i++) {
                stack.jobQueue().send(PipelineHarness.message(jobId(i), 600, 3600));
            }
            while (succeededOrOver(stack) < JOBS && minutes < 12 * 60) {
                stack.pollWork();
                poisoned += drain(stack);
                stack.runner().runUntilIdle();
                maxGroups = Math.max(maxGroups, emulator.groups().size());
                stack.runner().advanceAndRun(Duration.ofMinutes(1));
                minutes++;
            }
            // Let the last cleanups and deletes finish.
            stack.runner().advanceAndRun(Duration.ofMinutes(10));
            Map<JobStatus, Long> statuses = new EnumMap<>(JobStatus.class);
            long leftForSweeper = 0;
            for (JobRecord r : stack.jobs().list(Set.of(), 5 * JOBS)) {
                statuses.merge(r.status(), 1L, Long::sum);
                if (r.reason() != null && r.reason().contains("sweeper")) {
                    leftForSweeper++;
                }
            }
            RequestLog log = emulator.requestLog();
            Map<String, Long> violations = new TreeMap<>();
            for (QuotaViolation v : emulator.quotaViolations()) {
                violations.merge(v.quota(), 1L, Long::sum);
            }
            long subscription = log.countErrors("SubscriptionRequestsThrottled");
            long deletes = log.entries().stream().filter(r -> r.route() == Route.GROUP_DELETE && r.status() == 429
                    && "ResourceRequestsThrottled".equals(r.errorCode())).count();
            long other = log.entries().stream().filter(r -> r.status() == 429).count() - subscription - deletes;
            List<Instant> creates = times(log, Route.DEPLOYMENT_PUT, 201);
            List<Instant> groupDeletes = times(log, Route.GROUP_DELETE, 202);
            return new Figures(JOBS, statuses, minutes, (System.nanoTime() - started) / 1e9, violations,
                    subscription, deletes, other, maxGroups, maxInWindow(creates, Duration.ofMinutes(5)),
                    maxInWindow(groupDeletes, Duration.ofMinutes(5)), maxInWindow(groupDeletes, Duration.ofHours(1)),
                    emulator.groups().size(), emulator.deployments().size(), leftForSweeper, log.entries().size(),
                    poisoned);
        } finally {
            emulator.close();
        }
    }

    private static String jobId(int i) {
        return "burst-" + i;
    }

    private static long succeededOrOver(LocalStack stack) {
        return stack.jobs().list(Set.of(), 5 * JOBS).stream().filter(r -> r.status().isTerminal()).count();
    }

    /** Delivers every visible message to DispatchJob, as the queue trigger would; counts deliveries that threw. */
    private static long drain(LocalStack stack) {
        long failed = 0;
        List<ReceivedMessage> batch;
        while (!(batch = stack.jobQueue().receive(32, Duration.ofMinutes(5))).isEmpty()) {
            for (ReceivedMessage m : batch) {
                try {
                    DispatchOutcome ignored = stack.dispatch(m.text());
                } catch (RuntimeException e) {
                    failed++; // the host would redeliver; the benchmark counts it
                }
                stack.jobQueue().delete(m);
            }
        }
        return failed;
    }

    private static List<Instant> times(RequestLog log, Route route, int status) {
        List<Instant> times = new ArrayList<>();
        for (RecordedRequest r : log.of(route)) {
            if (r.status() == status && r.at() != null) {
                times.add(r.at());
            }
        }
        times.sort(null);
        return times;
    }

    /** The most events in any window of that length (sliding, as ACI's quota windows are read here). */
    static long maxInWindow(List<Instant> sorted, Duration window) {
        long max = 0;
        int from = 0;
        for (int to = 0; to < sorted.size(); to++) {
            while (!sorted.get(from).isAfter(sorted.get(to).minus(window))) {
                from++;
            }
            max = Math.max(max, to - from + 1);
        }
        return max;
    }

    static void print(Report report, Figures lifted, Figures budgeted) {
        report.section("8. A 1,000-job burst under ARM's and ACI's limits (virtual time; emulator with throttling, "
                + "quotas, delete limits, asynchronous deletes and the infra role on)");
        report.row("figure", "creates budgeted only", "creates and deletes budgeted", "limit / note");
        row(report, "jobs succeeded", lifted, budgeted,
                f -> f.statuses().getOrDefault(JobStatus.SUCCEEDED, 0L) + " of " + f.jobs(), "");
        row(report, "virtual time to finish the burst", lifted, budgeted, f -> f.virtualMinutes() + " min",
                "300 creates per hour: at least 200 min for 1,000");
        row(report, "quota errors (creates and deletes refused)", lifted, budgeted,
                f -> sum(f.quotaViolations()) + (f.quotaViolations().isEmpty() ? "" : " " + f.quotaViolations()),
                "what ACI refused");
        row(report, "leaked container groups", lifted, budgeted, Figures::leakedGroups, "groups left after the burst");
        row(report, "leaked deployment records", lifted, budgeted, Figures::leakedDeployments,
                "records left after the burst");
        row(report, "cleanups left for the sweeper", lifted, budgeted, Figures::cleanupLeftForSweeper,
                "job reasons that say so");
        row(report, "messages whose dispatch threw", lifted, budgeted, Figures::poisonedMessages,
                "each would be redelivered");
        row(report, "ARM 429 SubscriptionRequestsThrottled", lifted, budgeted, Figures::subscriptionThrottles,
                "reads 250 / 25 per s, writes and deletes 200 / 10 per s");
        row(report, "ACI 429 on group deletes (delete limit)", lifted, budgeted, Figures::deleteThrottles,
                "100 per 5 min, 300 per hour");
        row(report, "other 429s", lifted, budgeted, Figures::otherThrottles, "");
        row(report, "most container groups at once", lifted, budgeted, Figures::maxGroupsAtOnce, "quota 100");
        row(report, "most creates in any 5 minutes", lifted, budgeted, Figures::maxCreatesIn5Min, "limit 100");
        row(report, "most group deletes in any 5 minutes", lifted, budgeted, Figures::maxDeletesIn5Min, "limit 100");
        row(report, "most group deletes in any hour", lifted, budgeted, Figures::maxDeletesInHour, "limit 300");
        row(report, "ARM requests", lifted, budgeted, Figures::armRequests, "");
        row(report, "real time", lifted, budgeted, f -> String.format("%.0f s", f.realSeconds()), "");
        report.note("Jobs run 1 to 30 minutes (seed " + SEED + ") after 20 to 90 s of provisioning; admission at "
                + "ACI's defaults (100 jobs, 100 cores, 100 creates per 5 minutes, 300 per hour). \"Creates budgeted "
                + "only\" lifts the delete budget (DISPATCH_DELETES_PER_5_MIN and _PER_HOUR set far above ACI's): "
                + "a delete ACI refuses is then waited out by the watcher (its Retry-After, on a durable timer), "
                + "holding the job's lease. \"Creates and deletes budgeted\" is the default: each group delete takes "
                + "one from a 100 per 5 minutes, 300 per hour budget first.");
        report.target("0 quota errors in a 1,000-job burst with ARM throttling and ACI delete limits on",
                budgeted.quotaViolations().isEmpty(), sum(budgeted.quotaViolations()) + " quota errors");
        report.target("0 leaked container groups and deployment records after the burst",
                budgeted.leakedGroups() == 0 && budgeted.leakedDeployments() == 0,
                budgeted.leakedGroups() + " groups, " + budgeted.leakedDeployments() + " deployment records");
    }

    private static void row(Report report, String name, Figures a, Figures b,
                            java.util.function.Function<Figures, Object> value, String note) {
        report.row(name, value.apply(a), value.apply(b), note);
    }

    private static long sum(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}
