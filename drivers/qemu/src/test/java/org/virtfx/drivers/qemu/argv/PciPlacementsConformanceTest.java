package org.virtfx.drivers.qemu.argv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.xml.ConformanceCorpus;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlFormat;
import org.virtfx.core.xml.XmlParser;

/**
 * The live XML's PCI addresses and PCI controllers, checked against libvirt's: for every
 * qemuxml2argv case whose command line matches libvirt's, the addresses a start writes into
 * the definition are the ones libvirt's qemuxml2xml output gives the same devices, and its
 * {@code <controller type='pci'>} elements (the root bus, the root ports it added, with their
 * chassis, port and address) are libvirt's.
 */
class PciPlacementsConformanceTest {
    /** Cases whose addresses and PCI controllers are libvirt's. Only ever raise this. */
    private static final int PINNED_MATCHING = 60;

    private final XmlParser parser = new XmlParser();

    @Test
    void startsPlaceDevicesAndAddControllersAsLibvirtsLiveXmlShowsThem() {
        int matching = 0;
        Map<String, String> differing = new TreeMap<>();
        for (Map<String, String> row : ConformanceCorpus.manifest("qemuxml2argv.x86_64-latest.tsv")) {
            String name = row.get("name");
            String outputXml = "tests/qemuxml2xmloutdata/" + name + ".x86_64-latest.xml";
            if (!row.get("expect").equals("success") || !row.get("notes").equals("-")
                    || !Files.exists(ConformanceCorpus.root().resolve(outputXml))) {
                continue;
            }
            XmlElement domain = parser.parse(ConformanceCorpus.read(row.get("input")), row.get("input"));
            QemuCommandLine commandLine;
            try {
                commandLine = new QemuArgvBuilder().build(domain.copy(),
                        QemuArgvConformanceTest.libvirtTestContext(domain));
            } catch (VirtException refused) {
                continue;
            }
            String expectedArgs = ConformanceCorpus.read(row.get("expected_output"));
            if (!ConformanceCorpus.withFinalNewline(commandLine.shellText(), expectedArgs).equals(expectedArgs)) {
                continue;
            }
            XmlElement ours = commandLine.placements().applyTo(domain.copy());
            XmlElement libvirts = parser.parse(ConformanceCorpus.read(outputXml), outputXml);
            String difference = firstDifference(ours, libvirts);
            if (difference == null) {
                matching++;
            } else {
                differing.put(name, difference);
            }
        }
        StringBuilder report = new StringBuilder();
        differing.forEach((n, d) -> report.append(n).append(": ").append(d).append('\n'));
        System.out.println("PCI placements: " + matching + " cases as libvirt's (pinned " + PINNED_MATCHING + "); differ: "
                + differing.size() + "\n" + report);
        assertTrue(matching >= PINNED_MATCHING, matching + " match, pinned " + PINNED_MATCHING + "\n" + report);
    }

    /** The first device whose address differs, or a difference in the PCI controllers; null when none. */
    private static String firstDifference(XmlElement ours, XmlElement libvirts) {
        XmlElement a = ours.child("devices").orElseThrow();
        XmlElement b = libvirts.child("devices").orElseThrow();
        String controllers = pciControllers(a).toString();
        if (!controllers.equals(pciControllers(b).toString())) {
            return "PCI controllers " + controllers + " against libvirt's " + pciControllers(b);
        }
        for (XmlElement device : a.children()) {
            if (device.name().equals("controller") || device.child("address").isEmpty()) {
                continue;
            }
            List<XmlElement> same = a.children(device.name());
            List<XmlElement> theirs = b.children(device.name());
            int ordinal = indexOf(same, device);
            String mine = XmlFormat.format(device.child("address").get());
            String expected = ordinal < theirs.size() ? theirs.get(ordinal).child("address").map(XmlFormat::format)
                    .orElse("none") : "no such device";
            if (!mine.equals(expected)) {
                return "<" + device.name() + "> " + ordinal + " at " + mine.strip() + ", libvirt's " + expected.strip();
            }
        }
        return null;
    }

    private static int indexOf(List<XmlElement> list, XmlElement element) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == element) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> pciControllers(XmlElement devices) {
        List<String> found = new ArrayList<>();
        for (XmlElement c : devices.children("controller")) {
            if (c.attribute("type").orElse("").equals("pci")) {
                found.add(XmlFormat.format(c).replaceAll("\\s+", " ").strip());
            }
        }
        found.sort(null);
        return found;
    }
}
