package dev.acidispatch.cli.doctor;

/**
 * One thing {@code dispatchctl doctor} verifies about a deployed dispatcher. Each check is its own class, listed in
 * {@link DoctorChecks#ALL}; a check reads what it needs through the {@link Deployment} and never changes anything.
 */
public interface DoctorCheck {
    /** What holds when the check passes, as the line a user reads: "The Function App is HTTPS-only". */
    String title();

    /** Runs the check; a failure says what is wrong and the one command that fixes it. */
    CheckResult run(Deployment deployment);
}
