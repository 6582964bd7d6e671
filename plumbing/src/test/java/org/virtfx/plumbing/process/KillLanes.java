package org.virtfx.plumbing.process;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a kill test's tries in several lanes at once, each on a test host of its own (the
 * drivers' test hosts: their own directories and network namespace, so the same bridge names
 * do not meet, and so their own exact census). Most of a try is waiting (a child JVM opening
 * the host, dnsmasq, QEMU, the kernel letting go of devices), so lanes overlap well even on
 * two cores. Each lane draws its kill moments from a seed of its own, printed first. Shared
 * by the LXC and QEMU drivers' kill tests through this module's test jar.
 */
public final class KillLanes {
    /** Lanes at once; {@code -Dvirtfx.killLanes=1} runs the tries one after the other. */
    public static final int LANES = Math.max(1, Integer.getInteger("virtfx.killLanes", 3));

    /** Opens one lane's test host. */
    @FunctionalInterface
    public interface Host<H extends AutoCloseable> {
        H open() throws Exception;
    }

    /** One lane's share of the tries, on its own host. */
    @FunctionalInterface
    public interface Lane<H> {
        void run(H host, KillPoints kills, int tries) throws Exception;
    }

    private KillLanes() {
    }

    /**
     * Shares {@code tries} among the lanes and runs them at once; waits for every lane and fails
     * with the first lane's failure (the others' added as suppressed), so no lane's host is left
     * open while another is cleaned up.
     */
    public static <H extends AutoCloseable> void run(String test, int tries, Host<H> hosts, Lane<H> lane)
            throws Exception {
        int lanes = Math.min(LANES, tries);
        ExecutorService pool = Executors.newFixedThreadPool(lanes);
        try {
            List<Future<Void>> running = new ArrayList<>();
            for (int i = 0; i < lanes; i++) {
                int share = tries / lanes + (i < tries % lanes ? 1 : 0);
                KillPoints kills = KillPoints.forLane(test, i);
                running.add(pool.submit(() -> {
                    try (H host = hosts.open()) {
                        lane.run(host, kills, share);
                    }
                    return null;
                }));
            }
            Exception first = null;
            for (Future<Void> future : running) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    Exception cause = e.getCause() instanceof Exception c ? c : new RuntimeException(e.getCause());
                    if (first == null) {
                        first = cause;
                    } else {
                        first.addSuppressed(cause);
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        } finally {
            pool.shutdown();
        }
    }
}
