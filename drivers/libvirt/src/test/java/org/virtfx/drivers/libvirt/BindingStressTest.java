package org.virtfx.drivers.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.virtfx.core.connect.ConnectionUri;
import org.virtfx.core.error.VirtException;
import org.virtfx.drivers.libvirt.binding.ConnectAuth;

/**
 * Eight threads making 1,000 calls each on one connection while lifecycle events flow: every
 * call answers, every failure carries its own thread's error (libvirt keeps errors per thread),
 * and a second round of the same work leaves the process's resident memory where the first left
 * it, give or take what the JVM itself moves.
 */
class BindingStressTest {
    private static final UUID TEST = UUID.fromString("6695eb01-f6a4-8304-79aa-97f2502e193f");
    private static final int THREADS = 8;
    private static final int CALLS = 1_000;
    /** Generous for the JVM's own noise; a handle or string leaked per call would be far above it. */
    private static final long RSS_GROWTH_LIMIT_KIB = 48 * 1024;

    @Test
    void eightThreadsOfCallsWhileEventsFlow() throws Exception {
        try (LibvirtConnection connection = LibvirtConnection.open(ConnectionUri.parse("test:///default"),
                ConnectAuth.NONE)) {
            AtomicInteger events = new AtomicInteger();
            connection.events().subscribe(e -> events.incrementAndGet());
            round(connection);
            long before = rssKiB();
            int calls = round(connection);
            long growth = rssKiB() - before;
            System.out.println("stress: " + calls + " calls, " + events.get() + " events, RSS growth "
                    + growth + " KiB over the second round");
            assertEquals(THREADS * CALLS, calls);
            assertTrue(events.get() > 0, "events flowed");
            assertTrue(growth < RSS_GROWTH_LIMIT_KIB, "RSS grew " + growth + " KiB");
        }
    }

    /** One round: the callers and, beside them, a domain paused and resumed over and over. */
    private static int round(LibvirtConnection connection) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
        AtomicBoolean running = new AtomicBoolean(true);
        try {
            Future<?> toggler = pool.submit(() -> {
                while (running.get()) {
                    connection.domains().suspend(TEST);
                    connection.domains().resume(TEST);
                }
            });
            List<Future<Integer>> callers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                callers.add(pool.submit(() -> calls(connection, thread)));
            }
            int total = 0;
            for (Future<Integer> caller : callers) {
                total += caller.get();
            }
            running.set(false);
            toggler.get();
            return total;
        } finally {
            pool.shutdownNow();
        }
    }

    private static int calls(LibvirtConnection connection, int thread) {
        int made = 0;
        for (int i = 0; i < CALLS; i++) {
            switch (i % 5) {
                case 0 -> assertEquals("test", connection.domains().lookup("test").name());
                case 1 -> assertEquals(2, connection.domains().stats(TEST).vcpus());
                case 2 -> assertTrue(connection.domains().xml(TEST, true).startsWith("<domain"));
                case 3 -> assertEquals(1, connection.networks().list().size());
                default -> {
                    String name = "nosuch-" + thread + "-" + i;
                    VirtException e = assertThrows(VirtException.class, () -> connection.networks().lookup(name));
                    assertEquals("Network not found: no network with matching name '" + name + "'", e.getMessage());
                }
            }
            made++;
        }
        return made;
    }

    private static long rssKiB() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElseThrow();
    }
}
