package dev.acidispatch.cli.doctor;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.util.Context;
import com.azure.data.tables.models.ListTablesOptions;
import com.azure.data.tables.models.TableItem;
import com.azure.storage.queue.models.QueueItem;
import com.azure.storage.queue.models.QueuesSegmentOptions;
import dev.acidispatch.config.Settings;
import dev.acidispatch.store.QueueNames;
import dev.acidispatch.store.StorageClients;
import dev.acidispatch.store.TableJobStore;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * Storage answers, and holds the queue the dispatcher is triggered by ({@value QueueNames#JOBS}) and the job records'
 * table ({@value TableJobStore#TABLE_NAME}): infra/main.json deploys both, and {@code dispatchctl up} creates them at
 * start. The other queues and tables (results, the job index, admission, schedules, the poison queue) are created on
 * first use, so their absence is reported, not failed.
 */
public final class StorageCheck implements DoctorCheck {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    static final List<String> REQUIRED_QUEUES = List.of(QueueNames.JOBS);
    static final List<String> REQUIRED_TABLES = List.of(TableJobStore.TABLE_NAME);

    @Override
    public String title() {
        return "Storage is reachable and holds the jobs queue and table";
    }

    @Override
    public CheckResult run(DoctorContext context) {
        StorageClients storage = context.storage();
        Set<String> queues;
        Set<String> tables;
        try {
            queues = StreamSupport.stream(storage.queues().listQueues(
                            // Azurite 3.37 refuses the empty "include=" the SDK sends without an include option.
                            new QueuesSegmentOptions().setIncludeMetadata(true), TIMEOUT, Context.NONE).spliterator(), false)
                    .map(QueueItem::getName).collect(Collectors.toCollection(TreeSet::new));
            tables = storage.tables().listTables(new ListTablesOptions(), TIMEOUT, Context.NONE).stream()
                    .map(TableItem::getName).collect(Collectors.toCollection(TreeSet::new));
        } catch (HttpResponseException e) {
            int status = e.getResponse() == null ? 0 : e.getResponse().getStatusCode();
            if (status == 401 || status == 403) {
                return CheckResult.fail(storage.describe() + " refused to list queues and tables (HTTP " + status + ")",
                        "give this identity Storage Queue Data Contributor and Storage Table Data Contributor on the"
                                + " account (docs/deploy.md, \"Give yourself data access\")");
            }
            throw e;
        } catch (RuntimeException e) {
            if (!isNetworkFailure(e)) {
                throw e;
            }
            return CheckResult.fail("cannot reach " + storage.describe() + " (" + rootCause(e) + ")",
                    context.emulator() || storage.describe().contains("127.0.0.1")
                            ? "start Azurite with everything else: bin/dispatchctl up"
                            : "check " + Settings.Names.STORAGE + " / " + Settings.Names.STORAGE_ACCOUNT_NAME
                            + " and that this machine may reach the account (firewall, private endpoint)");
        }
        List<String> missing = new java.util.ArrayList<>();
        REQUIRED_QUEUES.stream().filter(q -> !queues.contains(q)).forEach(q -> missing.add("queue '" + q + "'"));
        REQUIRED_TABLES.stream().filter(t -> !tables.contains(t)).forEach(t -> missing.add("table '" + t + "'"));
        if (!missing.isEmpty()) {
            return CheckResult.fail(storage.describe() + " has no " + String.join(" and no ", missing)
                    + ": the dispatcher's trigger and records live there", "deploy infra/main.json (it creates them),"
                    + " or: az storage queue create --name " + QueueNames.JOBS + " --account-name <account> --auth-mode"
                    + " login && az storage table create --name " + TableJobStore.TABLE_NAME + " --account-name"
                    + " <account> --auth-mode login");
        }
        return CheckResult.pass(storage.describe() + ": queues " + String.join(", ", queues) + "; tables "
                + String.join(", ", tables));
    }

    /** A connection that failed or timed out, as opposed to an answer the service gave. */
    static boolean isNetworkFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.io.IOException || t instanceof java.util.concurrent.TimeoutException
                    || t instanceof IllegalStateException && String.valueOf(t.getMessage()).contains("Timeout")) {
                return true;
            }
        }
        return false;
    }

    static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": "
                + message.lines().findFirst().orElse(message));
    }
}
