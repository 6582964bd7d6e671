package org.virtfx.drivers.qemu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.virtfx.core.config.AtomicFiles;
import org.virtfx.core.config.BoundedFiles;
import org.virtfx.core.domain.StateReason;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.net.MacAddress;

/**
 * A VM's write-ahead record, {@code NAME.state} beside its live XML in the state directory. A
 * start writes it before it makes anything (phase {@code starting}), again before each tap is
 * made (its name and the guest address it is made for), and last, once the guest runs and the
 * live XML is written, with QEMU's pid (phase {@code running}). A stop removes it last. Whatever
 * step a killed process stopped at, the next one finds either a running VM to adopt or a
 * record of everything to undo; QEMU itself is found by its monitor socket, which names the
 * VM's private directory, so a QEMU spawned just before the kill is found too.
 *
 * @param taps the taps made or about to be made, each with the guest address it is for
 * <p>Other processes that have the VM adopted read it too ({@link VmAdoption#refresh}): a
 * suspend or resume records {@code paused}, a stop records why before it kills QEMU
 * ({@code stopping}), each under the domain's cross-process lock, so that a process that did
 * not make the change shows it.
 *
 * @param id the domain id the start took ({@link DomainIds}), which every process shows; 0 in a
 *           record written before ids were recorded, whose VM shows its QEMU pid instead
 * @param qemuPid QEMU's pid once the VM runs, 0 before
 * @param paused whether the guest was last paused (by a suspend, or by QEMU itself) rather than running
 * @param pauseReason why it is paused: a suspend's {@code user}, or what QEMU paused it for
 *                    ({@code I/O error}, or {@code panicked} for a guest kept by on_crash
 *                    preserve), which the holder of the event monitor records; null while it runs
 * @param stopping why the VM is being stopped, null while it is not
 * @param saving whether a managed save is streaming the guest's state out: recorded before the
 *               guest is paused for it, so that the next process finishes a save whose image is
 *               complete or, when it is not, lets the guest run again ({@link VmAdoption})
 */
record VmStateFile(UUID uuid, int id, Phase phase, List<Tap> taps, long qemuPid, boolean paused,
                   StateReason pauseReason, StateReason stopping, boolean saving) {
    /** A state file is a few lines; anything larger is not one of ours. */
    private static final long LIMIT = 64 * 1024;

    /** How far the start had got when the record was written. */
    enum Phase { STARTING, RUNNING }

    /** A tap of the VM: its name and the guest address it carries (with first byte 0xfe). */
    record Tap(String name, MacAddress guestMac) {
    }

    VmStateFile {
        taps = List.copyOf(taps);
        pauseReason = paused ? (pauseReason == null ? StateReason.USER : pauseReason) : null;
    }

    /** The first record of a start, with the domain id it took: nothing made yet. */
    static VmStateFile starting(UUID uuid, int id) {
        return new VmStateFile(uuid, id, Phase.STARTING, List.of(), 0, false, null, null, false);
    }

    /** The record with one more tap, written before that tap is made. */
    VmStateFile withTap(String name, MacAddress guestMac) {
        List<Tap> more = new ArrayList<>(taps);
        more.add(new Tap(name, guestMac));
        return new VmStateFile(uuid, id, phase, more, qemuPid, paused, pauseReason, stopping, saving);
    }

    /** The record without the tap {@code name}, written once that tap is gone. */
    VmStateFile withoutTap(String name) {
        return new VmStateFile(uuid, id, phase, taps.stream().filter(t -> !t.name().equals(name)).toList(), qemuPid,
                paused, pauseReason, stopping, saving);
    }

    /** The record of a VM whose guest runs, with only the taps it holds. */
    VmStateFile running(List<String> made, long pid) {
        return new VmStateFile(uuid, id, Phase.RUNNING, taps.stream().filter(t -> made.contains(t.name())).toList(), pid,
                paused, pauseReason, stopping, saving);
    }

    /** The record with the guest paused by a suspend, or running. */
    VmStateFile withPaused(boolean value) {
        return new VmStateFile(uuid, id, phase, taps, qemuPid, value, StateReason.USER, stopping, saving);
    }

    /** The record with the guest paused for {@code reason}. */
    VmStateFile withPauseReason(StateReason reason) {
        return new VmStateFile(uuid, id, phase, taps, qemuPid, true, reason, stopping, saving);
    }

    /** The record of a VM about to be killed, saying why. */
    VmStateFile withStopping(StateReason reason) {
        return new VmStateFile(uuid, id, phase, taps, qemuPid, paused, pauseReason, reason, saving);
    }

    /** The record with a managed save under way, or no longer. */
    VmStateFile withSaving(boolean value) {
        return new VmStateFile(uuid, id, phase, taps, qemuPid, paused, pauseReason, stopping, value);
    }

    /**
     * Rewrites the record of the VM at {@code name} with {@code change}, if it still names QEMU
     * {@code pid} (another process may have stopped that QEMU and started a new one); caller
     * holds the domain's lock. A change that changes nothing writes nothing: every write makes
     * the other processes look again.
     */
    static void update(QemuDriverConfig config, String name, long pid, UnaryOperator<VmStateFile> change) {
        find(config, name).filter(r -> r.qemuPid() == pid).ifPresent(r -> {
            VmStateFile changed = change.apply(r);
            if (!changed.equals(r)) {
                changed.write(config, name);
            }
        });
    }

    /** Whether a job left this record mid-way: a stop decided or a save under way (finished by whoever holds the lock next). */
    boolean interrupted() {
        return stopping != null || saving;
    }

    /** The record of the VM at {@code name}, or empty when there is none. */
    static Optional<VmStateFile> find(QemuDriverConfig config, String name) {
        Path file = path(config, name);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(read(file));
        } catch (VirtException e) {
            if (!Files.exists(file)) {
                // Removed between the look and the read: a stop just finished.
                return Optional.empty();
            }
            throw e;
        }
    }

    static Path path(QemuDriverConfig config, String name) {
        return config.stateDirectory().resolve(name + ".state");
    }

    /** Writes the record atomically: a reader sees the old one or the new one, never half of one. */
    void write(QemuDriverConfig config, String name) {
        StringBuilder text = new StringBuilder();
        text.append("uuid=").append(uuid).append('\n');
        text.append("id=").append(id).append('\n');
        text.append("phase=").append(phase.name().toLowerCase()).append('\n');
        for (Tap tap : taps) {
            text.append("tap=").append(tap.name()).append(' ').append(tap.guestMac()).append('\n');
        }
        text.append("pid=").append(qemuPid).append('\n');
        if (paused) {
            text.append("paused=true\n");
            if (pauseReason != StateReason.USER) {
                text.append("pause-reason=").append(pauseReason.name().toLowerCase()).append('\n');
            }
        }
        if (stopping != null) {
            text.append("stopping=").append(stopping.name().toLowerCase()).append('\n');
        }
        if (saving) {
            text.append("saving=true\n");
        }
        AtomicFiles.write(path(config, name), text.toString());
    }

    /** The record in {@code file}, or an error naming the file and what is wrong with it. */
    static VmStateFile read(Path file) {
        Map<String, String> values = new LinkedHashMap<>();
        List<Tap> taps = new ArrayList<>();
        String text = BoundedFiles.read(file, LIMIT);
        try {
            for (String line : text.split("\n")) {
                int eq = line.indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                String key = line.substring(0, eq);
                String value = line.substring(eq + 1);
                if (key.equals("tap")) {
                    String[] fields = value.split(" ");
                    taps.add(new Tap(fields[0], MacAddress.parse(fields[1])));
                } else {
                    values.put(key, value);
                }
            }
            for (String key : List.of("uuid", "phase", "pid")) {
                if (!values.containsKey(key)) {
                    throw new IllegalArgumentException("no " + key + "= line");
                }
            }
            return new VmStateFile(UUID.fromString(values.get("uuid")), Integer.parseInt(values.getOrDefault("id", "0")),
                    Phase.valueOf(values.get("phase").toUpperCase()),
                    taps, Long.parseLong(values.get("pid")), Boolean.parseBoolean(values.get("paused")),
                    values.containsKey("pause-reason") ? StateReason.valueOf(values.get("pause-reason").toUpperCase()) : null,
                    values.containsKey("stopping") ? StateReason.valueOf(values.get("stopping").toUpperCase()) : null,
                    Boolean.parseBoolean(values.get("saving")));
        } catch (RuntimeException e) {
            throw VirtException.of(ErrorCode.INTERNAL_ERROR, "malformed VM state file '" + file + "': " + e.getMessage());
        }
    }

    static void delete(QemuDriverConfig config, String name) {
        try {
            Files.deleteIfExists(path(config, name));
        } catch (IOException e) {
            throw VirtException.system("cannot delete the state record of VM '" + name + "'", e);
        }
    }
}
