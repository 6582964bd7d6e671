package org.virtfx.plumbing.testhost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.virtfx.plumbing.netdev.NetNamespace;
import org.virtfx.plumbing.netdev.RootTests;
import org.virtfx.plumbing.process.ChildJvms;
import org.virtfx.plumbing.process.ProcessEnds;

/**
 * A test JVM killed with its fixtures open ({@link LeaseHolder} in a child JVM, SIGKILLed)
 * leaves processes, a namespace, cgroups and a folder; the sweep of a later JVM removes all of
 * it, leaves a live JVM's lease whole, and finishes what a sweep killed half way left.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LeftoverSweepTest {
    private final ChildJvms children = new ChildJvms(LeaseHolder.class, List.of());

    @BeforeEach
    void root() {
        RootTests.requireRoot();
    }

    /** A child holding its lease, with what it made. */
    private record Holder(Process jvm, String tag, List<Long> pids, Path lease, Path go) {
        HostResources resources() {
            return LeaseHolder.resources(tag);
        }
    }

    @Test
    void everythingAKilledTestJvmMadeIsRemovedByTheNextSweep() throws Exception {
        Holder holder = spawn();
        try {
            assertEverythingThere(holder);
            holder.jvm().destroyForcibly();
            assertTrue(holder.jvm().waitFor(30, TimeUnit.SECONDS));
            assertTrue(holder.pids().stream().noneMatch(ProcessEnds::ended), "the killed JVM's processes outlive it");

            List<String> told = sweepAway(holder.lease());

            assertTellsIfSweptHere(told, holder, "vfxsweep-" + holder.tag());
            assertNothingLeft(holder);
        } finally {
            endAndSweep(holder);
        }
    }

    @Test
    void aLiveTestJvmsLeaseIsLeftWholeAndItsOwnCloseGivesItUp() throws Exception {
        Holder holder = spawn();
        try {
            List<String> told = LeftoverSweep.sweep();

            assertTrue(told.stream().noneMatch(line -> line.contains(holder.lease().getFileName().toString())), told.toString());
            assertEverythingThere(holder);
            Files.createFile(holder.go());
            assertTrue(holder.jvm().waitFor(60, TimeUnit.SECONDS), "the holder ends once told");
            assertEquals(0, holder.jvm().exitValue(), children.output(holder.jvm()));
            assertNothingLeft(holder);
        } finally {
            endAndSweep(holder);
        }
    }

    @Test
    void aSweepKilledHalfWayIsFinishedByTheNext() throws Exception {
        Holder holder = spawn();
        try {
            holder.jvm().destroyForcibly();
            assertTrue(holder.jvm().waitFor(30, TimeUnit.SECONDS));
            // Where a sweep killed after its kills and the namespace's delete stops: cgroups, folder and lease left.
            holder.pids().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!holder.pids().stream().allMatch(ProcessEnds::ended) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            NetNamespace.named("vfxsweep-" + holder.tag()).delete();
            assertTrue(Files.isDirectory(LeaseHolder.folder(holder.tag())));

            List<String> told = sweepAway(holder.lease());

            assertTellsIfSweptHere(told, holder, "killed processes [], removed namespaces [], cgroups [/");
            assertNothingLeft(holder);
        } finally {
            endAndSweep(holder);
        }
    }

    /**
     * Sweeps until {@code lease} is gone: the first sweep of another test JVM on this machine may
     * hold the dead lease's lock at the same moment, and then finishes it itself.
     */
    static List<String> sweepAway(Path lease) throws InterruptedException {
        List<String> told = new ArrayList<>(LeftoverSweep.sweep());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (Files.exists(lease) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            told.addAll(LeftoverSweep.sweep());
        }
        return told;
    }

    /** The one line told for the holder's lease, unless another JVM's sweep took it (and told it on its own stderr). */
    private static void assertTellsIfSweptHere(List<String> told, Holder holder, String saying) {
        String lease = holder.lease().getFileName().toString();
        List<String> lines = told.stream().filter(line -> line.contains(lease)).toList();
        assertTrue(lines.size() <= 1 && lines.stream().allMatch(line -> line.contains(saying)),
                "one line tells the lease swept, with \"" + saying + "\": " + told);
    }

    private Holder spawn() throws IOException, InterruptedException {
        byte[] random = new byte[4];
        ThreadLocalRandom.current().nextBytes(random);
        String tag = HexFormat.of().formatHex(random);
        Path info = Files.createTempFile("virtfx-holder-", ".info");
        Files.delete(info);
        Path go = Files.createTempFile("virtfx-go-", "");
        Files.delete(go);
        Process jvm = children.spawnReady(go, List.of(tag, info.toString()));
        List<String> lines = Files.readAllLines(info);
        Files.delete(info);
        List<Long> pids = Arrays.stream(lines.get(0).split(" ")).map(Long::parseLong).toList();
        return new Holder(jvm, tag, pids, Path.of(lines.get(1)), go);
    }

    private static void assertEverythingThere(Holder holder) throws IOException {
        assertTrue(holder.pids().stream().noneMatch(ProcessEnds::ended), "its processes run");
        assertTrue(Files.exists(Path.of("/run/netns/vfxsweep-" + holder.tag())), "its namespace");
        assertTrue(Files.isDirectory(LeaseHolder.folder(holder.tag())), "its folder");
        assertFalse(cgroups(holder).isEmpty(), "its cgroups");
        assertTrue(Files.exists(holder.lease()), "its lease");
    }

    private static void assertNothingLeft(Holder holder) throws IOException {
        assertEquals(List.of(), holder.pids().stream().filter(pid -> !ProcessEnds.ended(pid)).toList(), "processes left");
        assertFalse(Files.exists(Path.of("/run/netns/vfxsweep-" + holder.tag())), "namespace left");
        assertFalse(Files.exists(LeaseHolder.folder(holder.tag())), "folder left");
        assertEquals(List.of(), cgroups(holder), "cgroups left");
        assertFalse(Files.exists(holder.lease()), "lease left");
    }

    private static List<Path> cgroups(Holder holder) throws IOException {
        return LeftoverSweep.cgroupDirectories(holder.resources());
    }

    /** Whatever a failed test left: the child killed, its leftovers swept. */
    private void endAndSweep(Holder holder) throws IOException, InterruptedException {
        holder.jvm().destroyForcibly();
        holder.jvm().waitFor(30, TimeUnit.SECONDS);
        Files.deleteIfExists(holder.go());
        LeftoverSweep.sweep();
    }
}
