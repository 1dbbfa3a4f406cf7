package dev.acidispatch.local.host;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.microsoft.azure.functions.annotation.QueueTrigger;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import com.microsoft.durabletask.CompositeTaskFailedException;
import com.microsoft.durabletask.DataConverter;
import com.microsoft.durabletask.OrchestrationRunner;
import com.microsoft.durabletask.OrchestratorFunction;
import com.microsoft.durabletask.TaskFailedException;
import com.microsoft.durabletask.TaskOrchestrationContext;
import com.microsoft.durabletask.azurefunctions.DurableActivityTrigger;
import com.microsoft.durabletask.azurefunctions.DurableClientInput;
import com.microsoft.durabletask.azurefunctions.DurableOrchestrationTrigger;
import com.microsoft.durabletask.interruption.ContinueAsNewInterruption;
import com.microsoft.durabletask.interruption.OrchestratorBlockedException;
import dev.acidispatch.local.durable.DurableWorker;
import dev.acidispatch.local.host.HostPayloadRules.ActivityInputDelivery;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.function.Supplier;

/**
 * Calls the app's Functions classes the way the Azure Functions host and its Java worker do, so the code Azure runs is
 * the code the local stack and the end-to-end tests run: it finds the {@code @FunctionName} methods, creates the class
 * per invocation, binds each parameter by its annotation and type under {@link HostPayloadRules}, converts return
 * values back, and runs orchestrators through durabletask's {@link OrchestrationRunner} on the base64 request exactly
 * as the worker's Durable middleware does ({@code OrchestrationMiddleware} in durabletask-azure-functions 1.4.0).
 * HTTP routes sit under {@code /api} and need a function key ({@code ?code=} or {@code x-functions-key}) unless
 * anonymous; a wrong or missing key gets 401, an unknown route 404, as from the host.
 *
 * <p>It models only the bindings this app uses and refuses any other parameter with a message naming it.
 */
public final class FunctionsHost implements DurableWorker {
    /** The host's default HTTP route prefix. */
    public static final String ROUTE_PREFIX = "/api/";
    private static final Logger LOG = Logger.getLogger(FunctionsHost.class.getName());

    private final Map<String, Entry> functions;
    private final Function<Class<?>, Object> instances;
    private final ActivityInputDelivery delivery;
    private final Supplier<String> durableClientBinding;
    private final Set<String> functionKeys;
    private final Clock clock;
    private final Map<String, LongAdder> executions = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> executionNanos = new ConcurrentHashMap<>();
    private final Map<String, LongAccumulator> longestNanos = new ConcurrentHashMap<>();

    private FunctionsHost(Builder b) {
        Map<String, Entry> byName = new LinkedHashMap<>();
        for (Class<?> type : b.classes) {
            for (Method method : type.getMethods()) {
                FunctionName name = method.getAnnotation(FunctionName.class);
                if (name != null && byName.put(name.value(), Entry.of(name.value(), type, method)) != null) {
                    throw new IllegalArgumentException("Two functions are named '" + name.value() + "'");
                }
            }
        }
        functions = Map.copyOf(byName);
        instances = Objects.requireNonNull(b.instances, "instances");
        delivery = b.delivery;
        durableClientBinding = b.durableClientBinding;
        functionKeys = Set.copyOf(b.functionKeys);
        clock = b.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every function, by name, with its trigger kind. */
    public Map<String, TriggerKind> functions() {
        Map<String, TriggerKind> kinds = new LinkedHashMap<>();
        functions.values().stream().sorted(Comparator.comparing(Entry::name))
                .forEach(e -> kinds.put(e.name(), e.trigger()));
        return kinds;
    }

    /** The queue a queue-triggered function listens on. */
    public String queueOf(String functionName) {
        Entry e = entry(functionName, TriggerKind.QUEUE);
        return e.method().getParameters()[e.triggerIndex()].getAnnotation(QueueTrigger.class).queueName();
    }

    /** The timer expression (NCRONTAB, possibly a %SETTING% reference) of a timer-triggered function. */
    public String scheduleOf(String functionName) {
        Entry e = entry(functionName, TriggerKind.TIMER);
        return e.method().getParameters()[e.triggerIndex()].getAnnotation(TimerTrigger.class).schedule();
    }

    /** Delivers one queue message to a queue-triggered function. */
    public Invocation queue(String functionName, byte[] message) {
        Entry e = entry(functionName, TriggerKind.QUEUE);
        return invoke(e, p -> {
            QueueTrigger trigger = p.getAnnotation(QueueTrigger.class);
            return HostPayloadRules.queueArgument(message, trigger.dataType(), p.getParameterizedType());
        }, Map.of());
    }

    /** Fires a timer-triggered function once. */
    public Invocation timer(String functionName, boolean pastDue) {
        Entry e = entry(functionName, TriggerKind.TIMER);
        String info = HostPayloadRules.timerInfo(clock.instant(), clock.instant(), pastDue);
        return invoke(e, p -> {
            if (p.getType() != String.class) {
                throw unsupported(e, p);
            }
            return info;
        }, Map.of());
    }

    /** Serves one HTTP request: route, key check, function call, response. */
    public LocalHttpResponse http(LocalHttpRequest request) {
        String path = request.uri().getRawPath();
        if (path == null || !path.startsWith(ROUTE_PREFIX)) {
            return LocalHttpResponse.of(404, "");
        }
        List<String> segments = Arrays.stream(path.substring(ROUTE_PREFIX.length()).split("/", -1))
                // Percent-decoding only: a '+' in a path is a plus sign, not a space.
                .map(s -> URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8)).toList();
        Optional<Route> route = functions.values().stream()
                .filter(e -> e.trigger() == TriggerKind.HTTP)
                .map(e -> Route.match(e, segments, request.method()))
                .flatMap(Optional::stream)
                .max(Comparator.comparingInt(Route::literalSegments));
        if (route.isEmpty()) {
            return LocalHttpResponse.of(404, "");
        }
        Entry e = route.get().entry();
        HttpTrigger trigger = e.method().getParameters()[e.triggerIndex()].getAnnotation(HttpTrigger.class);
        if (trigger.authLevel() != AuthorizationLevel.ANONYMOUS && !hasKey(request)) {
            return LocalHttpResponse.of(401, "");
        }
        try {
            Invocation invocation = invoke(e, p -> request.toMessage(httpBody(request.body(), e, p)),
                    route.get().values());
            return LocalHttpResponse.from((HttpResponseMessage) invocation.returned());
        } catch (FunctionFailedException failed) {
            return LocalHttpResponse.of(500, "");
        }
    }

    private boolean hasKey(LocalHttpRequest request) {
        String key = request.queryParameters().get("code");
        if (key == null) {
            key = request.headers().get("x-functions-key");
        }
        return key != null && functionKeys.contains(key);
    }

    @Override
    public Set<String> orchestratorNames() {
        return functions.values().stream().filter(e -> e.trigger() == TriggerKind.ORCHESTRATION).map(Entry::name)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** One orchestrator episode, as the worker's Durable middleware runs it: base64 request in, base64 response out. */
    @Override
    public byte[] runEpisode(String orchestratorName, byte[] request) {
        Entry e = entry(orchestratorName, TriggerKind.ORCHESTRATION);
        OrchestratorFunction<Object> function = ctx -> orchestrate(e, ctx);
        String response = OrchestrationRunner.loadAndRun(Base64.getEncoder().encodeToString(request), function);
        return Base64.getDecoder().decode(response);
    }

    /** The middleware's handling of what the reflective call throws (OrchestrationMiddleware.invoke, 1.4.0). */
    private Object orchestrate(Entry e, TaskOrchestrationContext ctx) {
        LocalExecutionContext context = new LocalExecutionContext(e.name());
        long started = System.nanoTime();
        boolean succeeded = false;
        try {
            Object returned = e.method().invoke(instances.apply(e.type()), arguments(e, p -> ctx, Map.of(), context));
            succeeded = true;
            return returned;
        } catch (InvocationTargetException wrapped) {
            // An episode that awaits (blocked) or continues as new ends normally for the host.
            succeeded = wrapped.getCause() instanceof OrchestratorBlockedException
                    || wrapped.getCause() instanceof ContinueAsNewInterruption;
            Throwable cause = wrapped.getCause();
            if (cause instanceof OrchestratorBlockedException blocked) {
                throw blocked;
            }
            if (cause instanceof ContinueAsNewInterruption continued) {
                throw continued;
            }
            if (cause instanceof TaskFailedException failed) {
                throw failed;
            }
            if (cause instanceof CompositeTaskFailedException failed) {
                throw failed;
            }
            if (cause instanceof DataConverter.DataConverterException failed) {
                throw failed;
            }
            throw new RuntimeException("Unexpected failure in the task execution", wrapped);
        } catch (IllegalAccessException notPublic) {
            throw new IllegalStateException("The host cannot call " + e.name(), notPublic);
        } finally {
            executed(e, context, succeeded, started);
        }
    }

    /** One activity call: the scheduled input per the host's delivery rule in, the host's encoding of the result out. */
    @Override
    public String runActivity(String activityName, String scheduledInput) throws Exception {
        Entry e = entry(activityName, TriggerKind.ACTIVITY);
        try {
            Invocation invocation = invoke(e, p -> HostPayloadRules.activityArgument(scheduledInput,
                    p.getParameterizedType(), delivery), Map.of());
            return HostPayloadRules.activityResult(invocation.returned());
        } catch (FunctionFailedException failed) {
            // The host records the function's own exception (type and message) as the task's failure.
            throw failed.getCause() instanceof Exception cause ? cause : failed;
        }
    }

    private Invocation invoke(Entry e, Function<Parameter, Object> triggerValue, Map<String, String> routeValues) {
        LocalExecutionContext context = new LocalExecutionContext(e.name());
        Object instance = instances.apply(e.type());
        Object[] args = arguments(e, triggerValue, routeValues, context);
        long started = System.nanoTime();
        boolean succeeded = false;
        try {
            Object returned = e.method().invoke(instance, args);
            succeeded = true;
            return new Invocation(e.name(), context.getInvocationId(), returned, context.loggedLines());
        } catch (InvocationTargetException wrapped) {
            throw new FunctionFailedException(e.name(), context.loggedLines(), wrapped.getCause());
        } catch (IllegalAccessException notPublic) {
            throw new IllegalStateException("The host cannot call " + e.name(), notPublic);
        } finally {
            executed(e, context, succeeded, started);
        }
    }

    /** Counts the execution and logs it in the host's words ("Executed 'Functions.X' (Succeeded, Id=..., ...)"). */
    private void executed(Entry e, LocalExecutionContext context, boolean succeeded, long startedNanos) {
        long nanos = System.nanoTime() - startedNanos;
        executions.computeIfAbsent(e.name(), n -> new LongAdder()).increment();
        executionNanos.computeIfAbsent(e.name(), n -> new LongAdder()).add(nanos);
        longestNanos.computeIfAbsent(e.name(), n -> new LongAccumulator(Math::max, 0))
                .accumulate(nanos);
        LOG.fine(() -> "Executed 'Functions." + e.name() + "' (" + (succeeded ? "Succeeded" : "Failed") + ", Id="
                + context.getInvocationId() + ", Duration=" + nanos / 1_000_000 + "ms)");
    }

    /**
     * Executions so far, by function name (orchestrator episodes count one each, as the host bills them): the
     * function-side cost of what ran.
     */
    public Map<String, Long> executionCounts() {
        Map<String, Long> counts = new TreeMap<>();
        executions.forEach((name, count) -> counts.put(name, count.sum()));
        return counts;
    }

    /**
     * Wall-clock time spent in each function so far (from the host handing it its input to its return), by function
     * name. Local time: in Azure the same code waits on real ARM and storage round trips instead of local ones.
     */
    public Map<String, Duration> executionTimes() {
        Map<String, Duration> times = new TreeMap<>();
        executionNanos.forEach((name, nanos) -> times.put(name, Duration.ofNanos(nanos.sum())));
        return times;
    }

    /** The longest single execution of each function so far (local wall-clock time). */
    public Map<String, Duration> longestExecutions() {
        Map<String, Duration> times = new TreeMap<>();
        longestNanos.forEach((name, nanos) -> times.put(name, Duration.ofNanos(nanos.get())));
        return times;
    }

    private Object[] arguments(Entry e, Function<Parameter, Object> triggerValue, Map<String, String> routeValues,
                               LocalExecutionContext context) {
        Parameter[] parameters = e.method().getParameters();
        Object[] args = new Object[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            Parameter p = parameters[i];
            if (i == e.triggerIndex()) {
                args[i] = triggerValue.apply(p);
            } else if (ExecutionContext.class.isAssignableFrom(p.getType())) {
                args[i] = context;
            } else if (p.isAnnotationPresent(DurableClientInput.class)) {
                if (durableClientBinding == null) {
                    throw new IllegalStateException("No Durable client endpoint is configured for " + e.name());
                }
                args[i] = HostPayloadRules.durableClient(durableClientBinding.get());
            } else if (p.isAnnotationPresent(BindingName.class) && p.getType() == String.class) {
                args[i] = routeValues.get(p.getAnnotation(BindingName.class).value());
            } else {
                throw unsupported(e, p);
            }
        }
        return args;
    }

    /** The request body as the declared {@code HttpRequestMessage<T>} type wants it. */
    private static Object httpBody(byte[] body, Entry e, Parameter p) {
        Type bodyType = p.getParameterizedType() instanceof ParameterizedType pt
                ? pt.getActualTypeArguments()[0] : Object.class;
        String text = new String(body, StandardCharsets.UTF_8);
        if (bodyType instanceof ParameterizedType optional && optional.getRawType() == Optional.class) {
            Type inner = optional.getActualTypeArguments()[0];
            if (inner == String.class) {
                return body.length == 0 ? Optional.empty() : Optional.of(text);
            }
            if (inner == byte[].class) {
                return body.length == 0 ? Optional.empty() : Optional.of(body);
            }
        }
        if (bodyType == String.class) {
            return body.length == 0 ? null : text;
        }
        if (bodyType == byte[].class) {
            return body;
        }
        throw unsupported(e, p);
    }

    private Entry entry(String name, TriggerKind kind) {
        Entry e = functions.get(name);
        if (e == null || e.trigger() != kind) {
            throw new IllegalArgumentException("No " + kind.name().toLowerCase() + "-triggered function named '" + name
                    + "'; functions: " + functions());
        }
        return e;
    }

    private static UnsupportedOperationException unsupported(Entry e, Parameter p) {
        return new UnsupportedOperationException("The local Functions host does not model parameter '" + p.getName()
                + "' (" + p.getParameterizedType().getTypeName() + ") of function " + e.name());
    }

    /** What triggers a function. */
    public enum TriggerKind { QUEUE, HTTP, TIMER, ORCHESTRATION, ACTIVITY }

    /** A finished invocation: what the function returned and the lines it logged through its ExecutionContext. */
    public record Invocation(String functionName, String invocationId, Object returned, List<String> loggedLines) {
    }

    /** A function threw; the host reports the invocation as failed (and, for a queue message, retries it). */
    public static final class FunctionFailedException extends RuntimeException {
        private final String functionName;
        private final List<String> loggedLines;

        FunctionFailedException(String functionName, List<String> loggedLines, Throwable cause) {
            super("Function " + functionName + " failed: " + cause, cause);
            this.functionName = functionName;
            this.loggedLines = List.copyOf(loggedLines);
        }

        public String functionName() {
            return functionName;
        }

        public List<String> loggedLines() {
            return loggedLines;
        }
    }

    private record Entry(String name, Class<?> type, Method method, TriggerKind trigger, int triggerIndex) {
        static Entry of(String name, Class<?> type, Method method) {
            Parameter[] parameters = method.getParameters();
            for (int i = 0; i < parameters.length; i++) {
                Parameter p = parameters[i];
                TriggerKind kind = p.isAnnotationPresent(QueueTrigger.class) ? TriggerKind.QUEUE
                        : p.isAnnotationPresent(HttpTrigger.class) ? TriggerKind.HTTP
                        : p.isAnnotationPresent(TimerTrigger.class) ? TriggerKind.TIMER
                        : p.isAnnotationPresent(DurableOrchestrationTrigger.class) ? TriggerKind.ORCHESTRATION
                        : p.isAnnotationPresent(DurableActivityTrigger.class) ? TriggerKind.ACTIVITY
                        : null;
                if (kind != null) {
                    return new Entry(name, type, method, kind, i);
                }
            }
            throw new IllegalArgumentException("Function '" + name + "' has no trigger this host models");
        }
    }

    /** An HTTP function whose route template matched a path, with the route's values. */
    private record Route(Entry entry, Map<String, String> values, int literalSegments) {
        static Optional<Route> match(Entry e, List<String> segments, HttpMethod method) {
            HttpTrigger trigger = e.method().getParameters()[e.triggerIndex()].getAnnotation(HttpTrigger.class);
            if (trigger.methods().length > 0 && !Arrays.asList(trigger.methods()).contains(method)) {
                return Optional.empty();
            }
            String[] template = trigger.route().split("/", -1);
            if (template.length != segments.size()) {
                return Optional.empty();
            }
            Map<String, String> values = new LinkedHashMap<>();
            int literals = 0;
            for (int i = 0; i < template.length; i++) {
                String t = template[i];
                if (t.startsWith("{") && t.endsWith("}")) {
                    String name = t.substring(1, t.length() - 1).split(":", 2)[0];
                    if (segments.get(i).isEmpty()) {
                        return Optional.empty();
                    }
                    values.put(name, segments.get(i));
                } else if (t.equalsIgnoreCase(segments.get(i))) {
                    literals++;
                } else {
                    return Optional.empty();
                }
            }
            return Optional.of(new Route(e, values, literals));
        }
    }

    /** Collects the function classes, how to create them, and the host's settings. */
    public static final class Builder {
        private final List<Class<?>> classes = new ArrayList<>();
        private Function<Class<?>, Object> instances;
        private ActivityInputDelivery delivery = ActivityInputDelivery.AS_SCHEDULED;
        private Supplier<String> durableClientBinding;
        private final List<String> functionKeys = new ArrayList<>();
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        public Builder functionClasses(List<Class<?>> functionClasses) {
            classes.addAll(functionClasses);
            return this;
        }

        /** How a function class is created for each invocation (the worker calls its public no-arg constructor). */
        public Builder instances(Function<Class<?>, Object> instances) {
            this.instances = instances;
            return this;
        }

        /** How activities receive their input; today's host is {@link ActivityInputDelivery#AS_SCHEDULED}. */
        public Builder activityInputDelivery(ActivityInputDelivery delivery) {
            this.delivery = Objects.requireNonNull(delivery, "delivery");
            return this;
        }

        /**
         * The Durable client binding's JSON (see {@link HostPayloadRules#durableClientBinding}), asked for at each
         * invocation (the endpoint may start after the host is built).
         */
        public Builder durableClientBinding(Supplier<String> json) {
            this.durableClientBinding = json;
            return this;
        }

        /** A key accepted on function-level HTTP routes. */
        public Builder functionKey(String key) {
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("The value for functionKey must not be blank");
            }
            functionKeys.add(key);
            return this;
        }

        /** The clock the timer info is stamped with. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public FunctionsHost build() {
            if (classes.isEmpty()) {
                throw new IllegalStateException("Add the function classes before build()");
            }
            return new FunctionsHost(this);
        }
    }
}
