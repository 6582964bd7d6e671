package org.virtfx.drivers.libvirt;

import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.virtfx.core.domain.MigrationOptions;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.task.TaskProgress;
import org.virtfx.drivers.libvirt.binding.TypedParams;
import org.virtfx.drivers.libvirt.binding.VirDomain;

/**
 * One migration through {@code virDomainMigrateToURI3}, peer to peer: the source daemon opens the
 * destination URI itself, as {@code virsh migrate --p2p} does, so the destination need only be
 * reachable from the source host. While the call blocks, a second thread reads the job's
 * progress ({@code virDomainGetJobInfo}) for the task, and aborts the job when the task is
 * cancelled; libvirt then leaves the guest running where it was.
 */
final class LibvirtMigration {
    /** How often the copy's progress is read: often enough for a progress bar, rare enough to cost nothing. */
    private static final long POLL_MILLIS = 250;

    private LibvirtMigration() {
    }

    /** libvirt's flags for these options. */
    static int flags(MigrationOptions options) {
        int flags = VirDomain.MIGRATE_PEER2PEER;
        flags |= options.mode() == MigrationOptions.Mode.LIVE ? VirDomain.MIGRATE_LIVE : VirDomain.MIGRATE_OFFLINE;
        if (options.persistent()) {
            flags |= VirDomain.MIGRATE_PERSIST_DEST;
        }
        if (options.undefineSource()) {
            flags |= VirDomain.MIGRATE_UNDEFINE_SOURCE;
        }
        if (options.tunnelled()) {
            flags |= VirDomain.MIGRATE_TUNNELLED;
        }
        return flags;
    }

    /** libvirt's typed parameters for these options; the caller frees them. */
    static TypedParams params(MigrationOptions options) {
        TypedParams params = new TypedParams();
        try {
            options.destinationName().ifPresent(name -> params.addString(VirDomain.MIGRATE_PARAM_DEST_NAME, name));
            options.migrationUri().ifPresent(uri -> params.addString(VirDomain.MIGRATE_PARAM_URI, uri));
            options.bandwidthMiBps().ifPresent(mib -> params.addULong(VirDomain.MIGRATE_PARAM_BANDWIDTH, mib));
            return params;
        } catch (RuntimeException e) {
            params.close();
            throw e;
        }
    }

    static void run(VirDomain domain, MigrationOptions options, TaskProgress progress) {
        String name = domain.name();
        progress.update(-1, "Migrating " + name + " to " + options.destinationUri());
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "libvirt migration progress: " + name);
            thread.setDaemon(true);
            return thread;
        });
        try (TypedParams params = params(options)) {
            if (options.mode() == MigrationOptions.Mode.LIVE) {
                poller.scheduleWithFixedDelay(() -> report(domain, progress), POLL_MILLIS, POLL_MILLIS,
                        TimeUnit.MILLISECONDS);
            }
            domain.migrateToUri3(options.destinationUri(), params, flags(options));
        } finally {
            poller.shutdownNow();
            awaitPoller(poller);
        }
        progress.update(1, "Migrated " + name);
    }

    /** One look at the job: progress for the task, or an abort when the task was cancelled. */
    private static void report(VirDomain domain, TaskProgress progress) {
        try {
            if (progress.isCancelled()) {
                domain.abortJob();
                return;
            }
            VirDomain.JobInfo job = domain.jobInfo();
            if (job.running() && job.dataTotal() > 0) {
                progress.update((double) job.dataProcessed() / job.dataTotal(), String.format(Locale.ROOT,
                        "Copied %d of %d MiB", job.dataProcessed() >> 20, job.dataTotal() >> 20));
            }
        } catch (VirtException betweenPhases) {
            // The job ends or the domain leaves this host between two looks; the migration call
            // itself reports what happened.
        }
    }

    /** The poller must not touch the domain handle after the caller closes it. */
    private static void awaitPoller(ScheduledExecutorService poller) {
        try {
            poller.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
