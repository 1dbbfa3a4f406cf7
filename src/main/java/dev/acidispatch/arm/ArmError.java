package dev.acidispatch.arm;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/** An ARM error as the service sends it: {@code {"code","message","details":[...]}}. */
public record ArmError(String code, String message, List<ArmError> details) {
    public ArmError {
        code = code == null ? "" : code;
        message = message == null ? "" : message;
        details = details == null ? List.of() : List.copyOf(details);
    }

    public ArmError(String code, String message) {
        this(code, message, List.of());
    }

    /** This error and all nested details, depth first. */
    public List<ArmError> flatten() {
        List<ArmError> all = new ArrayList<>();
        all.add(this);
        details.forEach(d -> all.addAll(d.flatten()));
        return all;
    }

    /** The first error in this tree (itself included) matching the predicate. */
    public Optional<ArmError> find(Predicate<ArmError> predicate) {
        Objects.requireNonNull(predicate, "predicate");
        return flatten().stream().filter(predicate).findFirst();
    }

    /** The innermost errors: usually the ones that name the real cause (e.g. an ACI quota code). */
    public List<ArmError> rootCauses() {
        if (details.isEmpty()) {
            return List.of(this);
        }
        List<ArmError> roots = new ArrayList<>();
        details.forEach(d -> roots.addAll(d.rootCauses()));
        return roots;
    }

    /** One line for logs and job records: {@code code: message} of this error and its root causes. */
    public String summary() {
        StringBuilder text = new StringBuilder(code).append(": ").append(message);
        if (!details.isEmpty()) {
            for (ArmError root : rootCauses()) {
                text.append(" | ").append(root.code()).append(": ").append(root.message());
            }
        }
        return text.toString();
    }
}
