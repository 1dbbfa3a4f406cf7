package dev.acidispatch.emulator;

import java.time.Instant;
import java.util.Map;

/**
 * A routed request as a handler sees it: the path parameters its route template named (URL-decoded), the query
 * (names lower-cased), the body, and the emulator's clock reading for this request.
 */
record ArmRequest(Map<String, String> pathParameters, Map<String, String> query, byte[] body, Instant now) {
    ArmRequest {
        pathParameters = Map.copyOf(pathParameters);
        query = Map.copyOf(query);
    }

    /** A path parameter of the route; asking for one the route template does not name is a bug in the table. */
    String path(String name) {
        String value = pathParameters.get(name);
        if (value == null) {
            throw new IllegalStateException("The route has no path parameter {" + name + "}; it has "
                    + pathParameters.keySet());
        }
        return value;
    }

    String subscription() {
        return path("subscription");
    }

    String resourceGroup() {
        return path("resourceGroup");
    }
}
