package dev.acidispatch.cli.doctor;

import java.util.Objects;

/**
 * A check's answer.
 *
 * @param passed whether the check holds
 * @param detail what was found (for a failure: what is wrong and why it matters)
 * @param fix    the one command that fixes a failure; null when passed
 */
public record CheckResult(boolean passed, String detail, String fix) {
    public CheckResult {
        Objects.requireNonNull(detail, "detail");
        if (!passed && (fix == null || fix.isBlank())) {
            throw new IllegalArgumentException("A failed check must name the command that fixes it");
        }
    }

    public static CheckResult pass(String detail) {
        return new CheckResult(true, detail, null);
    }

    public static CheckResult fail(String detail, String fix) {
        return new CheckResult(false, detail, fix);
    }
}
