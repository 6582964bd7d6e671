package org.virtfx.drivers.libvirt.binding;

import com.sun.jna.LastErrorException;

/**
 * The terminal this process was started from, which every ssh that libvirt runs inherits. ssh
 * asks for a password or passphrase on any terminal it can open and uses {@code SSH_ASKPASS} only
 * when it has none; libvirt 9.0 does not pass it {@code SSH_ASKPASS_REQUIRE}. A process whose
 * questions are answered elsewhere (the GUI's dialog) lets go of its terminal, as virt-manager's
 * {@code setsid()} in its background child does, so the question reaches that dialog.
 *
 * <p>{@code TIOCNOTTY} drops the controlling terminal of this process alone: it stays in its
 * process group, so Ctrl+C in the terminal still stops it, and its output still reaches the
 * terminal through the descriptors it holds. A session leader keeps its terminal, since the
 * kernel would hang up the whole foreground group.
 */
public final class ControllingTerminal {
    private ControllingTerminal() {
    }

    /** What {@link #release()} found. */
    public enum Outcome {
        /** The process had a terminal and no longer has one. */
        RELEASED,
        /** The process has no terminal it can open. */
        NONE,
        /** The process leads its session and keeps its terminal. */
        SESSION_LEADER
    }

    /** Drops this process's controlling terminal, when it has one and does not lead its session. */
    public static synchronized Outcome release() {
        int tty;
        try {
            tty = LibC.open("/dev/tty", LibC.O_RDWR | LibC.O_NOCTTY | LibC.O_CLOEXEC);
        } catch (LastErrorException none) {
            // ENXIO for a process without one; whatever the cause, ssh cannot open it either.
            return Outcome.NONE;
        }
        try {
            if (LibC.getsid(0) == LibC.getpid()) {
                return Outcome.SESSION_LEADER;
            }
            LibC.ioctl(tty, LibC.TIOCNOTTY, 0);
            return Outcome.RELEASED;
        } finally {
            LibC.close(tty);
        }
    }
}
