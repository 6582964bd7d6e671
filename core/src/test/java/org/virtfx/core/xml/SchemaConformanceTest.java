package org.virtfx.core.xml;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.xml.ConformanceCorpus.Outcome;
import org.virtfx.core.xml.SchemaValidator.Kind;

/**
 * Every corpus file validates against its libvirt schema, except the {@code -invalid.} ones,
 * which must not (README, section 7).
 */
class SchemaConformanceTest {
    private static final SchemaValidator VALIDATOR = new SchemaValidator();

    @TestFactory
    Stream<DynamicNode> networkFilesValidate() {
        List<Path> files = new ArrayList<>();
        files.addAll(ConformanceCorpus.files("tests/networkxml2xmlin", ".xml"));
        files.addAll(ConformanceCorpus.files("tests/networkxml2xmlout", ".xml"));
        files.addAll(ConformanceCorpus.files("tests/networkxml2xmlupdateout", ".xml"));
        files.addAll(ConformanceCorpus.files("examples/xml/test", ".xml").stream()
                .filter(p -> p.getFileName().toString().startsWith("testnet")).toList());
        return ConformanceCorpus.report("schema network", 108, check(Kind.NETWORK, files), Set.of());
    }

    @TestFactory
    Stream<DynamicNode> domainFilesValidate() {
        List<Path> files = new ArrayList<>();
        for (String folder : List.of("domainschemadata", "genericxml2xmlindata", "genericxml2xmloutdata",
                "lxcxml2xmldata", "lxcxml2xmloutdata")) {
            files.addAll(ConformanceCorpus.files("tests/" + folder, ".xml"));
        }
        files.addAll(ConformanceCorpus.files("examples/xml/test", ".xml").stream()
                .filter(p -> p.getFileName().toString().startsWith("testdom")).toList());
        return ConformanceCorpus.report("schema domain (generic, lxc, domainschemadata, examples)", 106,
                check(Kind.DOMAIN, files), Set.of());
    }

    @TestFactory
    Stream<DynamicNode> qemuArgvInputsValidate() {
        return ConformanceCorpus.report("schema qemuxml2argvdata", 889,
                check(Kind.DOMAIN, ConformanceCorpus.files("tests/qemuxml2argvdata", ".xml")), Set.of());
    }

    @TestFactory
    Stream<DynamicNode> qemuXmlOutputsValidate() {
        return ConformanceCorpus.report("schema qemuxml2xmloutdata", 543,
                check(Kind.DOMAIN, ConformanceCorpus.files("tests/qemuxml2xmloutdata", ".xml")), Set.of());
    }

    @Test
    void problemsNameLineAndColumn() {
        String xml = "<network>\n  <name>n</name>\n  <bogus/>\n</network>\n";
        List<SchemaValidator.Problem> problems = VALIDATOR.problems(Kind.NETWORK, xml);
        assertFalse(problems.isEmpty());
        assertTrue(problems.get(0).line() == 3, problems.toString());
        VirtException e = assertThrows(VirtException.class, () -> VALIDATOR.validate(Kind.NETWORK, xml, "net.xml"));
        assertTrue(e.getMessage().startsWith("net.xml:3:"), e.getMessage());
    }

    @Test
    void validatingATypicalDomainTakesMilliseconds() throws IOException {
        Path file = ConformanceCorpus.root().resolve("tests/qemuxml2xmloutdata/disk-cdrom.x86_64-latest.xml");
        String xml = Files.readString(file);
        VALIDATOR.validate(Kind.DOMAIN, xml, file.toString());
        long start = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            VALIDATOR.validate(Kind.DOMAIN, xml, file.toString());
        }
        long perDocumentMillis = (System.nanoTime() - start) / 20 / 1_000_000;
        // Interactive define must not wait on the schema: a cached schema validates in well under 50 ms.
        assertTrue(perDocumentMillis < 50, perDocumentMillis + " ms per validation");
    }

    private static List<Outcome> check(Kind kind, List<Path> files) {
        List<Outcome> outcomes = new ArrayList<>();
        for (Path file : files) {
            String name = file.getParent().getFileName() + "/" + file.getFileName();
            boolean shouldFail = file.getFileName().toString().contains("-invalid.");
            List<SchemaValidator.Problem> problems;
            try {
                problems = VALIDATOR.problems(kind, Files.readString(file));
            } catch (IOException | VirtException e) {
                outcomes.add(Outcome.fail(name, "unreadable: " + e.getMessage()));
                continue;
            }
            if (shouldFail == !problems.isEmpty()) {
                outcomes.add(Outcome.pass(name));
            } else {
                outcomes.add(Outcome.fail(name, shouldFail ? "validated, but is meant to be invalid"
                        : "invalid: " + problems.get(0)));
            }
        }
        return outcomes;
    }
}
