package org.virtfx.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The installed package's runtime has no {@code jdk.random}: {@code RandomGenerator.getDefault()}
 * and {@code RandomGenerator.of(...)} find their algorithms there by name at run time, which no
 * module scan sees, and Add Network failed with "No implementation of the random number
 * generator algorithm". Shipped code takes {@code SecureRandom} (java.base) instead.
 */
class RandomAlgorithmsTest {
    private static final Pattern BY_NAME = Pattern.compile(
            "RandomGenerator\\s*\\.\\s*(getDefault|of)\\s*\\(|RandomGeneratorFactory|SplittableGenerator\\s*\\.\\s*of");
    private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();

    @Test
    void noShippedCodeLooksUpARandomAlgorithmByName() throws IOException {
        List<String> found = new ArrayList<>();
        int files = 0;
        try (Stream<Path> all = Files.walk(ROOT)) {
            for (Path file : all.filter(f -> f.toString().endsWith(".java")
                    && f.toString().contains("/src/main/java/")).toList()) {
                files++;
                if (BY_NAME.matcher(Files.readString(file)).find()) {
                    found.add(ROOT.relativize(file).toString());
                }
            }
        }
        assertTrue(files > 100, "only " + files + " main source files under " + ROOT);
        assertEquals(List.of(), found);
    }
}
