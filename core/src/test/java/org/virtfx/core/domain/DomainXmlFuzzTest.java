package org.virtfx.core.domain;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Files;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.virtfx.core.xml.FuzzTargets;

/**
 * The domain XML reader, fuzzed from libvirt's domain documents: any input gives a definition
 * or a clear error (see {@link FuzzTargets} for the property and for longer runs).
 */
class DomainXmlFuzzTest {
    static final String[] SEED_FOLDERS = {"tests/genericxml2xmlindata", "tests/lxcxml2xmldata",
        "tests/domainschemadata", "tests/qemuxml2argvdata"};

    // A fixed source keeps made-up MAC addresses, and with them each run, reproducible.
    private final DomainXml reader = new DomainXml(new SplittableRandom(1));

    @BeforeAll
    static void seed() {
        FuzzTargets.seed(DomainXmlFuzzTest.class, "domainXml", FuzzTargets.corpusFiles(".xml", SEED_FOLDERS));
    }

    @FuzzTest(maxDuration = "25s")
    void domainXml(byte[] input) {
        String xml = FuzzTargets.text(input);
        FuzzTargets.resultOrClearError(xml, () -> reader.parse(xml, "fuzz.xml"));
    }

    @Test
    void everySeedGivesADefinitionOrAClearError() throws Exception {
        for (var file : FuzzTargets.corpusFiles(".xml", SEED_FOLDERS)) {
            domainXml(Files.readAllBytes(file));
        }
    }
}
