package dev.acidispatch.job;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean" for misspelled field names: a known name the unknown one starts, or within two edits of it. */
final class FieldSuggestions {
    private static final int MAX_EDITS = 2;

    private FieldSuggestions() {
    }

    /** The closest of {@code known} (ignoring case), or empty when none is close enough. */
    static Optional<String> closest(String unknown, List<String> known) {
        String lower = unknown.toLowerCase(Locale.ROOT);
        return known.stream()
                .filter(k -> k.toLowerCase(Locale.ROOT).startsWith(lower)
                        || distance(lower, k.toLowerCase(Locale.ROOT)) <= MAX_EDITS)
                .min(Comparator.comparingInt(k -> distance(lower, k.toLowerCase(Locale.ROOT))));
    }

    /** Levenshtein distance: insertions, deletions and substitutions. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
