package org.virtfx.drivers.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.virtfx.plumbing.process.ChildJvms;
import org.virtfx.plumbing.process.ProcessEnds;
import org.virtfx.plumbing.testhost.LeftoverSweep;

/**
 * A test JVM killed with a private libvirtd and sshd running (their namespaces' processes are
 * no children of anyone who asks once it is gone): the next sweep ends every process the JVM
 * started, libvirtd and sshd among them, and removes their folders.
 */
class KilledDaemonsSweepTest {
    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void theSweepEndsTheDaemonsOfAKilledJvmAndRemovesTheirFolders(@TempDir Path keys) throws Exception {
        PrivateLibvirtd.requireAvailable();
        Path key = PrivateSshd.userKey(keys, "");
        ChildJvms children = new ChildJvms(DaemonHolder.class, List.of());
        Path info = keys.resolve("info");
        Process jvm = children.spawnReady(keys.resolve("go"), List.of(info.toString(), key.toString()));
        try {
            List<Path> folders = Files.readAllLines(info).stream().map(Path::of).toList();
            List<Long> started = jvm.descendants().map(ProcessHandle::pid).toList();
            assertTrue(started.stream().anyMatch(pid -> command(pid).contains("libvirtd")), "libvirtd runs: " + started);
            assertTrue(started.stream().anyMatch(pid -> command(pid).contains("sshd")), "sshd runs: " + started);

            jvm.destroyForcibly();
            assertTrue(jvm.waitFor(30, TimeUnit.SECONDS));
            LeftoverSweep.sweep();

            assertEquals(List.of(), started.stream().filter(pid -> !ProcessEnds.ended(pid)).toList(),
                    "every process the killed JVM started is gone");
            for (Path folder : folders) {
                assertEquals(List.of(), ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse(""))
                        .filter(line -> line.contains(folder.toString())).toList(), "nothing runs from " + folder);
                assertFalse(Files.exists(folder), folder + " is gone");
            }
        } finally {
            jvm.destroyForcibly();
            jvm.waitFor(30, TimeUnit.SECONDS);
            LeftoverSweep.sweep();
        }
    }

    private static String command(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().commandLine()).orElse("");
    }
}
