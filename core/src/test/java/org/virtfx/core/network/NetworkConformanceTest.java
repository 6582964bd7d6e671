package org.virtfx.core.network;

import static org.virtfx.core.xml.ConformanceCorpus.expected;
import static org.virtfx.core.xml.ConformanceCorpus.firstDifference;
import static org.virtfx.core.xml.ConformanceCorpus.manifest;
import static org.virtfx.core.xml.ConformanceCorpus.read;
import static org.virtfx.core.xml.ConformanceCorpus.withFinalNewline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.xml.ConformanceCorpus;
import org.virtfx.core.xml.ConformanceCorpus.Outcome;

/** libvirt's networkxml2xml and networkxml2xmlupdate cases, driven by the corpus manifests. */
class NetworkConformanceTest {
    private static final int PINNED_XML2XML = 46;
    private static final int PINNED_UPDATE = 41;

    private final NetworkXml networks = new NetworkXml();

    @TestFactory
    Stream<DynamicNode> networkXmlFormatsAsLibvirtDoes() {
        List<Outcome> outcomes = new ArrayList<>();
        for (Map<String, String> row : manifest("networkxml2xml.tsv")) {
            String name = row.get("name");
            String input = read(row.get("input"));
            boolean inactive = row.get("format_flags").contains("INACTIVE");
            if (row.get("expect").equals("parse-error")) {
                try {
                    networks.format(input, row.get("input"), inactive);
                    outcomes.add(Outcome.fail(name, "parsed, but libvirt rejects it"));
                } catch (VirtException e) {
                    outcomes.add(Outcome.pass(name));
                }
                continue;
            }
            String want = expected(row.get("expected_output"));
            try {
                String got = withFinalNewline(networks.format(input, row.get("input"), inactive), want);
                outcomes.add(got.equals(want) ? Outcome.pass(name) : Outcome.fail(name, firstDifference(want, got)));
            } catch (VirtException e) {
                outcomes.add(Outcome.fail(name, "rejected: " + e.getMessage()));
            }
        }
        return ConformanceCorpus.report("networkxml2xml", PINNED_XML2XML, outcomes, Set.of());
    }

    @TestFactory
    Stream<DynamicNode> networkUpdatesApplyAsLibvirtDoes() {
        List<Outcome> outcomes = new ArrayList<>();
        for (Map<String, String> row : manifest("networkxml2xmlupdate.tsv")) {
            String name = row.get("name") + " (" + row.get("update_fragment").replaceAll(".*/", "") + ")";
            String index = row.get("parent_index");
            NetworkUpdate update = new NetworkUpdate(NetworkUpdate.Section.valueOf(row.get("section")),
                    NetworkUpdate.Command.valueOf(row.get("command")), index.equals("-") ? -1 : Integer.parseInt(index),
                    read(row.get("update_fragment")));
            NetworkDefinition base = networks.parse(read(row.get("base_network")), row.get("base_network"));
            try {
                String got = networks.update(base, update).xml();
                if (row.get("expect").equals("failure")) {
                    outcomes.add(Outcome.fail(name, "applied, but libvirt refuses it"));
                } else {
                    String want = expected(row.get("expected_output"));
                    got = withFinalNewline(got, want);
                    outcomes.add(got.equals(want) ? Outcome.pass(name) : Outcome.fail(name, firstDifference(want, got)));
                }
            } catch (VirtException e) {
                outcomes.add(row.get("expect").equals("failure") ? Outcome.pass(name)
                        : Outcome.fail(name, "refused: " + e.getMessage()));
            }
        }
        return ConformanceCorpus.report("networkxml2xmlupdate", PINNED_UPDATE, outcomes, Set.of());
    }
}
