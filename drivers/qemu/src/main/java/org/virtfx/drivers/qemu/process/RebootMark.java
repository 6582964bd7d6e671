package org.virtfx.drivers.qemu.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.virtfx.core.config.AtomicFiles;
import org.virtfx.core.error.VirtException;

/**
 * libvirt's fake reboot, shared between VirtFX processes: {@code reboot} in the VM's private
 * directory says that the guest's next power-off is to become a reset. Whichever process asks
 * for the reboot writes it before it sends the power button; only the process holding the
 * event monitor hears the power-off, and it (or whoever takes the monitor over) acts on it.
 * The file also says how far the reboot got, so that a holder killed half way leaves a VM the
 * next holder finishes rather than a stuck, stopped QEMU:
 * <ul>
 * <li>{@link State#REQUESTED}: the power button was (or is about to be) sent; the guest still runs.
 * <li>{@link State#RESETTING}: the guest powered off and a reset and {@code cont} are under way;
 *     QEMU is stopped ({@code shutdown} before the reset, {@code prelaunch} after it).
 * </ul>
 * A requester killed between writing the file and sending the button leaves a request the guest
 * never saw: the guest's next power-off of its own then reboots it, as a libvirt whose guest
 * ignored the button does. The file goes with the VM's directory when the VM stops.
 */
final class RebootMark {
    /** How far a reboot got. */
    enum State { NONE, REQUESTED, RESETTING }

    private final Path file;

    RebootMark(Path vmDirectory) {
        this.file = vmDirectory.resolve("reboot");
    }

    State state() {
        try {
            String text = Files.readString(file).strip();
            return text.equals("resetting") ? State.RESETTING : State.REQUESTED;
        } catch (NoSuchFileException none) {
            return State.NONE;
        } catch (IOException e) {
            throw VirtException.system("cannot read the reboot request " + file, e);
        }
    }

    void request() {
        AtomicFiles.write(file, "requested\n");
    }

    void resetting() {
        AtomicFiles.write(file, "resetting\n");
    }

    void clear() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw VirtException.system("cannot remove the reboot request " + file, e);
        }
    }
}
