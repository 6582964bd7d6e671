package org.virtfx.bench.xml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.virtfx.core.domain.DomainXml;

/**
 * JMH benchmark of parse + format round trips of domain XML on one thread: the largest domain of
 * libvirt's qemuxml2xmloutdata corpus and a typical ~5 KB one (virt-manager's q35 default
 * guest). The target is at least 20,000 round trips per second for the typical domain.
 *
 * <p>Usage: {@code XmlRoundTripBench [corpus-dir]}; the corpus defaults to the
 * {@code virtfx.conformance} property, else {@code conformance/libvirt}. It runs one
 * fork with short iterations (about a minute in all) and prints, last, one line of
 * {@code name=value} pairs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class XmlRoundTripBench {
    static final String LARGEST = "tests/qemuxml2xmloutdata/pci-bridge-many-disks.x86_64-latest.xml";
    static final String TYPICAL = "tests/qemuxml2xmloutdata/q35-virt-manager-basic.x86_64-latest.xml";

    /** Passed to the forked JVM as a parameter, since it does not see our arguments. */
    @Param("conformance/libvirt")
    public String corpus;

    @Param({TYPICAL, LARGEST})
    public String file;

    private final DomainXml domains = new DomainXml();
    private String xml;

    @Setup(Level.Trial)
    public void load() {
        xml = read(Path.of(corpus), file);
        // A benchmark of a round trip that changes the document would measure the wrong thing.
        if (!roundTrip().equals(xml)) {
            throw new IllegalStateException("round trip changed " + file);
        }
    }

    /** Returned so that JMH consumes the result and the JIT cannot drop the work. */
    @Benchmark
    public String roundTrip() {
        return domains.parse(xml, "bench").xml();
    }

    public static void main(String[] args) throws RunnerException {
        Path corpus = Path.of(args.length > 0 ? args[0]
                : System.getProperty("virtfx.conformance", "conformance/libvirt")).toAbsolutePath();
        Options options = new OptionsBuilder()
                .include(XmlRoundTripBench.class.getName() + ".roundTrip")
                .param("corpus", corpus.toString())
                .forks(1)
                .threads(1)
                .warmupIterations(3)
                .warmupTime(TimeValue.seconds(3))
                .measurementIterations(5)
                .measurementTime(TimeValue.seconds(3))
                .build();
        Collection<RunResult> results = new Runner(options).run();
        double largestRate = rate(results, LARGEST);
        double typicalRate = rate(results, TYPICAL);
        int largestBytes = read(corpus, LARGEST).length();
        int typicalBytes = read(corpus, TYPICAL).length();
        System.out.printf(Locale.ROOT, "largest_bytes=%d largest_ops_per_s=%.0f typical_bytes=%d typical_ops_per_s=%.0f"
                        + " target_typical_ops_per_s=20000 target_met=%b%n", largestBytes, largestRate,
                typicalBytes, typicalRate, typicalRate >= 20000);
    }

    private static double rate(Collection<RunResult> results, String file) {
        return results.stream().filter(r -> file.equals(r.getParams().getParam("file")))
                .mapToDouble(r -> r.getPrimaryResult().getScore()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no result for " + file));
    }

    private static String read(Path corpus, String file) {
        try {
            return Files.readString(corpus.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
