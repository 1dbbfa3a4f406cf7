package dev.acidispatch.arm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Deployment bodies built from the job template fixture, as the template package renders them. */
final class JobBodies {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JobBodies() {
    }

    static String fixture(String name) {
        try (InputStream in = JobBodies.class.getResourceAsStream("/arm-specs/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String body(String groupName) {
        return fixture("job-template-body.json").replace("GROUP_NAME", groupName);
    }

    static String bodyWithCommand(String groupName, List<String> command) {
        try {
            ObjectNode body = (ObjectNode) JSON.readTree(body(groupName));
            ArrayNode value = ((ObjectNode) body.path("properties").path("parameters").path("command"))
                    .putArray("value");
            command.forEach(value::add);
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String containerName(String groupName) {
        return "job-" + groupName;
    }
}
