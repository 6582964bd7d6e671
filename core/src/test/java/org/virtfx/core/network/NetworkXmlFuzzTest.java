package org.virtfx.core.network;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Files;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.virtfx.core.xml.FuzzTargets;

/**
 * The network XML reader, fuzzed from libvirt's network documents: any input gives a definition
 * or a clear error (see {@link FuzzTargets} for the property and for longer runs).
 */
class NetworkXmlFuzzTest {
    static final String[] SEED_FOLDERS = {"tests/networkxml2xmlin", "tests/networkxml2xmlout",
        "tests/networkxml2xmlupdatein"};

    private final NetworkXml reader = new NetworkXml();

    @BeforeAll
    static void seed() {
        FuzzTargets.seed(NetworkXmlFuzzTest.class, "networkXml", FuzzTargets.corpusFiles(".xml", SEED_FOLDERS));
    }

    @FuzzTest(maxDuration = "25s")
    void networkXml(byte[] input) {
        String xml = FuzzTargets.text(input);
        FuzzTargets.resultOrClearError(xml, () -> reader.parse(xml, "fuzz.xml"));
    }

    @Test
    void everySeedGivesADefinitionOrAClearError() throws Exception {
        for (var file : FuzzTargets.corpusFiles(".xml", SEED_FOLDERS)) {
            networkXml(Files.readAllBytes(file));
        }
    }
}
