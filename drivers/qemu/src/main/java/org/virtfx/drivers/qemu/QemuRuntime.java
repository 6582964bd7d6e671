package org.virtfx.drivers.qemu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.virtfx.core.domain.StateReason;
import org.virtfx.drivers.qemu.process.QemuProcess;

/**
 * A running VM as the driver keeps it: its QEMU, the taps made for it, how it runs its guest
 * code, and how it is ending. Whoever first sees the end (destroy, or QEMU's exit) claims the
 * clean-up; the other waits for it.
 */
final class QemuRuntime {
    private static final String SHUTDOWN_MARK = "guest-shutdown";
    private final QemuProcess process;
    private final List<String> taps;
    private final Map<String, CompletableFuture<Void>> deletions = new ConcurrentHashMap<>();
    private final Acceleration acceleration;
    private final Path directory;
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private StateReason stopReason;
    private boolean quiet;
    private boolean finishClaimed;
    private boolean killedHere;
    private StateReason pauseReason = StateReason.UNKNOWN;
    private boolean afterShutdown;
    /** This process's hold on the VM's event monitor; null while another process holds it. */
    private MonitorClaim claim;
    /** The record's pause flag as this process last saw or wrote it. */
    private boolean recordedPause;
    /** The live XML file as this process last read or wrote it; null before it has. */
    private FileStamp liveStamp;

    /**
     * @param directory the VM's private directory (monitor socket, pid file, VNC socket)
     */
    QemuRuntime(QemuProcess process, List<String> taps, Acceleration acceleration, Path directory) {
        this.process = process;
        this.taps = new CopyOnWriteArrayList<>(taps);
        this.acceleration = acceleration;
        this.directory = directory;
    }

    QemuProcess process() {
        return process;
    }

    /** The taps the VM's interfaces use now, hot-plugged ones included. */
    List<String> taps() {
        return List.copyOf(taps);
    }

    /** A tap made for an interface attached while the VM runs: removed when it stops, like the others. */
    void addTap(String tap) {
        taps.add(tap);
    }

    void removeTap(String tap) {
        taps.remove(tap);
    }

    /** The taps as the state record names them, which another process's hot-plug may have changed. */
    void setTaps(List<String> recorded) {
        taps.retainAll(recorded);
        recorded.stream().filter(t -> !taps.contains(t)).forEach(taps::add);
    }

    /**
     * Whether the live XML file differs from the version this process last read or wrote,
     * noting {@code stamp} as that version: a change means another process rewrote it (a hot-plug).
     */
    synchronized boolean liveChanged(FileStamp stamp) {
        boolean changed = !stamp.equals(liveStamp);
        liveStamp = stamp;
        return changed;
    }

    /**
     * Completes when QEMU says the device is gone (DEVICE_DELETED). Asked before the
     * {@code device_del}, so an event that comes at once is not missed.
     */
    CompletableFuture<Void> deletion(String deviceId) {
        return deletions.computeIfAbsent(deviceId, id -> new CompletableFuture<>());
    }

    void deviceDeleted(String deviceId) {
        CompletableFuture<Void> waiting = deletions.remove(deviceId);
        if (waiting != null) {
            waiting.complete(null);
        }
    }

    Acceleration acceleration() {
        return acceleration;
    }

    Path directory() {
        return directory;
    }

    /**
     * Whether the record's pause flag differs from the one this process last saw, noting it:
     * a change means a job (here or in another process) paused or resumed the VM since.
     */
    synchronized boolean recordedPauseChanged(boolean paused) {
        boolean changed = paused != recordedPause;
        recordedPause = paused;
        return changed;
    }

    /** Whether this process holds the VM's event monitor. */
    synchronized boolean ownsMonitor() {
        return claim != null;
    }

    synchronized void setClaim(MonitorClaim value) {
        claim = value;
    }

    /** Lets another process take the event monitor; done once this process no longer listens on it. */
    synchronized void releaseClaim() {
        if (claim != null) {
            claim.release();
            claim = null;
        }
    }

    /** Records why the VM is ending; the first reason given wins. Quiet: no STOPPED event. */
    synchronized void requestStop(StateReason reason, boolean quietly) {
        if (stopReason == null) {
            stopReason = reason;
            quiet = quietly;
        }
    }

    synchronized StateReason stopReason() {
        return stopReason;
    }

    synchronized boolean quiet() {
        return quiet;
    }

    /** True for the one caller that cleans up after QEMU's exit. */
    synchronized boolean claimFinish() {
        if (finishClaimed) {
            return false;
        }
        finishClaimed = true;
        return true;
    }

    synchronized boolean finishClaimed() {
        return finishClaimed;
    }

    /** Marks a kill by a job of this process, which cleans up after it itself, under its lock. */
    synchronized void markKilledHere() {
        killedHere = true;
    }

    synchronized boolean killedHere() {
        return killedHere;
    }

    CompletableFuture<Void> finished() {
        return finished;
    }

    /** Between the guest's power-off and the reset that follows it (or QEMU's exit): its STOP is no pause. */
    synchronized boolean afterShutdown() {
        return afterShutdown;
    }

    synchronized void setAfterShutdown(boolean value) {
        afterShutdown = value;
    }

    /**
     * Tells the other processes that have the VM that its coming exit is the guest's power-off,
     * which only this process (holding the event monitor) heard: a file in the VM's directory,
     * since the record may only be written under the domain's lock, which this event's thread
     * must not wait for.
     */
    void markGuestShutdown() {
        try {
            Files.writeString(directory.resolve(SHUTDOWN_MARK), "");
        } catch (IOException e) {
            // The others then tell a crash: QEMU's exit status is theirs to guess.
        }
    }

    /** Whether the process holding the event monitor marked the VM's exit as the guest's power-off. */
    boolean guestShutdownMarked() {
        return Files.exists(directory.resolve(SHUTDOWN_MARK));
    }

    /** Why the next STOP event pauses the guest: a suspend says "user" before it asks. */
    synchronized void expectPause(StateReason reason) {
        pauseReason = reason;
    }

    synchronized StateReason takePauseReason() {
        StateReason reason = pauseReason;
        pauseReason = StateReason.UNKNOWN;
        return reason;
    }
}
