package dev.acidispatch.watch;

import com.microsoft.durabletask.RetryPolicy;
import com.microsoft.durabletask.Task;
import com.microsoft.durabletask.TaskFailedException;
import com.microsoft.durabletask.TaskOptions;
import com.microsoft.durabletask.TaskOrchestration;
import com.microsoft.durabletask.TaskOrchestrationContext;
import com.fasterxml.jackson.databind.JsonNode;
import dev.acidispatch.job.AttemptSummary;
import dev.acidispatch.job.JobStatus;
import dev.acidispatch.json.Json;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Watches one job's container group until it ends, then captures logs, cleans up and records the result. The same
 * class runs in Azure Functions and in the in-process runner.
 *
 * <p>Deterministic by contract: no I/O, time only from {@code ctx.getCurrentInstant()}; every ARM or storage call is an
 * idempotent activity with a retry policy. History stays bounded by {@code continueAsNew(plan, false)} every
 * {@link PollPolicy#pollsPerGeneration()} checks ({@code false}: durabletask 1.5 replays consumed events with
 * {@code true}). A cancel can arrive as the {@value #CANCEL_EVENT} event, or as a flag on the job record that
 * CheckGroup reports, so a cancel raised while the instance was continuing-as-new is not lost.
 */
public final class WatchJobOrchestration implements TaskOrchestration {
    public static final String NAME = "WatchJob";
    public static final String CANCEL_EVENT = "cancel";

    /** Activities are retried on transient failure; their own ARM client retries short blips first. */
    static final TaskOptions RETRY = new TaskOptions(new RetryPolicy(5, Duration.ofSeconds(5))
            .setBackoffCoefficient(2.0)
            .setMaxRetryInterval(Duration.ofMinutes(2)));
    /**
     * Waiting for a group delete: the first wait, doubled per round (up to 32x, about a minute); ACI's Retry-After or
     * the delete budget's wait wins if longer. How long ACI takes to delete a group is not documented.
     */
    static final Duration CLEANUP_FIRST_WAIT = Duration.ofSeconds(2);
    static final int CLEANUP_ROUNDS = 16;
    /** Long enough for ACI's hourly delete window to let a throttled delete through. */
    static final Duration CLEANUP_WAIT = Duration.ofMinutes(65);

    @Override
    public void run(TaskOrchestrationContext ctx) {
        ctx.complete(watch(ctx));
    }

    /** Runs the watch and returns the orchestration output (a JSON {@link WatchOutcome}), or null after continueAsNew. */
    public String watch(TaskOrchestrationContext ctx) {
        // The client sends the plan as JSON text (a string); a plan sent as an object is read as well.
        WatchPlan plan = HostPayload.read(ctx.getInput(JsonNode.class), WatchPlan.class);
        GroupRef ref = GroupRef.of(plan);
        // One waiter per generation: a fresh waiter per loop would leave older ones registered to swallow the event.
        // Any payload is accepted (only its arrival counts): a cancel raised through the Durable HTTP API may carry an
        // object or nothing, and a payload this cannot decode would fail the orchestration.
        Task<JsonNode> cancel = ctx.waitForExternalEvent(CANCEL_EVENT, JsonNode.class);
        if (plan.attempt().startPending()) {
            return startNextAttempt(ctx, plan, cancel);
        }
        int checksThisGeneration = 0;
        while (true) {
            if (checksThisGeneration >= plan.poll().pollsPerGeneration()) {
                if (cancel.isDone()) {
                    // continueAsNew(.., false) would drop the consumed-but-unhandled event: act on it now.
                    return finish(ctx, ref, cancelled(plan, ctx));
                }
                ctx.continueAsNew(Json.write(plan.nextGeneration()), false);
                return null;
            }
            // Logs are captured while the container runs, folded into the check (no extra activity), when due.
            boolean captureLogs = plan.logCaptureDue(ctx.getCurrentInstant());
            Observation seen = Json.read(ctx.callActivity(WatchActivities.CHECK_GROUP,
                    Json.write(ref.capturingLogs(captureLogs)), RETRY, String.class).await(), Observation.class);
            checksThisGeneration++;
            if (seen.phase() == Observation.Phase.QUOTA_EXCEEDED && !cancel.isDone() && !seen.cancelRequested()) {
                return deferAgain(ctx, ref, seen.detail());
            }
            Instant now = ctx.getCurrentInstant();
            plan = plan.afterCheck(seen);
            if (captureLogs && seen.phase() == Observation.Phase.RUNNING) {
                plan = plan.withLogCapture(now);
            }
            boolean cancelling = cancel.isDone() || seen.cancelRequested();
            if (!cancelling && RetryDecision.evicted(plan, seen)) {
                WatchOutcome evicted = new WatchOutcome(plan.jobId(), JobStatus.FAILED, null,
                        plan.hasStarted() ? plan.startedAtMillis() : null, now.toEpochMilli(),
                        "evicted: ACI reclaimed the Spot capacity and restarted the group"
                                + (seen.previousRun() == null ? "" : " (the run before ended " + seen.previousRun() + ")"));
                return plan.attempt().allowsAnotherAfter(true) ? endAttempt(ctx, plan, ref, evicted, true, cancel)
                        : finish(ctx, ref, evicted);
            }
            Optional<WatchOutcome> outcome = Verdict.decide(plan, seen, now, cancel.isDone());
            if (outcome.isPresent()) {
                if (!cancelling && RetryDecision.retries(plan, seen, outcome.get())) {
                    return endAttempt(ctx, plan, ref, outcome.get(), false, cancel);
                }
                return finish(ctx, ref, outcome.get());
            }
            Duration wait = plan.nextWait(now);
            plan = plan.withLastWait(wait);
            Task<Void> timer = ctx.createTimer(wait);
            Task<?> first = ctx.anyOf(cancel, timer).await();
            if (first == cancel) {
                return finish(ctx, ref, cancelled(plan, ctx));
            }
        }
    }

    /**
     * Ends an attempt the retry policy retries (or that ACI evicted): its logs are kept under its own heading, its
     * group is cleaned up as the cleanup policy says for a failed job, the record moves to RETRY_WAIT and gives its
     * admission lease back, and a new generation starts the next attempt after the back-off. History stays bounded:
     * each attempt is watched in its own generations.
     */
    private String endAttempt(TaskOrchestrationContext ctx, WatchPlan plan, GroupRef groupRef, WatchOutcome outcome,
                              boolean evicted, Task<JsonNode> cancel) {
        GroupRef ref = groupRef.keeping(groupRef.shape().cleanup().keepsGroupAfter(JobStatus.FAILED));
        String reason = outcome.reason() + captureAndCleanUp(ctx, ref);
        AttemptPlan current = plan.attempt();
        AttemptPlan next = current.next(evicted, current.retry().backoffBefore(current.number() + 1).toMillis());
        RetryRequest request = new RetryRequest(plan.jobId(), current.summary(
                evicted ? AttemptSummary.EVICTED : outcome.status().name(), outcome.exitCode(), reason),
                next.number(), next.priority(), next.waitMillis());
        ctx.callActivity(WatchActivities.SCHEDULE_RETRY, Json.write(request), RETRY, String.class).await();
        if (cancel.isDone()) {
            // continueAsNew(.., false) would drop the event: the job ends here, between attempts.
            return recordBetweenAttempts(ctx, plan, "cancelled between attempts (after attempt " + current.number()
                    + ")");
        }
        ctx.continueAsNew(Json.write(plan.withAttempt(next)), false);
        return null;
    }

    /**
     * The generation that starts a pending attempt: waits its back-off (a cancel ends the job), then asks StartAttempt,
     * which goes through admission like any create. Started: the next generation watches it. Not admitted yet: wait
     * again in a fresh generation.
     */
    private String startNextAttempt(TaskOrchestrationContext ctx, WatchPlan plan, Task<JsonNode> cancel) {
        AttemptPlan pending = plan.attempt();
        if (pending.waitMillis() > 0) {
            Task<Void> timer = ctx.createTimer(Duration.ofMillis(pending.waitMillis()));
            if (ctx.anyOf(cancel, timer).await() == cancel) {
                return recordBetweenAttempts(ctx, plan, "cancelled between attempts (before attempt "
                        + pending.number() + ")");
            }
        }
        AttemptStart result = Json.read(ctx.callActivity(WatchActivities.START_ATTEMPT,
                Json.write(AttemptStart.request(plan.jobId(), pending.number())), RETRY, String.class).await(),
                AttemptStart.class);
        switch (result.kind()) {
            case STARTED -> {
                WatchPlan started = result.plan().withAttempt(new AttemptPlan(pending.number(), pending.retry(),
                        pending.priority(), pending.spotFallback(), pending.evictions(), false, 0));
                if (cancel.isDone()) {
                    return finish(ctx, GroupRef.of(started), cancelled(started, ctx));
                }
                ctx.continueAsNew(Json.write(started), false);
                return null;
            }
            case WAIT -> {
                if (cancel.isDone()) {
                    return recordBetweenAttempts(ctx, plan, "cancelled between attempts (before attempt "
                            + pending.number() + ")");
                }
                ctx.continueAsNew(Json.write(plan.withAttempt(pending.waitAgain(result.waitMillis()))), false);
                return null;
            }
            default -> {
                return ctx.callActivity(WatchActivities.RECORD_RESULT, Json.write(result.outcome()), RETRY,
                        String.class).await();
            }
        }
    }

    /** The job ends while no attempt runs (its last group is already cleaned up): only the result is recorded. */
    private static String recordBetweenAttempts(TaskOrchestrationContext ctx, WatchPlan plan, String reason) {
        WatchOutcome outcome = new WatchOutcome(plan.jobId(), JobStatus.CANCELLED, null, null,
                ctx.getCurrentInstant().toEpochMilli(), reason);
        return ctx.callActivity(WatchActivities.RECORD_RESULT, Json.write(outcome), RETRY, String.class).await();
    }

    /** Captures logs, then cleans up; returns what the reason should add about either not finishing. */
    private static String captureAndCleanUp(TaskOrchestrationContext ctx, GroupRef ref) {
        String note = "";
        try {
            JsonNode captured = Json.read(ctx.callActivity(WatchActivities.CAPTURE_LOGS, Json.write(ref), RETRY,
                    String.class).await(), JsonNode.class);
            if (captured.hasNonNull("problem")) {
                note += "; logs not captured: " + captured.get("problem").asText();
            }
        } catch (TaskFailedException e) {
            note += "; logs not captured: " + e.getErrorDetails().getErrorMessage();
        }
        try {
            note += cleanupNote(cleanUp(ctx, ref));
        } catch (TaskFailedException e) {
            note += "; cleanup failed, left for the sweeper: " + e.getErrorDetails().getErrorMessage();
        }
        return note;
    }

    /** A quota failure after ARM accepted the deployment: clean up, then the job waits for capacity again. */
    private static String deferAgain(TaskOrchestrationContext ctx, GroupRef ref, String reason) {
        cleanUp(ctx, ref);
        return ctx.callActivity(WatchActivities.DEFER_AGAIN,
                Json.write(new WatchActivities.Deferral(ref.jobId(), reason)), RETRY, String.class).await();
    }

    /**
     * Deletes the group and its deployment record (or stops a kept group), then waits on durable timers until the group
     * is gone: ACI deletes asynchronously (containerInstance.json 2023-05-01: 202 "Delete started"), a group being
     * deleted still counts against the regional quota, and ACI limits deletes per region (quota doc: 100 per 5
     * minutes, 300 per hour), asking to retry later. Only then does the job give its admission lease back.
     *
     * @return the final state; not {@link CleanupState#settled() settled} when the wait ran out
     */
    static CleanupState cleanUp(TaskOrchestrationContext ctx, GroupRef ref) {
        CleanupState state = Json.read(ctx.callActivity(WatchActivities.CLEANUP, Json.write(ref), RETRY,
                String.class).await(), CleanupState.class);
        Duration waited = Duration.ZERO;
        for (int round = 0; !state.settled() && round < CLEANUP_ROUNDS && waited.compareTo(CLEANUP_WAIT) < 0;
             round++) {
            Duration backoff = CLEANUP_FIRST_WAIT.multipliedBy(1L << Math.min(round, 5));
            Duration wait = Duration.ofMillis(Math.max(state.retryAfterMillis(), backoff.toMillis()));
            ctx.createTimer(wait).await();
            waited = waited.plus(wait);
            state = Json.read(ctx.callActivity(WatchActivities.FINISH_CLEANUP, Json.write(state), RETRY,
                    String.class).await(), CleanupState.class);
        }
        return state;
    }

    /** What the job's reason should add about a cleanup that did not finish; empty when it did. */
    static String cleanupNote(CleanupState state) {
        if (state.problem() != null) {
            return "; cleanup incomplete, left for the sweeper: " + state.problem();
        }
        if (!state.settled()) {
            return "; cleanup still in progress after " + CLEANUP_WAIT.toMinutes() + " minutes ("
                    + (state.groupGone() ? "" : "container group still being deleted")
                    + (!state.groupGone() && !state.deploymentDeleted() ? ", " : "")
                    + (state.deploymentDeleted() ? "" : "deployment record not deleted") + "), left for the sweeper";
        }
        return "";
    }

    private static WatchOutcome cancelled(WatchPlan plan, TaskOrchestrationContext ctx) {
        Long started = plan.hasStarted() ? plan.startedAtMillis() : null;
        return new WatchOutcome(plan.jobId(), JobStatus.CANCELLED, null, started,
                ctx.getCurrentInstant().toEpochMilli(), "cancelled by request");
    }

    /**
     * Logs first (a deleted group takes its logs with it), then cleanup, then the record: each runs even if the one
     * before failed. The cleanup policy decides, from how the job ended, whether the group is deleted or kept stopped.
     */
    private String finish(TaskOrchestrationContext ctx, GroupRef groupRef, WatchOutcome outcome) {
        GroupRef ref = groupRef.keeping(groupRef.shape().cleanup().keepsGroupAfter(outcome.status()));
        WatchOutcome result = outcome;
        try {
            JsonNode captured = Json.read(ctx.callActivity(WatchActivities.CAPTURE_LOGS, Json.write(ref), RETRY,
                    String.class).await(), JsonNode.class);
            if (captured.hasNonNull("problem")) {
                result = result.withReason(result.reason() + "; logs not captured: " + captured.get("problem").asText());
            }
        } catch (TaskFailedException e) {
            result = result.withReason(result.reason() + "; logs not captured: " + e.getErrorDetails().getErrorMessage());
        }
        try {
            result = result.withReason(result.reason() + cleanupNote(cleanUp(ctx, ref)));
        } catch (TaskFailedException e) {
            // The orphan sweeper deletes what this could not; the record says so.
            result = result.withReason(result.reason() + "; cleanup failed, left for the sweeper: "
                    + e.getErrorDetails().getErrorMessage());
        }
        return ctx.callActivity(WatchActivities.RECORD_RESULT, Json.write(result), RETRY, String.class).await();
    }
}
