package dev.acidispatch.store;

/** The queues the app uses. Names must match the queue triggers' bindings. */
public final class QueueNames {
    /** Job messages to dispatch (users and PollWork write, DispatchJob reads). */
    public static final String JOBS = "jobs";
    /** One message per finished job, for whoever wants to react to results. */
    public static final String JOB_RESULTS = "job-results";
    /** Where the Functions runtime moves a {@value #JOBS} message after maxDequeueCount failed deliveries. */
    public static final String JOBS_POISON = "jobs-poison";

    private QueueNames() {
    }
}
