package dev.acidispatch.reliability;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A decorator over any interface (JobStore, ContainerGroups, Watchers, MessageQueue) that throws a
 * {@link SimulatedCrash} once, at the {@code nth} call of one method: {@link When#BEFORE} the call reaches the real
 * object (the step never happened), or {@link When#AFTER} it returned (the step happened, the process died before the
 * next one). Every other call passes through unchanged.
 */
final class Crash<T> {
    enum When { BEFORE, AFTER }

    private final T proxy;
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicBoolean fired = new AtomicBoolean();

    private Crash(Class<T> type, T target, String method, int nth, When when) {
        Objects.requireNonNull(target, "target");
        if (nth < 1) {
            throw new IllegalArgumentException("The value for nth must be at least 1, was " + nth);
        }
        InvocationHandler handler = (self, m, args) -> {
            boolean crashHere = m.getName().equals(method) && calls.incrementAndGet() == nth;
            if (crashHere && when == When.BEFORE) {
                fired.set(true);
                throw new SimulatedCrash("simulated crash before " + type.getSimpleName() + "." + method + " #" + nth);
            }
            Object result;
            try {
                result = m.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (crashHere) {
                fired.set(true);
                throw new SimulatedCrash("simulated crash after " + type.getSimpleName() + "." + method + " #" + nth);
            }
            return result;
        };
        this.proxy = type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    static <T> Crash<T> at(Class<T> type, T target, String method, int nth, When when) {
        return new Crash<>(type, target, method, nth, when);
    }

    /** A decorator that never crashes (the crash point is elsewhere). */
    static <T> Crash<T> never(Class<T> type, T target) {
        return new Crash<>(type, target, "\0never", 1, When.BEFORE);
    }

    T proxy() {
        return proxy;
    }

    boolean fired() {
        return fired.get();
    }
}
