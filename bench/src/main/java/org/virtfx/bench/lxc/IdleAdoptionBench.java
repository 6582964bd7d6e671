package org.virtfx.bench.lxc;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.plumbing.process.ProcessEnds;
import org.virtfx.plumbing.process.ProcessExits;

/**
 * Issue 15's idle cost with many running containers, for the watching of adopted ones: N
 * containers are started, then a second connection on the same files adopts them all (as the
 * GUI does after a restart, or with containers a command line started), and this JVM's CPU is
 * measured while nothing happens. Beside it, the same JVM with no adopter (the floor), and the
 * watching the driver did before: a 20 ms poll of each supervisor's {@code /proc/PID/stat}
 * (start time, then state), replayed here on the same supervisors.
 *
 * <p>Prints per N: {@code idleN_floor_pct}, {@code idleN_adopter_pct}, {@code idleN_old_poll_pct},
 * as percent of one core over {@value #MEASURE_SECONDS} s, and the load average when measured.
 */
final class IdleAdoptionBench {
    private static final long SETTLE_MILLIS = 2000;
    private static final long MEASURE_SECONDS = 10;
    private static final long OLD_POLL_MILLIS = 20;

    private IdleAdoptionBench() {
    }

    static String run(Connection connection, String uri, List<Integer> sizes) throws Exception {
        int most = sizes.stream().mapToInt(Integer::intValue).max().orElseThrow();
        List<UUID> domains = new ArrayList<>();
        for (int i = 0; i < most; i++) {
            domains.add(connection.domains().define("<domain type='lxc'><name>idle" + i + "</name>"
                    + "<memory unit='MiB'>64</memory><os><type>exe</type><init>/bin/sleep</init>"
                    + "<initarg>infinity</initarg></os></domain>").uuid());
        }
        StringBuilder figures = new StringBuilder();
        int running = 0;
        for (int n : sizes.stream().sorted().toList()) {
            ParallelStartBench.Result started = ParallelStartBench.parallel(domains.subList(running, n),
                    connection.domains()::start);
            if (started.failures() > 0) {
                throw new IllegalStateException(started.failures() + " of " + (n - running) + " starts failed");
            }
            running = n;
            double floor = idlePercent();
            double adopter;
            try (Connection adopting = DriverRegistry.discover().open(uri)) {
                long adopted = adopting.domains().list().stream().filter(DomainSummary::isActive).count();
                if (adopted != n) {
                    throw new IllegalStateException("the second connection adopted " + adopted + " of " + n);
                }
                if (!ProcessExits.host().usesProcessEvents()) {
                    System.out.println("note: process events unavailable, adopted supervisors are looked at by /proc");
                }
                adopter = idlePercent();
            }
            double oldPoll = oldPollPercent(connection);
            String load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
            System.out.printf(Locale.ROOT, "%d adopted: floor %.2f %%, adopter %.2f %%, old poll %.2f %% of a core"
                    + " (load %s)%n", n, floor, adopter, oldPoll, load);
            figures.append(String.format(Locale.ROOT, " idle%d_floor_pct=%.2f idle%d_adopter_pct=%.2f"
                    + " idle%d_old_poll_pct=%.2f idle%d_load=%s", n, floor, n, adopter, n, oldPoll, n, load));
        }
        return "lxc_idle" + figures;
    }

    /** The removed per-supervisor poll, one scheduled task each on one thread, as the driver had it. */
    private static double oldPollPercent(Connection connection) throws InterruptedException {
        ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor();
        try {
            for (DomainSummary domain : connection.domains().list()) {
                if (domain.isActive()) {
                    long pid = domain.id();
                    long start = ProcessExits.startTime(pid);
                    watcher.scheduleWithFixedDelay(() -> {
                        if (ProcessExits.startTime(pid) != start || ProcessEnds.ended(pid)) {
                            throw new IllegalStateException("supervisor " + pid + " ended while idle");
                        }
                    }, 0, OLD_POLL_MILLIS, TimeUnit.MILLISECONDS);
                }
            }
            return idlePercent();
        } finally {
            watcher.shutdownNow();
            watcher.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** This JVM's CPU, every thread, over the measuring window after a settling pause, in % of one core. */
    private static double idlePercent() throws InterruptedException {
        Thread.sleep(SETTLE_MILLIS);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        Thread.sleep(TimeUnit.SECONDS.toMillis(MEASURE_SECONDS));
        return 100.0 * (os.getProcessCpuTime() - cpu0) / (System.nanoTime() - t0);
    }
}
