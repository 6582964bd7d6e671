package org.virtfx.core.storage;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.virtfx.core.xml.ConformanceCorpus;
import org.virtfx.core.xml.FuzzTargets;

/**
 * The storage pool and volume readers, fuzzed from libvirt's sample pool and volume: any input
 * gives a pool or volume or a clear error (see {@link FuzzTargets}). Each input goes through
 * both readers, since either root may come out of a mutation.
 */
class StorageXmlFuzzTest {
    private final StorageXml reader = new StorageXml();

    private static List<java.nio.file.Path> seeds() {
        var dir = ConformanceCorpus.root().resolve("examples/xml/test");
        return List.of(dir.resolve("testpool.xml"), dir.resolve("testvol.xml"));
    }

    @BeforeAll
    static void seed() {
        FuzzTargets.seed(StorageXmlFuzzTest.class, "storageXml", seeds());
    }

    @FuzzTest(maxDuration = "20s")
    void storageXml(byte[] input) {
        String xml = FuzzTargets.text(input);
        FuzzTargets.resultOrClearError(xml, () -> reader.parsePool(xml, "fuzz.xml"));
        FuzzTargets.resultOrClearError(xml, () -> reader.parseVolume(xml, "fuzz.xml"));
    }

    @Test
    void everySeedGivesAResultOrAClearError() throws Exception {
        for (var file : seeds()) {
            storageXml(Files.readAllBytes(file));
        }
    }
}
