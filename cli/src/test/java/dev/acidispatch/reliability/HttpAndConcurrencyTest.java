package dev.acidispatch.reliability;

import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import dev.acidispatch.api.ApiResponse;
import dev.acidispatch.app.App;
import dev.acidispatch.dispatch.DispatchOutcome;
import dev.acidispatch.dispatch.Dispatcher;
import dev.acidispatch.emulator.ContainerScript;
import dev.acidispatch.emulator.Route;
import dev.acidispatch.job.JobRecord;
import dev.acidispatch.job.JobStatus;
import dev.acidispatch.testing.PipelineHarness;
import dev.acidispatch.watch.PollPolicy;
import dev.acidispatch.watch.Watchers;
import dev.acidispatch.local.host.AppFunctions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Proxy;
import java.net.URISyntaxException;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP surface (function keys on every route, path ids validated before any store access, cancel idempotent and
 * race-free with completion) and concurrent deliveries of one job.
 */
@ExtendWith(Tally.class)
class HttpAndConcurrencyTest {

    @Test
    void anEmptyPathIdMatchesNoRouteAndTheApiRefusesItToo() {
        try (ReliabilityHarness h = ReliabilityHarness.builder()
                .jobs(jobs -> Crash.at(dev.acidispatch.store.JobStore.class, jobs, "get", 1, Crash.When.BEFORE)
                        .proxy()).build()) {
            // "/api/jobs/" and "/api/jobs//logs" never reach a function: the host answers 404.
            assertEquals(404, h.stack.routes().status("").status());
            assertEquals(404, h.stack.routes().logs("").status());
            // Behind the route, the API logic still refuses an empty id before any store read.
            assertEquals(400, h.stack.api().status("").status());
        }
    }

    @Test
    void everyHttpTriggerInTheFunctionsPackageRequiresAFunctionKey() throws Exception {
        List<String> routes = new ArrayList<>();
        for (Class<?> type : functionClasses()) {
            for (Method method : type.getDeclaredMethods()) {
                for (Parameter parameter : method.getParameters()) {
                    HttpTrigger trigger = parameter.getAnnotation(HttpTrigger.class);
                    if (trigger != null) {
                        assertEquals(AuthorizationLevel.FUNCTION, trigger.authLevel(),
                                type.getSimpleName() + "." + method.getName() + " (" + trigger.route() + ")");
                        routes.add(trigger.route());
                    }
                }
            }
        }
        assertTrue(routes.containsAll(List.of("jobs", "jobs/{id}", "jobs/{id}/logs", "jobs/{id}/cancel")),
                "the known routes were found: " + routes);
    }

    private static List<Class<?>> functionClasses() {
        return AppFunctions.CLASSES;
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"x' or PartitionKey ne '", "../", "../../jobs", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "UPPER",
            "job%27", "job'", "job\"", "-lead", "trail-", "job id", "job\u0000", "jöb", "job/cancel", "*"})
    void pathIdsAreValidatedBeforeAnyStoreAccess(String id) {
        try (ReliabilityHarness h = ReliabilityHarness.builder()
                .jobs(jobs -> Crash.at(dev.acidispatch.store.JobStore.class, jobs, "get", 1, Crash.When.BEFORE)
                        .proxy()).build()) {
            // A store read would crash the call: a 400 proves the id never got that far.
            for (ApiResponse response : List.of(h.stack.routes().status(id), h.stack.routes().logs(id),
                    h.stack.routes().cancel(id))) {
                assertEquals(400, response.status(), response.body());
                assertTrue(response.body().contains("invalid job id"), response.body());
            }
        }
    }

    @Test
    void cancelIsIdempotentWhileTheJobIsAliveAndAConflictOnceItIsFinal() {
        try (ReliabilityHarness h = ReliabilityHarness.create()) {
            // Queued: the first cancel ends it at once, a second finds it final.
            assertEquals(202, h.stack.routes().submit(PipelineHarness.message("cancel-queued")).status());
            assertEquals(202, h.stack.routes().cancel("cancel-queued").status());
            assertEquals(409, h.stack.routes().cancel("cancel-queued").status());
            assertEquals(JobStatus.CANCELLED, h.record("cancel-queued").status());

            // Running: every cancel until the watcher finishes is 202; afterwards 409, and the state never changes.
            h.script("cancel-running", ContainerScript.builder().provisioningDelay(Duration.ofSeconds(5))
                    .runDuration(Duration.ofHours(1)).build());
            h.stack.dispatch(PipelineHarness.message("cancel-running"));
            h.stack.runner().advanceAndRun(Duration.ofMinutes(2));
            assertEquals(202, h.stack.routes().cancel("cancel-running").status());
            assertEquals(202, h.stack.routes().cancel("cancel-running").status());
            h.awaitWatcher("cancel-running");
            assertEquals(409, h.stack.routes().cancel("cancel-running").status());
            h.assertSettled("cancel-running", JobStatus.CANCELLED);
        }
    }

    /** Cancel and the container's exit land at the same moment, many times: one terminal state, one transition. */
    @Test
    void cancelRacingWithCompletionEndsInExactlyOneTerminalState() throws Exception {
        int rounds = 24;
        Set<JobStatus> seen = EnumSet.noneOf(JobStatus.class);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (ReliabilityHarness h = ReliabilityHarness.create()) {
            for (int round = 0; round < rounds; round++) {
                String jobId = "race-" + round;
                h.script(jobId, ContainerScript.builder().provisioningDelay(Duration.ofSeconds(5))
                        .runDuration(Duration.ofMinutes(1)).build());
                h.stack.dispatch(PipelineHarness.message(jobId));
                // Up to the container's last minute, so the exit and the cancel meet.
                h.stack.runner().advanceAndRun(Duration.ofSeconds(40 + round));
                CountDownLatch go = new CountDownLatch(1);
                Future<?> watcher = pool.submit(() -> {
                    go.await();
                    return h.awaitWatcher(jobId);
                });
                Future<ApiResponse> cancel = pool.submit(() -> {
                    go.await();
                    if (ThreadLocalRandom.current().nextBoolean()) {
                        Thread.onSpinWait();
                    }
                    return h.stack.routes().cancel(jobId);
                });
                go.countDown();
                watcher.get(60, TimeUnit.SECONDS);
                int status = cancel.get(60, TimeUnit.SECONDS).status();
                assertTrue(status == 202 || status == 409, "cancel answered " + status);
                JobRecord done = h.record(jobId);
                assertTrue(done.status() == JobStatus.SUCCEEDED || done.status() == JobStatus.CANCELLED,
                        done.status() + " " + done.history());
                if (status == 409) {
                    assertEquals(JobStatus.SUCCEEDED, done.status(), "409 only for a job already finished");
                }
                h.assertSettled(jobId, done.status());
                seen.add(done.status());
            }
            h.assertNoDuplicates(rounds);
        } finally {
            pool.shutdownNow();
        }
        System.out.println("cancel/completion race: final states seen " + seen);
    }

    @Test
    void fiftyParallelDeliveriesOfOneMessageMakeOneGroupOneDeploymentAndOneWatcher() throws Exception {
        int threads = 50;
        try (ReliabilityHarness h = ReliabilityHarness.create()) {
            String jobId = "fifty-1";
            String message = PipelineHarness.message(jobId);
            AtomicInteger watchersStarted = new AtomicInteger();
            Watchers counting = countingStarts(h.stack.watchers(), watchersStarted);
            App app = App.from(h.stack.settings());
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<DispatchOutcome>> outcomes = new ArrayList<>();
            try {
                for (int i = 0; i < threads; i++) {
                    // One dispatcher per thread, as separate hosts would have.
                    Dispatcher host = new Dispatcher(app.validator(), app.renderer(), h.stack.groups(),
                            h.stack.jobs(), h.stack.ledger(), h.stack.deferredJobs(), counting, PollPolicy.from(h.stack.settings()), h.clock);
                    outcomes.add(pool.submit(() -> {
                        go.await();
                        return host.dispatch(message);
                    }));
                }
                go.countDown();
                int dispatched = 0;
                for (Future<DispatchOutcome> outcome : outcomes) {
                    DispatchOutcome.Kind kind = outcome.get(120, TimeUnit.SECONDS).kind();
                    assertTrue(kind == DispatchOutcome.Kind.DISPATCHED || kind == DispatchOutcome.Kind.ALREADY_DISPATCHED,
                            kind.toString());
                    dispatched += kind == DispatchOutcome.Kind.DISPATCHED ? 1 : 0;
                }
                assertTrue(dispatched >= 1, "someone dispatched it");
            } finally {
                pool.shutdownNow();
            }
            assertEquals(1, watchersStarted.get(), "one watcher started");
            assertEquals(1, h.emulator.requestLog().count(Route.DEPLOYMENT_PUT, 201), "one deployment PUT accepted");
            assertEquals(1, h.emulator.groups().size());
            h.awaitWatcher(jobId);
            h.assertSettled(jobId, JobStatus.SUCCEEDED);
            h.assertNoDuplicates(1);
        }
    }

    private static Watchers countingStarts(Watchers watchers, AtomicInteger started) {
        return (Watchers) Proxy.newProxyInstance(Watchers.class.getClassLoader(), new Class<?>[] {Watchers.class},
                (self, method, args) -> {
                    try {
                        Object result = method.invoke(watchers, args);
                        if (method.getName().equals("start") && Boolean.TRUE.equals(result)) {
                            started.incrementAndGet();
                        }
                        return result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
