package dev.acidispatch.template;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.reflect.MapObjectHandler;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Mustache for JSON: every {@code {{name}}} — and {@code {{{name}}}} alike — renders the value as a complete JSON
 * literal (strings quoted, escaped and ARM-neutralised; numbers and booleans bare; lists and maps as JSON). Template
 * authors write {@code "image": {{image}}}, never quotes around a tag, so no value can escape its JSON string or
 * become an ARM expression, and forgetting to escape is impossible. Views are plain maps: no reflection on objects.
 */
final class JsonMustacheFactory extends DefaultMustacheFactory {
    JsonMustacheFactory() {
        setObjectHandler(new MapObjectHandler() {
            @Override
            public String stringify(Object object) {
                return ArmJson.literal(object);
            }
        });
    }

    /** The value is already a JSON literal (see {@code stringify}); HTML escaping would corrupt it. */
    @Override
    public void encode(String value, Writer writer) {
        try {
            writer.write(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Mustache compileTemplate(Reader reader, String name) {
        return compile(reader, name);
    }
}
