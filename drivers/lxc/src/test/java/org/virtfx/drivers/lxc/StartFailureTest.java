package org.virtfx.drivers.lxc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.plumbing.netdev.RootTests;

/**
 * A start that fails at any step leaves nothing behind: no veth, network namespace, cgroup,
 * mount or process, and the domain is shut off and can be started again.
 */
class StartFailureTest {

    @BeforeEach
    void root() {
        RootTests.requireRoot();
    }

    /** Fails the start when it reaches one chosen step. */
    private static final class FailAt implements StartProbe {
        private volatile StartStep step;

        @Override
        public void reached(StartStep reached) {
            if (reached == step) {
                throw new IllegalStateException("injected failure at " + reached);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(StartStep.class)
    void failureAtEachStepLeavesNothingBehind(StartStep step) throws Exception {
        FailAt probe = new FailAt();
        try (LxcTestHost host = LxcTestHost.open(probe, CgroupHierarchy::detect)) {
            UUID uuid = host.define("fail-" + step.name().toLowerCase(), "/bin/sleep", "infinity").uuid();
            HostSnapshot before = HostSnapshot.take(host);
            probe.step = step;
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> host.connection.domains().start(uuid));
            assertTrue(e.getMessage().contains(step.name()));
            assertNothingLeft(host, uuid, before);

            probe.step = null;
            host.connection.domains().start(uuid);
            assertEquals(DomainState.RUNNING, host.connection.domains().byUuid(uuid).orElseThrow().state(),
                    "the domain starts normally after the failure");
        }
    }

    @Test
    void initThatCannotBeExecutedFailsTheStartCleanly() throws Exception {
        try (LxcTestHost host = LxcTestHost.open()) {
            UUID uuid = host.define("noinit", "/nonexistent/init").uuid();
            HostSnapshot before = HostSnapshot.take(host);
            VirtException e = assertThrows(VirtException.class, () -> host.connection.domains().start(uuid));
            assertTrue(e.getMessage().contains("cannot execute init /nonexistent/init"), e.getMessage());
            assertNothingLeft(host, uuid, before);
        }
    }

    @Test
    void missingRootFilesystemFailsTheStartCleanly() throws Exception {
        try (LxcTestHost host = LxcTestHost.open()) {
            String xml = "<domain type='lxc'><name>noroot</name><memory unit='MiB'>64</memory><os><type>exe</type>"
                    + "<init>/bin/sh</init></os><devices><filesystem type='mount'><source dir='/nonexistent/root'/>"
                    + "<target dir='/'/></filesystem><interface type='network'><source network='"
                    + LxcTestHost.NETWORK + "'/></interface></devices></domain>";
            UUID uuid = host.connection.domains().define(xml).uuid();
            HostSnapshot before = HostSnapshot.take(host);
            VirtException e = assertThrows(VirtException.class, () -> host.connection.domains().start(uuid));
            assertTrue(e.getMessage().contains("/nonexistent/root"), e.getMessage());
            assertNothingLeft(host, uuid, before);
        }
    }

    @Test
    void inactiveNetworkFailsBeforeAnythingIsMade() throws Exception {
        try (LxcTestHost host = LxcTestHost.open()) {
            UUID uuid = host.define("nonet", "/bin/sleep", "infinity").uuid();
            host.connection.networks().destroy(host.connection.networks().lookup(LxcTestHost.NETWORK).uuid());
            HostSnapshot before = HostSnapshot.take(host);
            VirtException e = assertThrows(VirtException.class, () -> host.connection.domains().start(uuid));
            assertTrue(e.getMessage().contains("is not active"), e.getMessage());
            assertNothingLeft(host, uuid, before);
        }
    }

    @Test
    void destroyInterruptsAHungStartAtOnce() throws Exception {
        CountDownLatch parked = new CountDownLatch(1);
        CountDownLatch unblock = new CountDownLatch(1);
        StartProbe hangBeforeRelease = step -> {
            if (step == StartStep.RELEASE) {
                parked.countDown();
                try {
                    unblock.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        try (LxcTestHost host = LxcTestHost.open(hangBeforeRelease, CgroupHierarchy::detect)) {
            UUID uuid = host.define("hung", "/bin/sleep", "infinity").uuid();
            HostSnapshot before = HostSnapshot.take(host);
            CompletableFuture<Void> start = CompletableFuture.runAsync(() -> host.connection.domains().start(uuid));
            assertTrue(parked.await(10, TimeUnit.SECONDS), "the start reached its last step");
            CompletableFuture<Void> destroy = CompletableFuture.runAsync(() -> {
                try {
                    host.connection.domains().destroy(uuid);
                } catch (VirtException notRunningAnyMore) {
                    // The interrupted start never got to run the container: nothing to destroy.
                }
            });
            // The forced stop kills the parked container at once, before the start lets go.
            ContainerLifecycleTest.await(() -> ProcessHandle.current().descendants().noneMatch(p -> p.info().command()
                    .orElse("").endsWith(SupervisorProgram.FILE_NAME)), "the destroy killed the starting container");
            unblock.countDown();
            ExecutionException failed = assertThrows(ExecutionException.class, () -> start.get(10, TimeUnit.SECONDS));
            assertTrue(failed.getCause() instanceof VirtException v && v.code() == ErrorCode.OPERATION_ABORTED,
                    failed.getCause().toString());
            destroy.get(10, TimeUnit.SECONDS);
            assertNothingLeft(host, uuid, before);
        }
    }

    private static void assertNothingLeft(LxcTestHost host, UUID uuid, HostSnapshot before) throws Exception {
        assertEquals(DomainState.SHUTOFF, host.connection.domains().byUuid(uuid).orElseThrow().state());
        ContainerLifecycleTest.assertNoCgroupLeft(host, uuid);
        ContainerLifecycleTest.await(() -> host.hostEnds().isEmpty(), "no veth is left in the host namespace");
        HostSnapshot after = HostSnapshot.take(host);
        assertEquals(before.children(), after.children(), "no process is left behind");
        assertEquals(before.netNamespaces(), after.netNamespaces(), "no network namespace is left behind");
        assertEquals(before.mounts(), after.mounts(), "no mount is left behind");
        assertFalse(Files.exists(ContainerStateFile.path(host.directory.resolve("run"), host.connection.domains()
                .byUuid(uuid).orElseThrow().name())), "no state file is left behind");
    }

    /**
     * What a failed start could leak on the host: this JVM's child processes, the network
     * namespaces any process holds, and the host's mount table.
     */
    record HostSnapshot(Set<Long> children, Set<String> netNamespaces, List<String> mounts) {
        static HostSnapshot take(LxcTestHost host) throws IOException {
            Set<Long> children = ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
            Set<String> namespaces;
            try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
                namespaces = procs.filter(p -> p.getFileName().toString().matches("\\d+")).map(p -> {
                    try {
                        return Files.readSymbolicLink(p.resolve("ns/net")).toString();
                    } catch (IOException gone) {
                        return "";
                    }
                }).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
            }
            return new HostSnapshot(children, namespaces, Files.readAllLines(Path.of("/proc/self/mountinfo")));
        }
    }
}
