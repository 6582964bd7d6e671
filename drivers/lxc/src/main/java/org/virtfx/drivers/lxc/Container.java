package org.virtfx.drivers.lxc;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.virtfx.core.domain.StateReason;
import org.virtfx.plumbing.netdev.VethPair;

/**
 * A running container: its supervisor (a child of this process, or one found again after a
 * restart), init's pid, its cgroup and the host ends of its interfaces.
 *
 * <p>Init's pid is only trusted while the supervisor lives: the supervisor reaps init, so
 * until it exits the pid cannot have been reused by another process.
 */
final class Container {
    private final ProcessHandle supervisor;
    private final CompletableFuture<Integer> exit;
    private final long initPid;
    private final Cgroup cgroup;
    private final List<VethPair> pairs;
    private final String terminal;
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private volatile StateReason stopReason;
    private volatile boolean quiet;
    private boolean finishing;

    Container(ProcessHandle supervisor, CompletableFuture<Integer> exit, long initPid, Cgroup cgroup,
              List<VethPair> pairs, String terminal) {
        this.supervisor = supervisor;
        this.exit = exit;
        this.initPid = initPid;
        this.cgroup = cgroup;
        this.pairs = List.copyOf(pairs);
        this.terminal = terminal;
    }

    /** The name of the cgroup a domain's container runs in, under the driver's parent. */
    static String cgroupName(UUID uuid) {
        return "lxc-" + uuid;
    }

    /** The console's pty as the host sees it. */
    String terminal() {
        return terminal;
    }

    ProcessHandle supervisor() {
        return supervisor;
    }

    /** Completes with the supervisor's exit status (init's, or 128+signal; -1 when unknown). */
    CompletableFuture<Integer> exit() {
        return exit;
    }

    long initPid() {
        return initPid;
    }

    Cgroup cgroup() {
        return cgroup;
    }

    List<VethPair> pairs() {
        return pairs;
    }

    /** Why the container is being stopped, when the driver stopped it; null when it ends by itself. */
    StateReason stopReason() {
        return stopReason;
    }

    void requestStop(StateReason reason, boolean withoutEvent) {
        stopReason = reason;
        quiet = withoutEvent;
    }

    /** A stop that publishes no event of its own (a reboot publishes one event for the whole). */
    boolean quiet() {
        return quiet;
    }

    /** Claims the clean-up; true for the first caller only. Caller holds the domain's monitor. */
    boolean claimFinish() {
        if (finishing) {
            return false;
        }
        finishing = true;
        return true;
    }

    /** Completed once the clean-up is done, by whichever caller claimed it. */
    CompletableFuture<Void> finished() {
        return finished;
    }

    /** SIGTERM to init: a request init may handle or ignore, as a pid namespace's init may. */
    void terminate() {
        if (supervisor.isAlive()) {
            ProcessHandle.of(initPid).ifPresent(ProcessHandle::destroy);
        }
    }

    /**
     * Kills the whole container at once: SIGKILL to init makes the kernel kill every other task
     * of its pid namespace, and the cgroup kill catches anything that escaped it (a task that
     * joined the cgroup from outside). Never waits for a grace period.
     */
    void kill() {
        if (supervisor.isAlive()) {
            ProcessHandle.of(initPid).ifPresent(ProcessHandle::destroyForcibly);
        }
        cgroup.killAll();
    }
}
