package dev.acidispatch.arm;

/**
 * What a container group DELETE achieved. ACI deletes asynchronously (2023-05-01: 200 deleted, 202 "Delete started",
 * 204 "the specified container group was not found"), and a group being deleted still exists and still counts
 * against the regional quota until it is gone.
 */
public enum GroupDeletion {
    /** There was no such group. */
    ALREADY_GONE,
    /** ACI answered with the deleted group: it is gone. */
    DELETED,
    /** ACI accepted the delete; the group is gone once it finishes. */
    IN_PROGRESS;

    /** Whether the group no longer exists. */
    public boolean isGone() {
        return this != IN_PROGRESS;
    }
}
