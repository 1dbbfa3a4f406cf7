package dev.acidispatch.job;

import java.util.List;

/**
 * The checks for one concern of the job message (the container, its resources, networking, ...). Each top-level
 * field belongs to exactly one rules class, which checks its type, its value and how it combines with fields checked
 * before it. Rules hold only settings, so they are thread-safe; everything about one message is in the
 * {@link MessageFields} they are given.
 *
 * <p>A new field goes into the rules class of its concern, or a new class added to {@link MessageRules}.
 */
interface FieldRules {

    /** The top-level fields these rules own, in the order they are checked. */
    List<String> fields();

    /** Checks the owned fields, reporting every problem through {@code message}. */
    void check(MessageFields message);
}
