package dev.acidispatch.arm;

/** What {@link IdempotentDeployer#deployOnce} did. */
public enum DeployOutcome {
    /** A deployment was submitted by this call. */
    CREATED,
    /** The container group already existed: nothing was submitted. */
    ADOPTED_GROUP,
    /** A deployment of that name was active or had succeeded (or ARM refused a second one with 409). */
    ADOPTED_DEPLOYMENT
}
