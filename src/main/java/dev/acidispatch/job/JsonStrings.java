package dev.acidispatch.job;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/** A user's text as a JSON string literal, for fixes an error message shows ready to paste. */
final class JsonStrings {
    private static final int MAX_SHOWN_CHARACTERS = 200;

    private JsonStrings() {
    }

    /** {@code "..."} with JSON escapes, cut at 200 characters. */
    static String quoted(String text) {
        String shown = text.length() > MAX_SHOWN_CHARACTERS ? text.substring(0, MAX_SHOWN_CHARACTERS) + "…" : text;
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(shown)) + "\"";
    }
}
