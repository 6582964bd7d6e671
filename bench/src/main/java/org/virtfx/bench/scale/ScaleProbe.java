package org.virtfx.bench.scale;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.virtfx.app.cli.VirshShell;
import org.virtfx.bench.data.RealisticDomains;
import org.virtfx.bench.data.RealisticNode;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverChoice;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.domain.DomainFamily;
import org.virtfx.core.domain.DomainSummary;

/**
 * Loads, lists and opens a test node of realistic domains in this JVM, through the test driver
 * and through the CLI's code path (what {@code virtfx -c test:///PATH ...} runs after the JVM
 * has started), and says how long each phase took: the CPU time of the thread that runs it, since
 * on a shared machine preemption only ever adds wall time (GC threads' time is left out, the
 * heap's sizing being no part of the code's growth). Every phase checks its result, so a fast
 * wrong answer never passes for a fast one.
 */
public final class ScaleProbe {
    /** What is measured; each phase is timed on its own. */
    public enum Phase {
        /** Opening {@code test:///PATH}: reading and loading the node file. */
        LOAD,
        /** Through the driver: every domain looked up by name and by UUID, its XML and its stats. */
        DRIVER_OPEN,
        /** The CLI's {@code list --all}, from connecting to the last row printed. */
        CLI_LIST,
        /** One CLI run of {@code dominfo} and {@code dumpxml} for every domain by name. */
        CLI_OPEN
    }

    /**
     * libvirt's driver claims test:/// as well; VirtFX's own is measured, and a node file it
     * refuses fails the run instead of falling back to libvirt's.
     */
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private final DriverRegistry registry = DriverRegistry.discover();
    private final Path dir;

    /** Node files are written into {@code dir}, one per size, and kept for later runs. */
    public ScaleProbe(Path dir) {
        this.dir = dir;
    }

    /** The node file with {@code count} realistic domains, written on first use. */
    public Path node(int count) throws IOException {
        Path file = dir.resolve("node-" + count + ".xml");
        if (!Files.exists(file)) {
            RealisticNode.write(file, count);
        }
        return file;
    }

    /** One run of every phase on {@code count} domains: CPU nanoseconds per phase. */
    public Map<Phase, Long> measure(int count) throws IOException {
        String uri = "test://" + node(count).toAbsolutePath();
        // The last run's garbage, 10,000 domains' documents at the top size, is collected now
        // rather than on this run's clock.
        System.gc();
        Map<Phase, Long> nanos = new EnumMap<>(Phase.class);
        Connection[] opened = new Connection[1];
        nanos.put(Phase.LOAD, time(() -> {
            opened[0] = registry.open(uri, DriverChoice.BUILTIN);
            return opened[0].domains().list().size();
        }, count, count));
        try (Connection connection = opened[0]) {
            nanos.put(Phase.DRIVER_OPEN, time(() -> openEach(connection.domains(), count), count, count));
        }
        // The table: a header, a rule, a row per domain and virsh's blank line after it.
        nanos.put(Phase.CLI_LIST, time(() -> cli(uri, List.of("list", "--all")), count + 3, count + 3));
        StringBuilder script = new StringBuilder();
        for (int i = 0; i < count; i++) {
            String name = RealisticDomains.name(i);
            script.append("dominfo ").append(name).append("; dumpxml ").append(name).append("; ");
        }
        // dominfo prints a line per field, dumpxml the document: at least 10 lines a domain.
        nanos.put(Phase.CLI_OPEN, time(() -> cli(uri, List.of(script.toString())), 10L * count, Long.MAX_VALUE));
        return nanos;
    }

    /** Looks up, reads and asks the stats of every domain; returns how many were opened. */
    private static long openEach(DomainFamily domains, int count) {
        long opened = 0;
        for (int i = 0; i < count; i++) {
            DomainSummary byName = domains.byName(RealisticDomains.name(i)).orElseThrow();
            DomainSummary byUuid = domains.byUuid(RealisticDomains.uuid(i)).orElseThrow();
            String xml = domains.xml(byUuid.uuid(), false);
            if (byName.uuid().equals(byUuid.uuid()) && xml.contains("<name>" + byName.name() + "</name>")
                    && domains.stats(byUuid.uuid()).vcpus() > 0) {
                opened++;
            }
        }
        return opened;
    }

    /** Runs the CLI on its own connection to {@code uri}; returns the lines it printed. */
    private long cli(String uri, List<String> words) {
        LineCount out = new LineCount();
        LineCount err = new LineCount();
        int status = new VirshShell(() -> registry.open(uri, DriverChoice.BUILTIN), new PrintStream(out, false, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false).run(words);
        if (status != 0 || err.lines > 0) {
            throw new IllegalStateException("virtfx " + String.join(" ", words).lines().findFirst().orElse("")
                    + "... failed with status " + status + " and " + err.lines + " error lines");
        }
        return out.lines;
    }

    /** Times {@code work}, whose result (domains seen, lines printed) must lie in [min, max]. */
    private static long time(LongSupplier work, long min, long max) {
        long start = THREADS.getCurrentThreadCpuTime();
        long result = work.getAsLong();
        long elapsed = THREADS.getCurrentThreadCpuTime() - start;
        if (result < min || result > max) {
            throw new IllegalStateException("a phase saw " + result + " where " + min + " to " + max + " were due");
        }
        return elapsed;
    }

    /** Counts the lines written to it and keeps none of them. */
    private static final class LineCount extends OutputStream {
        long lines;

        @Override
        public void write(int b) {
            if (b == '\n') {
                lines++;
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                if (b[i] == '\n') {
                    lines++;
                }
            }
        }
    }
}
