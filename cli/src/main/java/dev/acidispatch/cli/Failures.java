package dev.acidispatch.cli;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import dev.acidispatch.config.InvalidSettingsException;
import dev.acidispatch.config.Settings;
import dev.acidispatch.store.StorageClients;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns what a command threw into one line and an exit code: no stack traces (DISPATCHCTL_DEBUG shows them). Storage
 * or ARM that cannot be reached, or that refuses the credentials, is named with its endpoint and the likely fix.
 */
final class Failures {
    private Failures() {
    }

    /** The line to print after "dispatchctl COMMAND: ", and the exit code. */
    record Described(String message, int exitCode) {
    }

    static Described describe(Throwable e, Map<String, String> environment) {
        if (e instanceof Dispatchctl.UsageException || e instanceof InvalidSettingsException) {
            return new Described(e.getMessage(), Dispatchctl.INVALID_INPUT);
        }
        Optional<Throwable> network = find(e, Failures::isNetworkFailure);
        if (network.isPresent()) {
            Service service = service(e);
            return new Described("cannot reach " + service.describe(environment) + " ("
                    + simpleName(network.get()) + "): " + service.hint(environment), Dispatchctl.UNAVAILABLE);
        }
        Optional<Throwable> auth = find(e, t -> t instanceof ClientAuthenticationException
                || t.getClass().getName().equals("com.azure.identity.CredentialUnavailableException")
                || t instanceof HttpResponseException h && h.getResponse() != null
                && (h.getResponse().getStatusCode() == 401 || h.getResponse().getStatusCode() == 403));
        if (auth.isPresent()) {
            Service service = service(e);
            return new Described(service.describe(environment) + " refused access (" + firstLine(auth.get()) + "): "
                    + service.accessHint(), Dispatchctl.UNAVAILABLE);
        }
        return new Described(firstLine(e), Dispatchctl.FAILURE);
    }

    private static boolean isNetworkFailure(Throwable t) {
        return t instanceof ConnectException || t instanceof UnknownHostException
                || t instanceof NoRouteToHostException || t instanceof HttpConnectTimeoutException;
    }

    /** Which service the failing call went to, read from the stack (the SDK's package names). */
    private static Service service(Throwable e) {
        boolean[] storage = {false};
        boolean[] arm = {false};
        find(e, t -> {
            for (StackTraceElement frame : t.getStackTrace()) {
                String c = frame.getClassName();
                if (c.startsWith("com.azure.data.tables") || c.startsWith("com.azure.storage")
                        || c.startsWith("dev.acidispatch.store") || c.startsWith("dev.acidispatch.admission.Table")
                        || c.startsWith("dev.acidispatch.admission.Blob")) {
                    storage[0] = true;
                }
                if (c.startsWith("com.azure.resourcemanager") || c.startsWith("dev.acidispatch.arm")) {
                    arm[0] = true;
                }
            }
            return false;
        });
        return arm[0] && !storage[0] ? Service.ARM : storage[0] ? Service.STORAGE : Service.UNKNOWN;
    }

    enum Service {
        STORAGE, ARM, UNKNOWN;

        String describe(Map<String, String> env) {
            return switch (this) {
                case STORAGE -> storage(env);
                case ARM -> "Azure Resource Manager at " + armEndpoint(env);
                case UNKNOWN -> storage(env) + " or Azure Resource Manager at " + armEndpoint(env);
            };
        }

        String hint(Map<String, String> env) {
            boolean localStorage = isLoopback(storage(env));
            boolean localArm = isLoopback(armEndpoint(env));
            return switch (this) {
                case STORAGE -> localStorage ? "is Azurite running? Start everything with `bin/dispatchctl up`, or "
                        + "storage alone with `npx azurite --silent --location .azurite`"
                        : "check " + Settings.Names.STORAGE + " / " + Settings.Names.STORAGE_ACCOUNT_NAME
                        + " and your network";
                case ARM -> localArm ? "is the emulator running? Start it with `bin/dispatchctl emulator`, or "
                        + "everything with `bin/dispatchctl up`"
                        : "check " + Settings.Names.ARM_ENDPOINT + " and your network";
                case UNKNOWN -> "is Azurite (and the emulator) running? Start everything with `bin/dispatchctl up`";
            };
        }

        String accessHint() {
            return switch (this) {
                case STORAGE -> "sign in with `az login` and check your data roles on the account (docs/deploy.md, "
                        + "\"Give yourself data access\")";
                case ARM, UNKNOWN -> "sign in with `az login` and check your roles on the jobs resource group";
            };
        }

        private static String storage(Map<String, String> env) {
            try {
                return StorageClients.from(Settings.from(env)).describe();
            } catch (RuntimeException e) {
                return "storage (" + Settings.Names.STORAGE + ")";
            }
        }

        private static String armEndpoint(Map<String, String> env) {
            String configured = env.getOrDefault(Settings.Names.ARM_ENDPOINT, "");
            return configured.isBlank() ? "https://management.azure.com" : configured;
        }

        private static boolean isLoopback(String text) {
            return text.contains("127.0.0.1") || text.contains("localhost") || text.contains("[::1]");
        }
    }

    private static Optional<Throwable> find(Throwable e, java.util.function.Predicate<Throwable> test) {
        Set<Throwable> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        java.util.ArrayDeque<Throwable> todo = new java.util.ArrayDeque<>();
        todo.add(e);
        while (!todo.isEmpty()) {
            Throwable t = todo.poll();
            if (!seen.add(t)) {
                continue;
            }
            if (test.test(t)) {
                return Optional.of(t);
            }
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
            for (Throwable s : t.getSuppressed()) {
                todo.add(s);
            }
        }
        return Optional.empty();
    }

    private static String simpleName(Throwable t) {
        String message = t.getMessage();
        String name = t instanceof ConnectException ? "connection refused" : t.getClass().getSimpleName();
        return message == null || message.isBlank() || t instanceof ConnectException ? name : name + ": " + message;
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return message.lines().findFirst().orElse(message).strip();
    }

}
