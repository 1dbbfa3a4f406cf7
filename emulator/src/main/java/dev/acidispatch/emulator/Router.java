package dev.acidispatch.emulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps a method and a path to the {@link Route} the request counts as (for the request log and fault injection) and
 * the handler that answers it. Paths are templates such as
 * {@code /subscriptions/{subscription}/resourceGroups/{resourceGroup}}: the literal parts match case-insensitively,
 * and each {@code {name}} matches one non-empty segment, which the handler reads with {@link ArmRequest#path}.
 * A request that no entry matches, by path or by method, is {@link Route#UNKNOWN}.
 */
final class Router {
    /** Answers one routed request. */
    @FunctionalInterface
    interface Handler {
        Reply handle(ArmRequest request);
    }

    /** The ARM operation a request performs and the scope it performs it at, checked against the caller's roles. */
    record Access(String action, String scope) {
    }

    /** Which {@link Access} a routed request needs; empty when it needs none. */
    @FunctionalInterface
    interface AccessRule {
        Optional<Access> of(ArmRequest request);

        AccessRule NONE = request -> Optional.empty();
    }

    /** Where a request went: its route, the handler to call, the access it needs and the path parameters it matched. */
    record Match(Route route, Handler handler, AccessRule access, Map<String, String> pathParameters) {
        Match {
            pathParameters = Map.copyOf(pathParameters);
        }

        Match(Route route, Handler handler, Map<String, String> pathParameters) {
            this(route, handler, AccessRule.NONE, pathParameters);
        }
    }

    private record Entry(String method, Pattern path, List<String> parameters, Route route, AccessRule access,
                         Handler handler) {
    }

    private static final Pattern PARAMETER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)}");

    private final List<Entry> entries = new ArrayList<>();
    private final Handler unknown;

    /** @param unknown answers requests no entry matches */
    Router(Handler unknown) {
        this.unknown = Objects.requireNonNull(unknown, "unknown");
    }

    /** Adds an entry that needs no access check; entries are tried in the order they were added. */
    Router add(String method, String pathTemplate, Route route, Handler handler) {
        return add(method, pathTemplate, route, AccessRule.NONE, handler);
    }

    /** Adds an entry whose requests need {@code access}; entries are tried in the order they were added. */
    Router add(String method, String pathTemplate, Route route, AccessRule access, Handler handler) {
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(handler, "handler");
        if (route == Route.UNKNOWN) {
            throw new IllegalArgumentException("Route.UNKNOWN is for requests no entry matches; give the entry "
                    + "its own route");
        }
        StringBuilder regex = new StringBuilder("^");
        List<String> parameters = new ArrayList<>();
        Matcher m = PARAMETER.matcher(pathTemplate);
        int literalStart = 0;
        while (m.find()) {
            if (parameters.contains(m.group(1))) {
                throw new IllegalArgumentException("The path template " + pathTemplate + " names {" + m.group(1)
                        + "} twice");
            }
            regex.append(Pattern.quote(pathTemplate.substring(literalStart, m.start())));
            regex.append("(?<").append(m.group(1)).append(">[^/]+)");
            parameters.add(m.group(1));
            literalStart = m.end();
        }
        regex.append(Pattern.quote(pathTemplate.substring(literalStart))).append('$');
        entries.add(new Entry(method, Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE), parameters, route,
                access, handler));
        return this;
    }

    /** @param rawPath the path as sent (percent-encoded); parameters are matched and handed over decoded */
    Match match(String method, String rawPath) {
        String path = URLDecoder.decode(rawPath, StandardCharsets.UTF_8);
        for (Entry entry : entries) {
            if (!entry.method.equals(method)) {
                continue;
            }
            Matcher m = entry.path.matcher(path);
            if (m.matches()) {
                Map<String, String> parameters = new LinkedHashMap<>();
                entry.parameters.forEach(name -> parameters.put(name, m.group(name)));
                return new Match(entry.route, entry.handler, entry.access, parameters);
            }
        }
        return new Match(Route.UNKNOWN, unknown, Map.of());
    }
}
