package org.virtfx.drivers.qemu.argv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.xml.ConformanceCorpus;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlParser;

/**
 * libvirt's qemuxml2argv cases (x86_64, QEMU 8.2 capabilities): every case the builder
 * accepts must give libvirt's command line exactly, written as libvirt's test writes it.
 * Cases the builder refuses are listed, by the reason it gives, in
 * {@code qemuxml2argv-refused.txt}; the list must stay exactly as pinned, so a case that
 * starts passing (or starts being refused) is noticed and the list updated.
 */
class QemuArgvConformanceTest {
    /** Cases that give libvirt's exact command line. Only ever raise this. */
    private static final int PINNED_MATCHING = 101;
    private static final String REFUSED_LIST = "qemuxml2argv-refused.txt";
    /** Cases libvirt's test program runs with a qemu.conf or environment of their own. */
    private static final Map<String, String> HARNESS_CONFIG = Map.of(
            "audio-default-nographics", "nogfx_allow_host_audio=1 and QEMU_AUDIO_DRV=alsa");

    private final QemuArgvBuilder builder = new QemuArgvBuilder();
    private final XmlParser parser = new XmlParser();

    /** The fixed context of libvirt's test program (README section 5). */
    static CommandLineContext libvirtTestContext(XmlElement domain) {
        String name = domain.childText("name").orElse("");
        Path dir = Path.of("/var/lib/libvirt/qemu/domain--1-" + name);
        Accel accel = "kvm".equals(domain.attribute("type").orElse("")) ? Accel.KVM : Accel.TCG;
        // libvirt's test harness hands every listening socket over as descriptor 1729 and
        // opened files as 1750; taps come in as descriptor 3; /dev/cdrom is its one CD-ROM drive.
        HostEnds passed = new HostEnds() {
            @Override
            public OptionalInt listeningSocket(String chardevId, Path path) {
                return OptionalInt.of(1729);
            }

            @Override
            public OptionalInt appendFile(String opaque, Path path) {
                return OptionalInt.of(1750);
            }
        };
        return new CommandLineContext(accel, dir, dir.resolve("monitor.sock"), dir.resolve("master-key.aes"),
                Path.of("/var/lib/libvirt/qemu/nvram/" + name + "_VARS.fd"), Collections.nCopies(4, TapEnd.fd(3)), passed, "/dev/cdrom"::equals, "/bin", "test");
    }

    @TestFactory
    Stream<DynamicNode> qemuxml2argv() throws IOException {
        List<DynamicNode> tests = new ArrayList<>();
        Map<String, TreeSet<String>> refused = new TreeMap<>();
        int matching = 0;
        for (Map<String, String> row : ConformanceCorpus.manifest("qemuxml2argv.x86_64-latest.tsv")) {
            String name = row.get("name");
            String expect = row.get("expect");
            if (!expect.equals("success")) {
                // A refusal that depends on the harness's capabilities says nothing about ours.
                if (row.get("notes").equals("-")) {
                    tests.add(rejected(row));
                }
                continue;
            }
            String harness = !row.get("notes").equals("-") ? row.get("notes") : HARNESS_CONFIG.get(name);
            if (harness != null) {
                refused.computeIfAbsent("needs libvirt's test-harness context: " + harness, k -> new TreeSet<>()).add(name);
                continue;
            }
            String expected = ConformanceCorpus.read(row.get("expected_output"));
            String actual;
            try {
                XmlElement domain = parser.parse(ConformanceCorpus.read(row.get("input")), row.get("input"));
                actual = builder.build(domain, libvirtTestContext(domain)).shellText();
            } catch (VirtException e) {
                refused.computeIfAbsent(e.getMessage(), k -> new TreeSet<>()).add(name);
                continue;
            }
            String got = actual;
            if (ConformanceCorpus.withFinalNewline(got, expected).equals(expected)) {
                matching++;
                continue;
            }
            tests.add(DynamicTest.dynamicTest(name, () -> assertEquals(expected,
                    ConformanceCorpus.withFinalNewline(got, expected),
                    name + ": " + ConformanceCorpus.firstDifference(expected, got))));
        }
        String refusedText = format(refused);
        Path written = Path.of("target", REFUSED_LIST);
        Files.createDirectories(written.getParent());
        Files.writeString(written, refusedText);
        int finalMatching = matching;
        System.out.println("qemuxml2argv: " + matching + " cases give libvirt's command line (pinned " + PINNED_MATCHING
                + "); refused: " + refused.values().stream().mapToInt(TreeSet::size).sum());
        tests.add(DynamicTest.dynamicTest("matching count stays at or above " + PINNED_MATCHING,
                () -> assertTrue(finalMatching >= PINNED_MATCHING, finalMatching + " match, pinned " + PINNED_MATCHING)));
        tests.add(DynamicTest.dynamicTest("refused cases are the pinned list (new list in " + written + ")",
                () -> assertEquals(pinnedRefused(), refusedText)));
        return tests.stream();
    }

    /**
     * A case libvirt refuses (at parse or when building the command line) must not start here
     * either; the builder's reason may differ from libvirt's, its refusal may not.
     */
    private DynamicTest rejected(Map<String, String> row) {
        return DynamicTest.dynamicTest(row.get("name") + " is refused (" + row.get("expect") + ")", () -> {
            String xml = ConformanceCorpus.read(row.get("input"));
            try {
                XmlElement domain = parser.parse(xml, row.get("input"));
                builder.build(domain, libvirtTestContext(domain));
            } catch (VirtException expected) {
                return;
            }
            throw new AssertionError(row.get("name") + " builds a command line, but libvirt refuses it with: "
                    + ConformanceCorpus.read(row.get("expected_output")).strip());
        });
    }

    private static String format(Map<String, TreeSet<String>> refused) {
        StringBuilder sb = new StringBuilder();
        refused.forEach((reason, names) -> {
            sb.append(reason).append(" (").append(names.size()).append(")\n");
            names.forEach(n -> sb.append("    ").append(n).append('\n'));
        });
        return sb.toString();
    }

    private static String pinnedRefused() throws IOException {
        try (InputStream in = QemuArgvConformanceTest.class.getResourceAsStream(REFUSED_LIST)) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
