package org.virtfx.drivers.test;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.virtfx.core.xml.FuzzTargets;

/**
 * The test driver's node-file reader, fuzzed from libvirt's sample node files: any node file
 * gives a node or a clear error (see core's {@link FuzzTargets} for the property and for longer
 * runs). Inputs are written into a copy of the samples' folder, so that {@code file=}
 * references to the sample domains, networks and pools resolve as they do for the originals.
 */
class NodeFileFuzzTest {
    private static Path folder;

    private static List<Path> seeds() {
        try (Stream<Path> files = Files.list(NodeFileTest.samples())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".xml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    static void copySamples() throws IOException {
        folder = Files.createTempDirectory("node-fuzz");
        for (Path sample : seeds()) {
            Files.copy(sample, folder.resolve(sample.getFileName()));
        }
        FuzzTargets.seed(NodeFileFuzzTest.class, "nodeFile", seeds());
    }

    @AfterAll
    static void removeCopies() throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(folder);
    }

    @FuzzTest(maxDuration = "25s")
    void nodeFile(byte[] input) throws IOException {
        Path node = folder.resolve("fuzz-node.xml");
        Files.write(node, input);
        FuzzTargets.resultOrClearError(FuzzTargets.text(input), () -> new TestNodeLoader().loadFile(node));
    }

    @Test
    void everySampleGivesANodeOrAClearError() throws IOException {
        for (Path sample : seeds()) {
            nodeFile(Files.readAllBytes(sample));
        }
    }
}
