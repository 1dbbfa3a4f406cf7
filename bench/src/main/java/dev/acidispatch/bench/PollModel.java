package dev.acidispatch.bench;

import java.time.Duration;

/**
 * A fixed-interval watcher as other tools implement it, for comparison: one group GET every {@code interval}, plus
 * {@code logCallsPerPoll} log calls each time. Counted over the same watch time as ours (dispatch to terminal).
 *
 * @param source where the model comes from, for the table's footnote
 */
record PollModel(String name, Duration interval, int logCallsPerPoll, String source) {
    /** Prefect's ACI worker: {@code task_watch_poll_interval} = 5 s, one container group GET per poll. */
    static final PollModel PREFECT = new PollModel("Prefect", Duration.ofSeconds(5), 0,
            "prefect-azure AzureContainerWorker: task_watch_poll_interval default 5 s, GET per poll");
    /** Prefect with {@code stream_output}: a logs call on every poll as well. */
    static final PollModel PREFECT_STREAMING = new PollModel("Prefect+stream", Duration.ofSeconds(5), 1,
            "same, stream_output=True: + logs call per poll");
    /** Airflow's AzureContainerInstancesOperator: state and logs every second until the group is terminal. */
    static final PollModel AIRFLOW = new PollModel("Airflow", Duration.ofSeconds(1), 1,
            "apache-airflow-providers-microsoft-azure AzureContainerInstancesOperator: GET + logs every 1 s");

    long reads(Duration watched) {
        long polls = Math.max(1, (watched.toMillis() + interval.toMillis() - 1) / interval.toMillis());
        return polls * (1 + logCallsPerPoll);
    }
}
