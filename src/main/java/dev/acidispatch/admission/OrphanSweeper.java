package dev.acidispatch.admission;

import dev.acidispatch.arm.ArmException;
import dev.acidispatch.arm.AuthorizationFailedException;
import dev.acidispatch.arm.ContainerGroups;
import dev.acidispatch.arm.GroupDeletion;
import dev.acidispatch.arm.GroupSummary;
import dev.acidispatch.arm.ResourceCleanup;
import dev.acidispatch.arm.ResourceGroupNotFoundException;
import dev.acidispatch.arm.ThrottledException;
import dev.acidispatch.config.Settings;
import dev.acidispatch.job.JobNames;
import dev.acidispatch.job.JobRecord;
import dev.acidispatch.log.JobLog;
import dev.acidispatch.store.JobStore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Deletes container groups aci-dispatch created but no watcher will clean up: a watcher that crashed for good, a
 * cleanup that failed, a group left by a job record that was removed. Only groups tagged
 * {@code aci-dispatch-managed=true} in the allowed resource groups are considered; a group goes (with its deployment
 * record, which has the same name) when its job is
 * <ul>
 *   <li>finished, unless its cleanup policy keeps the group after how it ended ({@code cleanup: never}, or
 *       {@code onSuccess} and it did not succeed; {@code keepContainerGroup: true} is never);</li>
 *   <li>unknown (no record, or no valid {@code aci-dispatch-job} tag);</li>
 *   <li>older than {@code maxAge} counted from its dispatch (start timeout + maximum run time + grace: a watcher
 *       would have ended it by then).</li>
 * </ul>
 */
public final class OrphanSweeper {
    private static final JobLog LOG = JobLog.of(OrphanSweeper.class);
    /** Slack on top of the timeouts before an active job's group counts as abandoned. */
    public static final Duration DEFAULT_GRACE = Duration.ofHours(1);

    private final ContainerGroups groups;
    private final ResourceCleanup cleanup;
    private final AdmissionLedger ledger;
    private final JobStore jobs;
    private final Set<String> resourceGroups;
    private final Duration maxAge;

    public OrphanSweeper(ContainerGroups groups, JobStore jobs, Set<String> resourceGroups, Duration maxAge) {
        this(groups, jobs, null, resourceGroups, maxAge);
    }

    /** @param ledger whose delete budget each delete takes from (null: none; ACI's own 429 still stops a sweep) */
    public OrphanSweeper(ContainerGroups groups, JobStore jobs, AdmissionLedger ledger, Set<String> resourceGroups,
                         Duration maxAge) {
        this.ledger = ledger;
        this.groups = Objects.requireNonNull(groups, "groups");
        this.cleanup = new ResourceCleanup(groups);
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.resourceGroups = new TreeSet<>(resourceGroups);
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("The value for maxAge must be positive, was " + maxAge + ".");
        }
    }

    /**
     * From settings: the allowed resource groups, and maxAge = maximum start timeout + maximum run time +
     * {@link #DEFAULT_GRACE}. A job's start timeout is bounded by the maximum run time, and records do not keep each
     * job's own timeouts, so both use {@link Settings#maxTimeout()}.
     */
    public static OrphanSweeper fromSettings(ContainerGroups groups, JobStore jobs, AdmissionLedger ledger,
                                             Settings settings) {
        return new OrphanSweeper(groups, jobs, ledger, settings.allowedResourceGroups(),
                settings.maxTimeout().plus(settings.maxTimeout()).plus(DEFAULT_GRACE));
    }

    public SweepReport sweep(Instant now) {
        int examined = 0;
        List<SweepReport.Deletion> deleted = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (String resourceGroup : resourceGroups) {
            List<GroupSummary> listed;
            try {
                listed = groups.listGroups(resourceGroup, JobNames.TAG_MANAGED, "true");
            } catch (AuthorizationFailedException e) {
                failures.add(resourceGroup + ": cannot list container groups: " + e.denial().describe());
                continue;
            } catch (ResourceGroupNotFoundException e) {
                failures.add(resourceGroup + ": resource group does not exist (ResourceGroupNotFound)");
                continue;
            }
            for (GroupSummary group : listed) {
                if (!"true".equals(group.tags().get(JobNames.TAG_MANAGED))) {
                    continue; // the port filters already; never act on a group that is not ours
                }
                examined++;
                if ("Deleting".equalsIgnoreCase(group.provisioningState())) {
                    continue; // a delete is under way: deleting again would only spend ACI's delete budget
                }
                String jobId = group.tags().get(JobNames.TAG_JOB_ID);
                Optional<String> reason = orphanReason(jobId, now);
                if (reason.isEmpty()) {
                    continue;
                }
                String budgetKey = group.name().toLowerCase(Locale.ROOT);
                Optional<Instant> budgetFree = ledger == null ? Optional.empty() : ledger.tryDelete(budgetKey, now);
                if (budgetFree.isPresent()) {
                    // The delete budget (ACI's delete limits) is used up: the next sweep goes on where this one stopped.
                    failures.add(resourceGroup + "/" + group.name() + ": delete budget used up until "
                            + budgetFree.get() + ", retried on the next sweep");
                    return new SweepReport(examined, deleted, failures);
                }
                try {
                    if (cleanup.deleteGroup(resourceGroup, group.name()) == GroupDeletion.ALREADY_GONE && ledger != null) {
                        ledger.refundDelete(budgetKey);
                    }
                    cleanup.deleteDeployment(resourceGroup, group.name());
                    deleted.add(new SweepReport.Deletion(resourceGroup, group.name(), jobId, reason.get()));
                    LOG.info(jobId, "sweep", () -> "deleted orphaned container group " + resourceGroup + "/"
                            + group.name() + ": " + reason.get());
                } catch (ThrottledException e) {
                    // ACI's delete rate is used up: the next sweep goes on where this one stopped.
                    failures.add(resourceGroup + "/" + group.name() + ": deletes throttled (" + e.code()
                            + "), retried on the next sweep");
                    return new SweepReport(examined, deleted, failures);
                } catch (AuthorizationFailedException e) {
                    failures.add(resourceGroup + "/" + group.name() + ": " + e.denial().describe());
                } catch (ArmException e) {
                    failures.add(resourceGroup + "/" + group.name() + ": " + e.getMessage());
                    LOG.warning(jobId, "sweep", () -> "could not delete orphaned container group " + resourceGroup + "/"
                            + group.name() + " (" + reason.get() + "): " + e.getMessage());
                }
            }
        }
        return new SweepReport(examined, deleted, failures);
    }

    private Optional<String> orphanReason(String jobId, Instant now) {
        if (!JobNames.isValidJobId(jobId)) {
            return Optional.of("unknown job (no valid " + JobNames.TAG_JOB_ID + " tag)");
        }
        Optional<JobRecord> record = jobs.get(jobId);
        if (record.isEmpty()) {
            return Optional.of("unknown job (no job record)");
        }
        JobRecord r = record.get();
        if (r.status().isTerminal()) {
            return r.cleanup().keepsGroupAfter(r.status()) ? Optional.empty()
                    : Optional.of("job finished (" + r.status() + ")");
        }
        Instant since = r.dispatchedAt() != null ? r.dispatchedAt() : r.createdAt();
        if (since.plus(maxAge).isBefore(now)) {
            return Optional.of("job " + r.status() + " since " + since + ", older than " + maxAge);
        }
        return Optional.empty();
    }
}
