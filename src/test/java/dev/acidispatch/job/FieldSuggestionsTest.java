package dev.acidispatch.job;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FieldSuggestionsTest {
    private static final List<String> KNOWN = JobValidator.FIELDS;

    @Test
    void suggestsAFieldWithinTwoEditsIgnoringCase() {
        assertEquals(Optional.of("image"), FieldSuggestions.closest("imagee", KNOWN));
        assertEquals(Optional.of("image"), FieldSuggestions.closest("IMAGE", KNOWN));
        assertEquals(Optional.of("cpu"), FieldSuggestions.closest("cpus", KNOWN));
    }

    @Test
    void suggestsAFieldTheNameIsTheStartOf() {
        assertEquals(Optional.of("memoryGb"), FieldSuggestions.closest("mem", KNOWN));
    }

    @Test
    void suggestsNothingForANameFarFromEveryField() {
        assertEquals(Optional.empty(), FieldSuggestions.closest("volumeMounts", KNOWN));
    }

    @Test
    void distanceCountsInsertionsDeletionsAndSubstitutions() {
        assertEquals(3, FieldSuggestions.distance("kitten", "sitting"));
        assertEquals(0, FieldSuggestions.distance("env", "env"));
        assertEquals(3, FieldSuggestions.distance("", "env"));
    }
}
