package org.virtfx.core.xml;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;

/**
 * libvirt's conformance corpus ({@code conformance/libvirt} in the project, see its README),
 * found through the {@code virtfx.conformance} system property that core's pom sets. It is part
 * of every clone, so a missing corpus fails the conformance tests instead of skipping them: a
 * broken checkout or a wrong property cannot pass as green.
 */
public final class ConformanceCorpus {

    private ConformanceCorpus() {
    }

    /** The corpus root; the test fails when it is not there. */
    public static Path root() {
        String property = System.getProperty("virtfx.conformance");
        Path root = property == null ? null : Path.of(property).normalize();
        if (root == null || !Files.isDirectory(root.resolve("manifests"))) {
            fail("libvirt conformance corpus not found at " + root
                    + " (run Maven from the project's root, or set -Dvirtfx.conformance=PATH/conformance/libvirt)");
        }
        return root;
    }

    /** The rows of a manifest, each a map from column name to value. */
    public static List<Map<String, String>> manifest(String file) {
        List<String> lines = lines(root().resolve("manifests").resolve(file));
        String[] header = lines.get(0).split("\t");
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split("\t", -1);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], i < cells.length ? cells[i] : "");
            }
            rows.add(row);
        }
        return rows;
    }

    public static String read(String relative) {
        try {
            return Files.readString(root().resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An expected XML file as the README says to compare it: backslash-newline joins lines. */
    public static String expected(String relative) {
        return read(relative).replace("\\\n", "");
    }

    /** The README's one allowance: a missing final newline is added before comparing. */
    public static String withFinalNewline(String actual, String expected) {
        return expected.endsWith("\n") && !actual.endsWith("\n") ? actual + "\n" : actual;
    }

    /** Files of a folder of the corpus with the given suffix, sorted by name. */
    public static List<Path> files(String folder, String suffix) {
        try (Stream<Path> s = Files.list(root().resolve(folder))) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What one case of the corpus gave. */
    public record Outcome(String name, boolean passed, String detail) {
        public static Outcome pass(String name) {
            return new Outcome(name, true, "");
        }

        public static Outcome fail(String name, String detail) {
            return new Outcome(name, false, detail);
        }
    }

    /**
     * One test per case, plus a last one that prints the folder's count and fails when it drops
     * below the pinned number. Cases in {@code knownGaps} (each with its reason in the test
     * class) are not asserted one by one, but they still count when they start passing.
     */
    public static Stream<DynamicNode> report(String folder, int pinned, List<Outcome> outcomes,
                                             Set<String> knownGaps) {
        long passed = outcomes.stream().filter(Outcome::passed).count();
        System.out.println(folder + ": " + passed + "/" + outcomes.size() + " pass (pinned " + pinned + ")");
        Stream<DynamicNode> cases = outcomes.stream().filter(o -> !knownGaps.contains(o.name()))
                .map(o -> DynamicTest.dynamicTest(o.name(), () -> assertTrue(o.passed(), o.detail())));
        DynamicTest count = DynamicTest.dynamicTest(folder + " pass count stays at or above " + pinned, () ->
                assertTrue(passed >= pinned, folder + ": " + passed + " pass, pinned " + pinned + "; failing: "
                        + Arrays.toString(outcomes.stream().filter(o -> !o.passed()).map(Outcome::name).toArray())));
        return Stream.concat(cases, Stream.of(count));
    }

    /** A short, readable account of where two texts first differ. */
    public static String firstDifference(String expected, String actual) {
        String[] e = expected.split("\n", -1);
        String[] a = actual.split("\n", -1);
        for (int i = 0; i < Math.max(e.length, a.length); i++) {
            String el = i < e.length ? e[i] : "<end>";
            String al = i < a.length ? a[i] : "<end>";
            if (!el.equals(al)) {
                return "line " + (i + 1) + ": expected [" + el + "] but was [" + al + "]";
            }
        }
        return "texts are equal";
    }
}
