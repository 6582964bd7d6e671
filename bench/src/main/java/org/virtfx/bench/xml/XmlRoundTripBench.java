package org.virtfx.bench.xml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.virtfx.core.domain.DomainXml;

/**
 * Parse + format round trips of domain XML on one thread: the largest domain of libvirt's
 * qemuxml2xmloutdata corpus and a typical ~5 KB one (virt-manager's q35 default guest).
 * The target is at least 20,000 round trips per second for the typical domain.
 *
 * <p>Usage: {@code XmlRoundTripBench [corpus-dir] [seconds-per-case]}; the corpus defaults to
 * {@code ../shared/conformance/libvirt}. The last line is {@code name=value} pairs.
 */
public final class XmlRoundTripBench {
    private static final String LARGEST = "tests/qemuxml2xmloutdata/pci-bridge-many-disks.x86_64-latest.xml";
    private static final String TYPICAL = "tests/qemuxml2xmloutdata/q35-virt-manager-basic.x86_64-latest.xml";

    private XmlRoundTripBench() {
    }

    public static void main(String[] args) throws IOException {
        Path corpus = Path.of(args.length > 0 ? args[0]
                : System.getProperty("virtfx.conformance", "../shared/conformance/libvirt"));
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 3;
        String largest = Files.readString(corpus.resolve(LARGEST));
        String typical = Files.readString(corpus.resolve(TYPICAL));
        DomainXml domains = new DomainXml();
        double largestRate = measure(domains, largest, seconds);
        double typicalRate = measure(domains, typical, seconds);
        System.out.printf(Locale.ROOT, "largest: %s (%d bytes) %.0f round trips/s%n", LARGEST, largest.length(), largestRate);
        System.out.printf(Locale.ROOT, "typical: %s (%d bytes) %.0f round trips/s%n", TYPICAL, typical.length(), typicalRate);
        System.out.printf(Locale.ROOT, "largest_bytes=%d largest_ops_per_s=%.0f typical_bytes=%d typical_ops_per_s=%.0f"
                        + " target_typical_ops_per_s=20000 target_met=%b%n", largest.length(), largestRate,
                typical.length(), typicalRate, typicalRate >= 20000);
    }

    /** Round trips per second after a warm-up of the same length, so the JIT has compiled the path. */
    private static double measure(DomainXml domains, String xml, double seconds) {
        run(domains, xml, seconds);
        return run(domains, xml, seconds);
    }

    private static double run(DomainXml domains, String xml, double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long start = System.nanoTime();
        long count = 0;
        int sink = 0;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 100; i++) {
                String out = domains.parse(xml, "bench").xml();
                if (!out.equals(xml)) {
                    throw new IllegalStateException("round trip changed the document");
                }
                sink += out.length();
            }
            count += 100;
        }
        double rate = count / ((System.nanoTime() - start) / 1e9);
        return sink == 0 ? 0 : rate;
    }
}
