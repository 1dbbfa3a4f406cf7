package dev.acidispatch.job;

import java.util.regex.Pattern;

/** Builds the JSON paths used in {@link FieldError}: dot notation for plain names, brackets otherwise. */
public final class JsonPaths {
    public static final String ROOT = "$";
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private JsonPaths() {
    }

    public static String child(String parent, String name) {
        if (PLAIN.matcher(name).matches()) {
            return parent + "." + name;
        }
        return parent + "['" + name.replace("\\", "\\\\").replace("'", "\\'") + "']";
    }

    public static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }
}
