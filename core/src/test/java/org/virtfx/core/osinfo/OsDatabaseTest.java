package org.virtfx.core.osinfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OsDatabaseTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 26);

    @Test
    void findsDebian11ByShortIdAndName() {
        OsDatabase db = SystemOsDatabase.require();
        OsEntry debian = db.byShortId("debian11").orElseThrow();
        assertEquals("http://debian.org/debian/11", debian.id());
        assertEquals("Debian 11", debian.name());
        assertEquals("linux", debian.family());
        assertEquals(debian, db.byId("http://debian.org/debian/11").orElseThrow());
        List<OsEntry> found = db.search("Debian 1", true, TODAY);
        assertEquals(OsEntry.GENERIC, found.get(0), "the generic OS always leads");
        assertTrue(found.contains(debian));
        assertTrue(found.indexOf(debian) < found.indexOf(db.byShortId("debian10").orElseThrow()), "newest first");
    }

    @Test
    void endOfLifeSystemsAppearOnlyWhenAsked() {
        OsDatabase db = SystemOsDatabase.require();
        OsEntry squeeze = db.byShortId("debian6").orElseThrow();
        assertTrue(squeeze.isEol(TODAY));
        assertFalse(db.search("debian", false, TODAY).contains(squeeze));
        assertTrue(db.search("debian", true, TODAY).contains(squeeze));
    }

    @Test
    void recommendsWhatTheFileSays() throws Exception {
        OsDatabase db = SystemOsDatabase.require();
        String file = Files.readString(OsDatabase.systemDir().resolve("os/debian.org/debian-11.xml"));
        String recommended = file.substring(file.indexOf("<recommended>"));
        long ram = Long.parseLong(recommended.substring(recommended.indexOf("<ram>") + 5, recommended.indexOf("</ram>")));
        Recommendation r = db.byShortId("debian11").orElseThrow().recommendation("x86_64");
        assertEquals(ram >> 20, r.memoryMiB());
        assertEquals(20, r.diskGiB());
        assertEquals(2, r.cpus(), "no recommended CPU count: twice the minimum, as virt-manager does");
    }

    @Test
    void skipsUnparsableFilesAndKeepsTheRest(@TempDir Path dir) throws Exception {
        Path vendor = Files.createDirectories(dir.resolve("os/example.org"));
        Files.writeString(vendor.resolve("broken.xml"), "<libosinfo><os id='x'>");
        Files.writeString(vendor.resolve("doctype.xml"), "<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><libosinfo/>");
        Files.writeString(vendor.resolve("good.xml"), """
                <libosinfo version="0.0.1"><os id="http://example.org/ex/1"><short-id>ex1</short-id>
                <name>Example 1</name><name xml:lang="de">Beispiel 1</name><version>1</version>
                <release-date>2025-01-01</release-date>
                <resources arch="x86_64"><minimum><n-cpus>1</n-cpus><ram>536870912</ram></minimum></resources>
                </os></libosinfo>""");
        OsDatabase db = OsDatabase.load(dir);
        assertEquals(2, db.size());
        OsEntry example = db.byShortId("ex1").orElseThrow();
        assertEquals("Example 1", example.name());
        assertEquals(new Recommendation(1024, 2, 20), example.recommendation("x86_64"));
        assertEquals(Recommendation.GENERIC, example.recommendation("aarch64"));
    }

    @Test
    void missingDirectoryOffersOnlyTheGenericOs(@TempDir Path dir) {
        OsDatabase db = OsDatabase.load(dir.resolve("absent"));
        assertEquals(List.of(OsEntry.GENERIC), db.search("", true, TODAY));
        assertEquals(OsEntry.GENERIC, db.byId(OsEntry.GENERIC_ID).orElseThrow());
    }

    @Test
    void loadsTheWholeDatabaseQuickly() {
        SystemOsDatabase.require();
        long start = System.nanoTime();
        OsDatabase db = OsDatabase.load(OsDatabase.systemDir());
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("osinfo-db: " + db.size() + " operating systems loaded in " + millis + " ms");
        assertTrue(db.size() > 500, "osinfo-db 2022 holds some 800 systems, not " + db.size());
        assertTrue(millis < 5000, "loading took " + millis + " ms");
    }
}
