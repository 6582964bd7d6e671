package org.virtfx.drivers.qemu;

import java.util.ArrayList;
import java.util.List;
import org.virtfx.plumbing.process.ChildJvms;
import org.virtfx.plumbing.process.ProcessTable;

/** Runs {@link QemuChild} processes on a test's QEMU host, with the tests' class path. */
final class QemuChildren {
    private final QemuTestHost host;
    private final ChildJvms children;

    QemuChildren(QemuTestHost host) {
        this.host = host;
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

    /**
     * Whatever a test left, even after a failure: a fresh process settles the VMs with
     * {@code command} ({@code adopt} or {@code inspect}), then any process still naming the
     * host's directory is killed.
     */
    void cleanUp(String command) throws Exception {
        run(command);
        ProcessTable.naming(host.directory + "/").forEach(p ->
                ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroyForcibly));
    }

    /** Runs a child to its end and returns its output. */
    String run(String command, String... args) throws Exception {
        List<String> all = new ArrayList<>();
        all.add(command);
        all.addAll(List.of(args));
        return children.run(all);
    }
}
