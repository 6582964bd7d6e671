package org.virtfx.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtfx.core.error.VirtException;

/** Reading and writing config files that other processes, crashes and users may have spoiled. */
class StoredFilesTest {
    @TempDir
    Path directory;

    @Test
    void oneUnreadableDefinitionIsSkippedWithAWarningNamingItAndTheOthersLoad() throws Exception {
        DefinitionStore store = new DefinitionStore(directory, "domain");
        store.save("good", "<domain/>");
        Files.createDirectory(directory.resolve("folder.xml"));
        Files.write(directory.resolve("huge.xml"), new byte[(int) BoundedFiles.DOCUMENT_LIMIT + 1]);
        LoadWarnings warnings = new LoadWarnings();
        List<DefinitionStore.Document> loaded = store.loadAll(warnings);
        assertEquals(List.of(directory.resolve("good.xml")), loaded.stream().map(DefinitionStore.Document::file).toList());
        assertEquals(2, warnings.all().size(), warnings.all().toString());
        assertTrue(warnings.all().get(0).contains("folder.xml") && warnings.all().get(0).endsWith("Is a directory"),
                warnings.all().toString());
        assertTrue(warnings.all().get(1).endsWith("huge.xml': file is larger than 10 MB"), warnings.all().toString());
    }

    @Test
    void aFifoOrDeviceIsRefusedWithoutOpeningIt() throws Exception {
        Path fifo = directory.resolve("pipe.xml");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        long began = System.nanoTime();
        VirtException error = assertThrows(VirtException.class, () -> BoundedFiles.readDocument(fifo));
        assertEquals("Failed to read file '" + fifo + "': not a regular file", error.getMessage());
        VirtException zero = assertThrows(VirtException.class, () -> BoundedFiles.readDocument(Path.of("/dev/zero")));
        assertEquals("Failed to read file '/dev/zero': not a regular file", zero.getMessage());
        assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began) < 5, "never blocked");
    }

    @Test
    void temporariesOfDeadWritersGoAtLoadAndALiveWritersStay() throws Exception {
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        Path stale = directory.resolve(".c0.xml." + dead.pid() + "-123456789.new");
        Path live = directory.resolve(".c1.xml." + ProcessHandle.current().pid() + "-987654321.new");
        Path unnamedOld = directory.resolve(".c2.xml4242.new");
        Files.writeString(stale, "<dom");
        Files.writeString(live, "<dom");
        Files.writeString(unnamedOld, "<dom");
        Files.setLastModifiedTime(unnamedOld, FileTime.from(Instant.now().minusSeconds(3600)));
        new DefinitionStore(directory, "domain").loadAll(new LoadWarnings());
        assertFalse(Files.exists(stale));
        assertFalse(Files.exists(unnamedOld));
        assertTrue(Files.exists(live));
    }

    @Test
    void anAtomicWriteLeavesOnlyItsFile() throws Exception {
        AtomicFiles.write(directory.resolve("a.xml"), "<a/>");
        assertEquals("<a/>", BoundedFiles.readDocument(directory.resolve("a.xml")));
        try (var files = Files.list(directory)) {
            assertEquals(List.of("a.xml"), files.map(f -> f.getFileName().toString()).toList());
        }
    }
}
