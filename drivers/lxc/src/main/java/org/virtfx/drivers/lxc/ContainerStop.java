package org.virtfx.drivers.lxc;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.domain.StateReason;
import org.virtfx.core.driver.DomainJobs;
import org.virtfx.core.driver.DomainLocks;
import org.virtfx.core.driver.DomainObject;
import org.virtfx.core.driver.DomainObjectList;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.event.DomainEvent;
import org.virtfx.core.event.DomainEvent.Type;

/**
 * Stops containers and notices those that end by themselves. A container's end is its
 * supervisor's exit, which is the supervisor's own (it is this process's child, reaped at
 * once), so a stopped container never looks alive while PID 1 takes its time to reap. Whoever
 * sees the end first cleans up (cgroup, state files, console socket) and marks the domain shut
 * off; a transient one leaves the list. Once the driver is closed, nothing of it touches the
 * state directory: a container that ends after that is the next process's to clean up, from
 * its record ({@link ContainerAdoption}).
 */
final class ContainerStop {
    private static final System.Logger LOG = System.getLogger(ContainerStop.class.getName());
    private static final long STOP_WAIT_SECONDS = 10;

    /** How soon a container's end is handled again while another job holds the domain's lock. */
    private static final long RETRY_MILLIS = 50;

    private final LxcDriverConfig config;
    private final DomainObjectList<Container> domains;
    private final DomainJobs jobs;
    private final DomainLocks locks;
    /**
     * Held for reading while a watcher handles an end, for writing by {@link #close()}: close
     * waits for a clean-up under way, and no watcher starts one after it.
     */
    private final ReentrantReadWriteLock watching = new ReentrantReadWriteLock();
    /** Set by {@link #close()}; guarded by {@link #watching}. */
    private boolean closed;
    /**
     * Runs {@link #finishWhenFree} after each container's end, and its retries, on one thread
     * for all containers. Not
     * {@code CompletableFuture.delayedExecutor}: on a host with two cores its default executor
     * starts a thread per task, and with a thousand containers the JVM holds thousands of
     * threads, each of which every thread start and exit walks under one global lock (about
     * 1 ms a thread here), so a thousand containers destroyed at once waited on each other.
     */
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "lxc-container-ends");
        thread.setDaemon(true);
        return thread;
    });

    ContainerStop(LxcDriverConfig config, DomainObjectList<Container> domains, DomainJobs jobs, DomainLocks locks) {
        this.config = config;
        this.domains = domains;
        this.jobs = jobs;
        this.locks = locks;
    }

    /** Notices a container that ends without being asked (init exited or was killed inside). */
    void watch(DomainObject<Container> domain, Container container) {
        container.exit().whenComplete((status, failure) -> {
            StateReason reason = container.stopReason();
            StateReason why = reason != null ? reason
                    : status != null && status == 0 ? StateReason.SHUTDOWN : StateReason.CRASHED;
            // Not on the thread that saw the end: for adopted containers that is the one thread
            // watching every process's exit, which a clean-up or a listener must never hold up.
            try {
                retries.execute(() -> finishWhenFree(domain, container, why));
            } catch (RejectedExecutionException closed) {
                // The connection is closed: the next one over this host finds the end itself.
            }
        });
    }

    /**
     * Cleans up after a container's end under the domain's lock, so that no other process starts
     * the domain again halfway through; while a job (here or in another process) holds the lock,
     * tries again shortly: a destroy that holds it cleans up itself, and anything else ends.
     */
    private void finishWhenFree(DomainObject<Container> domain, Container container, StateReason reason) {
        DomainEvent[] event = new DomainEvent[1];
        boolean handled;
        watching.readLock().lock();
        try {
            handled = closed || tryFinish(domain, container, reason, event);
        } finally {
            watching.readLock().unlock();
        }
        if (!handled) {
            try {
                retries.schedule(() -> finishWhenFree(domain, container, reason), RETRY_MILLIS,
                        TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closedMeanwhile) {
                // The driver closed since the check: the next process cleans up from the record.
            }
        } else if (event[0] != null && !container.quiet()) {
            // Outside the watchers' lock: a listener may close the driver.
            jobs.publish(event[0]);
        }
    }

    /** One try at the clean-up after an end; false when another job holds the domain's lock. */
    private boolean tryFinish(DomainObject<Container> domain, Container container, StateReason reason,
                              DomainEvent[] event) {
        if (container.finished().isDone() || !Files.isDirectory(config.stateDirectory())) {
            // The destroy that held the lock has cleaned up, or the driver's state is gone (its
            // folder removed under it): nothing left to clean, not even to lock.
            return true;
        }
        return locks.holdIfFree(domain.uuid(), () -> event[0] = finish(domain, container, reason));
    }

    /**
     * Stops noticing ends, once any clean-up under way is done: after this returns, no watcher
     * writes, removes or locks anything in the state directory. Containers keep running.
     */
    void close() {
        watching.writeLock().lock();
        try {
            closed = true;
        } finally {
            watching.writeLock().unlock();
        }
        retries.shutdown();
    }

    /**
     * Kills the container at once, waits for its supervisor to reap it, and cleans up. Returns
     * the STOPPED event, or null when the container's own end got there first.
     */
    DomainEvent kill(DomainObject<Container> domain, Container container, StateReason reason, boolean quiet) {
        container.requestStop(reason, quiet);
        container.kill();
        try {
            container.exit().get(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw VirtException.of(ErrorCode.OPERATION_ABORTED, "interrupted while stopping '" + domain.name() + "'");
        } catch (ExecutionException | TimeoutException e) {
            throw VirtException.of(ErrorCode.OPERATION_FAILED, "container '" + domain.name()
                    + "' did not end within " + STOP_WAIT_SECONDS + " s of SIGKILL");
        }
        return finish(domain, container, reason);
    }

    /**
     * Cleans up after a container whose supervisor has exited: cgroup and state files (the
     * veth pairs went with the network namespace). Exactly one caller does it; another waits
     * until it is done. Returns the STOPPED event for the one that did it, null for the other.
     */
    private DomainEvent finish(DomainObject<Container> domain, Container container, StateReason reason) {
        boolean mine;
        synchronized (domain) {
            mine = container.claimFinish();
        }
        if (!mine) {
            container.finished().join();
            return null;
        }
        RuntimeException failure = null;
        String name = domain.name();
        if (!recordedAsOurs(name, container)) {
            // Another process has started the domain again since: its cgroup and record are its own.
            DomainSummary after = domains.stopped(domain, reason);
            container.finished().complete(null);
            return new DomainEvent(after, Type.STOPPED, detail(reason));
        }
        try {
            container.cgroup().remove();
            // Write-ahead: the record goes only once what it names is gone. A cgroup that could
            // not be removed stays recorded, so that the next start or open (ContainerAdoption)
            // kills what is left in it and removes it, rather than finding a group nobody names.
            ContainerStateFile.delete(config.stateDirectory(), name);
        } catch (RuntimeException e) {
            failure = e;
        }
        try {
            // The supervisor removes its socket as it exits; not when it was killed outright.
            Files.deleteIfExists(ContainerConsole.socketPath(config.stateDirectory(), domain.uuid()));
        } catch (RuntimeException e) {
            failure = failure == null ? e : failure;
        } catch (IOException e) {
            failure = failure == null ? VirtException.system("cannot remove the console socket", e) : failure;
        }
        DomainSummary after = domains.stopped(domain, reason);
        container.finished().complete(null);
        if (failure != null) {
            LOG.log(Level.WARNING, "clean-up after container '" + name + "' was incomplete", failure);
        }
        return new DomainEvent(after, Type.STOPPED, detail(reason));
    }

    /**
     * Whether the state directory still records this container (or nothing), rather than a
     * start of the same domain by another process after this one ended.
     */
    private boolean recordedAsOurs(String name, Container container) {
        Path file = ContainerStateFile.path(config.stateDirectory(), name);
        if (!Files.exists(file)) {
            return true;
        }
        try {
            return ContainerStateFile.read(file).supervisorPid() == container.supervisor().pid();
        } catch (VirtException unreadable) {
            return true;
        }
    }

    private static String detail(StateReason reason) {
        return switch (reason) {
            case DESTROYED -> "destroyed";
            case CRASHED -> "crashed";
            case FAILED -> "failed";
            default -> "shutdown";
        };
    }
}
