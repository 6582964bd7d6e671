package org.virtfx.drivers.qemu;

import java.util.ArrayList;
import java.util.List;
import org.virtfx.plumbing.process.ChildJvms;

/** Runs {@link QemuChild} processes on a test's QEMU host, with the tests' class path. */
final class QemuChildren {
    private final ChildJvms children;

    QemuChildren(QemuTestHost host) {
        this.children = new ChildJvms(QemuChild.class, QemuChild.leadingArguments(host));
    }

    /**
     * Runs a command in a child that has opened the host first, and sends it SIGKILL
     * {@code killAfterMillis} after go unless it has ended by then (never, when negative).
     */
    ChildJvms.Timed runFromGo(long killAfterMillis, String command, List<String> args) throws Exception {
        List<String> all = new ArrayList<>();
        all.add(command);
        all.addAll(args);
        return children.runFromGo(killAfterMillis, all);
    }

    /** Runs a child to its end and returns its output. */
    String run(String command, String... args) throws Exception {
        List<String> all = new ArrayList<>();
        all.add(command);
        all.addAll(List.of(args));
        return children.run(all);
    }
}
