package dev.acidispatch.cli.doctor;

/**
 * One thing {@code dispatchctl doctor} verifies. Each check is its own class, listed in {@link DoctorChecks#ALL}; a
 * check reads what it needs through the {@link DoctorContext} and never changes anything.
 */
public interface DoctorCheck {
    /** What holds when the check passes, as the line a user reads: "The Function App is HTTPS-only". */
    String title();

    /** Whether the check applies (a Function App check needs --app; a registry check needs --image). */
    default boolean appliesTo(DoctorContext context) {
        return true;
    }

    /** Runs the check; a failure says what is wrong and the one command (or change) that fixes it. */
    CheckResult run(DoctorContext context);
}
