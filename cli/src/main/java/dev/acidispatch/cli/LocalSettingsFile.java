package dev.acidispatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acidispatch.config.InvalidSettingsException;
import dev.acidispatch.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code Values} of a {@code local.settings.json} (the file Azure Functions Core Tools reads when running the app
 * locally), so dispatchctl finds the same settings without exporting them by hand. Environment variables win over the
 * file, as with Core Tools.
 */
final class LocalSettingsFile {
    static final String FILE_NAME = "local.settings.json";

    private LocalSettingsFile() {
    }

    /**
     * The environment with the file's values added for every variable the environment does not set; the environment
     * alone when there is no file.
     *
     * @throws InvalidSettingsException when the file is not readable JSON, is encrypted, or its Values are not strings
     */
    static Map<String, String> withFileValues(Map<String, String> environment, Path directory) {
        Path file = directory.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return environment;
        }
        Map<String, String> merged = new HashMap<>(read(file));
        merged.putAll(environment);
        return merged;
    }

    static Map<String, String> read(Path file) {
        JsonNode root;
        try {
            root = Json.read(Files.readString(file, StandardCharsets.UTF_8), JsonNode.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new InvalidSettingsException(List.of(file + ": not valid JSON (" + e.getMessage().lines().findFirst()
                    .orElse("") + "); fix it, or move it away to use environment variables only"));
        }
        if (root.path("IsEncrypted").asBoolean(false)) {
            throw new InvalidSettingsException(List.of(file + ": its values are encrypted (IsEncrypted: true), which "
                    + "dispatchctl cannot read; decrypt them with `func settings decrypt`, or set the variables in the "
                    + "environment"));
        }
        Map<String, String> values = new HashMap<>();
        JsonNode node = root.path("Values");
        if (node.isMissingNode() || node.isNull()) {
            return values;
        }
        if (!node.isObject()) {
            throw new InvalidSettingsException(List.of(file + ": Values must be an object of setting names to strings"));
        }
        node.fields().forEachRemaining(entry -> {
            JsonNode value = entry.getValue();
            if (!value.isValueNode() || value.isNull()) {
                throw new InvalidSettingsException(List.of(file + ": Values." + entry.getKey()
                        + " must be a string, number or boolean"));
            }
            values.put(entry.getKey(), value.asText());
        });
        return values;
    }
}
