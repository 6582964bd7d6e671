package org.virtfx.core.xml;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.virtfx.core.error.VirtException;

/**
 * What every fuzz test of a reader checks, and where its seeds come from.
 *
 * <p>The property: a reader given any input gives a result or a {@link VirtException} whose
 * message names the problem. Any other exception escapes and is a finding; so are a hang past
 * the fuzz test's {@code @Timeout} and an {@code OutOfMemoryError}, which Jazzer reports too.
 *
 * <p>The fuzz tests are Jazzer {@code @FuzzTest}s, one per class, because Jazzer fuzzes one
 * test per JVM. A plain {@code mvn verify} runs them twice: once with the other tests, on the
 * inputs kept under {@code <TestClass>Inputs/<method>/} in the test resources (past findings,
 * each a regression test), and once more in surefire's {@code fuzz} execution with
 * {@code JAZZER_FUZZ=1}, each class in a JVM of its own, for the {@code maxDuration} its
 * annotation gives. In that run, {@link #seed} first copies the conformance corpus into
 * Jazzer's generated corpus, so mutation starts from libvirt's own documents.
 *
 * <p>Longer runs by hand, e.g. an hour on the domain reader: {@code -Dtest} picks the class (and
 * leaves out the bounded run), {@code JAZZER_FUZZ} makes it fuzz, and libFuzzer takes the last
 * {@code -max_total_time} it is given (arg.0 stands for libFuzzer's program name). Such a run
 * draws its own seed, where the bounded run keeps one; a bounded heap keeps the JVM under
 * libFuzzer's 2 GB resident limit:
 * <pre>
 * JAZZER_FUZZ=1 flock /tmp/virtfx-build.lock mvn -B -o -pl core -am verify -Dtest=DomainXmlFuzzTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false -DargLine=-Xmx512m -Djazzer.internal.arg.0=fuzz \
 *     -Djazzer.internal.arg.1=-max_total_time=3600 -Djazzer.internal.arg.2=-timeout=10
 * </pre>
 * A finding is written under {@code target/} as {@code crash-*} or {@code timeout-*}; fix it
 * and move the file into the test's inputs folder, where it stays as a regression test.
 */
public final class FuzzTargets {

    private FuzzTargets() {
    }

    /** The input as text, as a file of it would be read (UTF-8, bad bytes replaced). */
    public static String text(byte[] input) {
        return new String(input, StandardCharsets.UTF_8);
    }

    /**
     * Runs {@code read} on {@code input}; a {@link VirtException} must say what is wrong and say
     * "XML error:" once at most (beyond what the input itself quotes), anything else escapes.
     */
    public static void resultOrClearError(String input, Runnable read) {
        try {
            read.run();
        } catch (VirtException e) {
            String message = e.getMessage();
            assertFalse(message.isBlank(), "a VirtException without a message");
            assertFalse(count(message, "XML error:") > 1 + count(input, "XML error:"),
                    "a doubled 'XML error:': " + message);
        }
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }

    /** True when Jazzer fuzzes rather than replays its inputs (JAZZER_FUZZ set to anything). */
    public static boolean fuzzing() {
        String fuzz = System.getenv("JAZZER_FUZZ");
        return fuzz != null && !fuzz.isEmpty();
    }

    /**
     * In fuzzing mode, copies {@code files} into the generated corpus of {@code testClass}'s
     * {@code method}, where Jazzer reads its starting inputs: {@code .cifuzz-corpus/CLASS/METHOD}
     * under {@code jazzer.internal.basedir} (the module's {@code target} folder, set in the pom).
     */
    public static void seed(Class<?> testClass, String method, List<Path> files) {
        if (!fuzzing()) {
            return;
        }
        Path corpus = Path.of(System.getProperty("jazzer.internal.basedir", "")).toAbsolutePath()
                .resolve(".cifuzz-corpus").resolve(testClass.getName()).resolve(method);
        try {
            Files.createDirectories(corpus);
            for (Path file : files) {
                Path copy = corpus.resolve("seed-" + file.getParent().getFileName() + "-" + file.getFileName());
                Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The corpus files of several folders, each with the given suffix. */
    public static List<Path> corpusFiles(String suffix, String... folders) {
        return java.util.Arrays.stream(folders).flatMap(f -> ConformanceCorpus.files(f, suffix).stream()).toList();
    }
}
