package org.virtfx.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the house's layers: core knows no windows, drivers know neither windows nor each
 * other, and the application reaches drivers only through ServiceLoader.
 */
class LayeringTest {
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(static\\s+)?([\\w.]+)", Pattern.MULTILINE);
    private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();

    @Test
    void coreImportsNoJavaFxAndNoApplication() {
        List<String> bad = violations(ROOT.resolve("core/src/main/java"),
                i -> i.startsWith("javafx.") || i.startsWith("org.virtfx.app") || i.startsWith("org.virtfx.drivers"));
        assertEquals(List.of(), bad);
    }

    @Test
    void driversImportOnlyCoreAndThemselves() throws IOException {
        Path drivers = ROOT.resolve("drivers");
        List<String> bad = new ArrayList<>();
        int modules = 0;
        try (Stream<Path> dirs = Files.list(drivers)) {
            for (Path module : dirs.filter(d -> Files.isDirectory(d.resolve("src/main/java"))).toList()) {
                modules++;
                String own = "org.virtfx.drivers." + module.getFileName();
                bad.addAll(violations(module.resolve("src/main/java"), i -> i.startsWith("javafx.")
                        || i.startsWith("org.virtfx.app")
                        || (i.startsWith("org.virtfx.drivers.") && !i.startsWith(own))));
            }
        }
        assertTrue(modules > 0, "no driver modules found under " + drivers);
        assertEquals(List.of(), bad);
    }

    @Test
    void applicationFindsDriversOnlyThroughServiceLoader() {
        assertEquals(List.of(), violations(ROOT.resolve("app/src/main/java"), i -> i.startsWith("org.virtfx.drivers")));
    }

    private static List<String> violations(Path sources, java.util.function.Predicate<String> forbidden) {
        assertTrue(Files.isDirectory(sources), "missing " + sources);
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = IMPORT.matcher(Files.readString(file));
                while (m.find()) {
                    if (forbidden.test(m.group(2))) {
                        found.add(ROOT.relativize(file) + " imports " + m.group(2));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }
}
