package org.virtfx.core.osinfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Media and tree rules, firmware and URL arguments of osinfo-db, matched as libosinfo matches them. */
class OsIdentificationTest {
    private static IsoVolume volume(String volumeId, String systemId, String publisherId) {
        return new IsoVolume(systemId, volumeId, publisherId, "", 0);
    }

    @Test
    void debianNetinstVolumeIdIsDebian11ForAmd64() {
        OsDatabase db = SystemOsDatabase.require();
        MediaMatch match = db.identify(volume("Debian 11.5.0 amd64 n", "", ""), "").orElseThrow();
        assertEquals("debian11", match.os().shortId());
        assertEquals("x86_64", match.media().arch());
        assertEquals("install.amd/vmlinuz", match.media().kernel());
        assertEquals("i686", db.identify(volume("Debian 11.5.0 i386 n", "", ""), "").orElseThrow().media().arch());
    }

    @Test
    void fedoraServerDvdNeedsItsSystemIdToo() {
        OsDatabase db = SystemOsDatabase.require();
        MediaMatch match = db.identify(volume("Fedora-S-dvd-x86_64-36", "LINUX", ""), "x86_64").orElseThrow();
        assertEquals("fedora36", match.os().shortId());
        assertEquals(Optional.empty(), db.identify(volume("Fedora-S-dvd-x86_64-36", "LINUX", ""), "aarch64"),
                "the x86_64 image is no aarch64 install");
    }

    @Test
    void anUnknownVolumeIsNoOs() {
        OsDatabase db = SystemOsDatabase.require();
        assertEquals(Optional.empty(), db.identify(volume("HOLIDAY PHOTOS", "", ""), ""));
        assertEquals(Optional.empty(), db.identify(volume("", "", ""), ""), "a blank volume id matches no rule");
    }

    @Test
    void windows11AloneRequiresUefi() {
        OsDatabase db = SystemOsDatabase.require();
        assertTrue(db.requiresEfi(db.byShortId("win11").orElseThrow(), "x86_64"), "win-11.xml: bios supported=false");
        assertFalse(db.requiresEfi(db.byShortId("fedora36").orElseThrow(), "x86_64"),
                "Fedora supports EFI (inherited from fedora-19.xml) but boots BIOS too");
        assertFalse(db.requiresEfi(db.byShortId("debian11").orElseThrow(), "x86_64"));
        assertFalse(db.requiresEfi(OsEntry.GENERIC, "x86_64"));
    }

    @Test
    void q35IsForOsesThatListItAndVirtio10WhereTheyListVirtioNet() {
        OsDatabase db = SystemOsDatabase.require();
        assertTrue(db.supportsQ35(db.byShortId("debian11").orElseThrow()), "inherited from debian-9.xml");
        assertTrue(db.supportsQ35(db.byShortId("win11").orElseThrow()), "inherited from win-7.xml");
        assertFalse(db.supportsQ35(db.byShortId("debian8").orElseThrow()), "q35 is listed from Debian 9 on");
        assertFalse(db.supportsQ35(OsEntry.GENERIC), "virt-install gives an unknown OS the first machine, pc");
    }

    @Test
    void usb3IsForOsesThatListQemusXhciController() {
        OsDatabase db = SystemOsDatabase.require();
        assertTrue(db.supportsUsb3(db.byShortId("debian8").orElseThrow()), "inherited from debian-7.xml");
        assertTrue(db.supportsUsb3(db.byShortId("win11").orElseThrow()), "inherited from win-8.xml");
        assertFalse(db.supportsUsb3(db.byShortId("debian6").orElseThrow()), "qemu-xhci is listed from Debian 7 on");
        assertFalse(db.supportsUsb3(db.byShortId("win7").orElseThrow()));
        assertFalse(db.supportsUsb3(OsEntry.GENERIC));
    }

    @Test
    void urlArgumentsAreInherited() {
        OsDatabase db = SystemOsDatabase.require();
        assertEquals("inst.repo", db.kernelUrlArgument(db.byShortId("fedora36").orElseThrow()),
                "declared by fedora-19.xml, which fedora 36 derives from");
        assertEquals("", db.kernelUrlArgument(db.byShortId("debian11").orElseThrow()));
    }

    @Test
    void fedoraTreeinfoIsFedora36() {
        OsDatabase db = SystemOsDatabase.require();
        TreeInfo info = TreeInfo.parse("""
                [general]
                family = Fedora
                version = 36
                arch = x86_64
                variant = Server

                [images-x86_64]
                kernel = images/pxeboot/vmlinuz
                initrd = images/pxeboot/initrd.img
                """);
        assertEquals("images/pxeboot/vmlinuz", info.kernel());
        assertEquals("fedora36", db.identify(info).orElseThrow().os().shortId(),
                "newest first: fedora 3's version rule '3' is found in '36' too");
    }

    @Test
    void rulesForAllArchitecturesAndRollingReleasesAreTheLastResort(@TempDir Path dir) throws Exception {
        Path vendor = Files.createDirectories(dir.resolve("os/example.org"));
        Files.writeString(vendor.resolve("a.xml"), """
                <libosinfo><os id="http://example.org/any/1"><short-id>any1</short-id><name>Any 1</name>
                <distro>aaa</distro><media arch="all"><iso><volume-id>EXAMPLE</volume-id></iso></media></os>
                <os id="http://example.org/rolling"><short-id>rolling</short-id><name>Rolling</name><distro>aab</distro>
                <release-status>rolling</release-status>
                <media arch="x86_64"><iso><volume-id>ROLLING</volume-id></iso></media></os>
                <os id="http://example.org/ex/2"><short-id>ex2</short-id><name>Example 2</name><distro>zzz</distro>
                <firmware arch="x86_64" type="efi"/><firmware arch="x86_64" type="bios" supported="false"/>
                <media arch="x86_64"><iso><volume-id>^EXAMPLE 2</volume-id></iso></media></os>
                <os id="http://example.org/ex/3"><short-id>ex3</short-id><name>Example 3</name><distro>zzz</distro>
                <derives-from id="http://example.org/ex/2"/><firmware arch="x86_64" type="bios"/></os>
                <os id="http://example.org/ex/4"><short-id>ex4</short-id><name>Example 4</name><distro>zzz</distro>
                <derives-from id="http://example.org/ex/2"/></os>
                <os id="http://example.org/q/1"><short-id>q1</short-id><name>Q 1</name><distro>q</distro><devices>
                <device id="http://qemu.org/chipset/x86/q35"/><device id="http://pcisig.com/pci/1af4/1000"/></devices></os>
                <os id="http://example.org/q/2"><short-id>q2</short-id><name>Q 2</name><distro>q</distro>
                <derives-from id="http://example.org/q/1"/><devices>
                <device id="http://pcisig.com/pci/1af4/1041"/></devices></os>
                <os id="http://example.org/q/3"><short-id>q3</short-id><name>Q 3</name><distro>q</distro>
                <derives-from id="http://example.org/q/2"/><devices>
                <device id="http://qemu.org/chipset/x86/q35" supported="false"/></devices></os>
                </libosinfo>""");
        // A .d folder's file repeats an OS's names to add its drivers; it sorts before q-2.xml.
        Files.writeString(Files.createDirectories(vendor.resolve("a.d")).resolve("drivers.xml"), """
                <libosinfo><os id="http://example.org/q/2"><short-id>q2</short-id><name>Q 2</name></os></libosinfo>""");
        OsDatabase db = OsDatabase.load(dir);
        assertEquals("ex2", db.identify(volume("EXAMPLE 2", "", ""), "").orElseThrow().os().shortId(),
                "Any 1 comes first, but its rule is for every architecture");
        assertEquals("ex2", db.identify(volume("EXAMPLE 2 ROLLING", "", ""), "").orElseThrow().os().shortId(),
                "Rolling comes first, but it is a rolling release");
        assertEquals("rolling", db.identify(volume("ROLLING", "", ""), "x86_64").orElseThrow().os().shortId());
        assertEquals("any1", db.identify(volume("EXAMPLE 3", "", ""), "aarch64").orElseThrow().os().shortId());
        assertTrue(db.requiresEfi(db.byShortId("ex4").orElseThrow(), "x86_64"), "inherited");
        assertFalse(db.requiresEfi(db.byShortId("ex3").orElseThrow(), "x86_64"), "its own word on BIOS counts");
        assertFalse(db.supportsQ35(db.byShortId("q1").orElseThrow()), "virtio-net without virtio 1.0");
        assertTrue(db.supportsQ35(db.byShortId("q2").orElseThrow()), "q35 inherited, virtio 1.0 its own");
        assertFalse(db.supportsQ35(db.byShortId("q3").orElseThrow()), "its own supported='false' counts");
    }
}
