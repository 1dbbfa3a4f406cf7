package dev.acidispatch.local.host;

import dev.acidispatch.app.App;
import dev.acidispatch.functions.DispatchFunctions;
import dev.acidispatch.functions.JobsHttpFunctions;
import dev.acidispatch.functions.OperatorHttpFunctions;
import dev.acidispatch.functions.PollWorkFunction;
import dev.acidispatch.functions.WatchFunctions;

import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.function.Function;

/** The app's Functions classes (what the host indexes in Azure), and how the local stack creates them on its app. */
public final class AppFunctions {
    /** Every class with {@code @FunctionName} methods; FunctionJsonIT checks this against the staged app. */
    public static final List<Class<?>> CLASSES = List.of(
            DispatchFunctions.class, JobsHttpFunctions.class, OperatorHttpFunctions.class, PollWorkFunction.class,
            WatchFunctions.class);

    private AppFunctions() {
    }

    /** Creates each class with its {@code (App)} constructor, per invocation, as the worker creates it per call. */
    public static Function<Class<?>, Object> on(App app) {
        return type -> {
            try {
                return type.getConstructor(App.class).newInstance(app);
            } catch (InvocationTargetException e) {
                throw new IllegalStateException("Creating " + type.getSimpleName() + " failed", e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(type.getName() + " needs a public (App) constructor", e);
            }
        };
    }
}
