package org.virtfx.core.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryChangesTest {
    @TempDir
    Path folder;

    /** Puts the folder's time an hour back, so that it is well outside the clock's tick of any look. */
    private void settle() throws Exception {
        Files.setLastModifiedTime(folder, FileTime.from(Instant.now().minus(1, ChronoUnit.HOURS)));
    }

    @Test
    void aFolderNobodyTouchedIsUnchangedAfterTheFirstLook() throws Exception {
        settle();
        DirectoryChanges changes = new DirectoryChanges(folder);
        assertTrue(changes.changed(), "the first look reads the folder");
        assertFalse(changes.changed());
        assertFalse(changes.changed());
    }

    @Test
    void aFileWrittenOrRemovedByAnyoneIsAChange() throws Exception {
        settle();
        DirectoryChanges changes = new DirectoryChanges(folder);
        changes.changed();
        Path file = folder.resolve("net.state");
        AtomicFiles.write(file, "record");
        assertTrue(changes.changed(), "an atomic write renames into the folder");
        settle();
        assertTrue(changes.changed(), "the time differs from the one seen");
        assertFalse(changes.changed());
        Files.delete(file);
        assertTrue(changes.changed(), "a removal");
    }

    @Test
    void aChangeWithinTheClockTickOfTheLastLookIsNotMissed() throws Exception {
        settle();
        DirectoryChanges changes = new DirectoryChanges(folder);
        changes.changed();
        // A time no earlier than the looks, however slowly this test runs: a file written in the
        // same tick as a look keeps the folder's time, so every look reads again.
        Files.setLastModifiedTime(folder, FileTime.from(Instant.now().plusSeconds(1)));
        assertTrue(changes.changed());
        assertTrue(changes.changed());
    }

    @Test
    void aMissingFolderIsUnchangedUntilItAppears() throws Exception {
        Path missing = folder.resolve("state");
        DirectoryChanges changes = new DirectoryChanges(missing);
        assertTrue(changes.changed());
        assertFalse(changes.changed(), "still missing");
        Files.createDirectory(missing);
        assertTrue(changes.changed());
    }

    @Test
    void forgettingMakesTheNextLookRead() throws Exception {
        settle();
        DirectoryChanges changes = new DirectoryChanges(folder);
        changes.changed();
        changes.forget();
        assertTrue(changes.changed());
    }
}
