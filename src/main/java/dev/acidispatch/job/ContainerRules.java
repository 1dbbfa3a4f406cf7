package dev.acidispatch.job;

import java.util.List;

/** What the container runs: the (required) {@code image} and the {@code command} that overrides its entrypoint. */
final class ContainerRules implements FieldRules {

    @Override
    public List<String> fields() {
        return List.of("image", "command");
    }

    @Override
    public void check(MessageFields message) {
        ContainerChecks.image(message, message.get("image"), "$.image");
        ContainerChecks.command(message, message.get("command"), "$.command");
    }
}
