package org.virtfx.drivers.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.ConnectionDriver;
import org.virtfx.core.connect.ConnectionUri;
import org.virtfx.core.connect.DriverKind;
import org.virtfx.core.connect.Feature;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.error.VirtException;
import org.virtfx.drivers.qemu.argv.Accel;

class QemuDriverTest {
    @TempDir
    Path dir;

    @Test
    void isFoundThroughServiceLoaderAsABuiltinDriverOfQemuUris() {
        ConnectionDriver driver = ServiceLoader.load(ConnectionDriver.class).stream().map(ServiceLoader.Provider::get)
                .filter(d -> d instanceof QemuDriver).findFirst().orElseThrow();
        assertEquals(DriverKind.BUILTIN, driver.kind());
        assertEquals(Set.of("qemu"), driver.schemes());
        assertTrue(driver.open(ConnectionUri.parse("qemu+ssh://host/system")).isEmpty(), "remote URIs are libvirt's");
        VirtException e = assertThrows(VirtException.class, () -> driver.open(ConnectionUri.parse("qemu:///nowhere")));
        assertEquals("invalid argument: unexpected QEMU URI path '/nowhere', try qemu:///system, qemu:///session or"
                + " qemu:///embed?root=/some/dir", e.getMessage());
    }

    @Test
    void anEmbeddedDriverKeepsItsFilesUnderItsRootAndSharesItsStateBetweenConnections() {
        QemuDriver driver = new QemuDriver();
        ConnectionUri uri = ConnectionUri.parse("qemu:///embed?root=" + dir);
        try (Connection one = driver.open(uri).orElseThrow(); Connection two = driver.open(uri).orElseThrow()) {
            assertEquals("qemu", one.driverName());
            assertSame(one.domains(), two.domains());
            assertTrue(one.features().containsAll(Set.of(Feature.TEXT_CONSOLE, Feature.GRAPHICS_CONSOLE)));
            assertTrue(one.features().containsAll(Set.of(Feature.STORAGE_POOLS, Feature.MANAGED_SAVE, Feature.SNAPSHOTS)));
            assertTrue(!one.features().contains(Feature.STORAGE_CLONE), "a disk outside pools is shared, not copied");
            assertSame(one.storage(), two.storage());
            one.domains().define(QemuTestHost.guestXml("kept", ""));
            one.storage().definePool("<pool type='dir'><name>images</name><target><path>" + dir.resolve("images")
                    + "</path></target></pool>");
        }
        assertTrue(dir.resolve("etc/kept.xml").toFile().isFile());
        assertTrue(dir.resolve("etc/storage/images.xml").toFile().isFile());
    }

    @Test
    void aDefinitionThatCannotBeReadIsSkippedAndNamedWhileTheOthersLoad() throws Exception {
        QemuDriver driver = new QemuDriver();
        ConnectionUri uri = ConnectionUri.parse("qemu:///embed?root=" + dir);
        try (Connection first = driver.open(uri).orElseThrow()) {
            first.domains().define(QemuTestHost.guestXml("good", ""));
        }
        Path broken = dir.resolve("etc/broken.xml");
        Files.writeString(broken, "<domain type='qemu'><name>broken</name>");
        try (Connection second = driver.open(uri).orElseThrow()) {
            assertEquals(List.of("good"), second.domains().list().stream().map(DomainSummary::name).toList());
            assertEquals(1, second.loadWarnings().size(), second.loadWarnings().toString());
            assertTrue(second.loadWarnings().get(0).startsWith("skipped " + broken + ": "), second.loadWarnings().get(0));
        }
    }

    @Test
    void aSessionLivesUnderTheUsersXdgDirectories() {
        QemuDriverConfig session = QemuDriverConfig.session(Map.of("XDG_RUNTIME_DIR", "/run/user/1000"),
                Path.of("/home/alice"));
        assertEquals(Path.of("/home/alice/.config/virtfx/qemu"), session.configDirectory());
        assertEquals(Path.of("/run/user/1000/virtfx/qemu/run"), session.stateDirectory());
        assertEquals(Path.of("/home/alice/.config/virtfx/storage"), session.poolDirectory());
        assertEquals(Path.of("/run/user/1000/virtfx/storage/run"), session.poolStateDirectory());
        assertEquals(Path.of("/home/alice/.config/virtfx/qemu/save"), session.saveDirectory());
        assertEquals(Path.of("/var/lib/virtfx/qemu/save"), QemuDriverConfig.system().saveDirectory());
        assertTrue(session.hostNetwork().isEmpty(), "a session makes no taps");
        assertEquals(Path.of("/etc/virtfx/qemu"), QemuDriverConfig.system().configDirectory());
        assertEquals(Path.of("/etc/virtfx/storage"), QemuDriverConfig.system().poolDirectory());
    }

    @Test
    void kvmIsUsedWhenItsDeviceOpensAndTcgOtherwiseWithTheReason() {
        Acceleration missing = Acceleration.choose("kvm", dir.resolve("kvm"));
        assertEquals(Accel.TCG, missing.accel());
        assertEquals("TCG: KVM is unavailable, " + dir.resolve("kvm") + " cannot be opened (No such file or directory)",
                missing.reason());
        assertEquals(Accel.TCG, Acceleration.choose("qemu", Path.of("/dev/kvm")).accel());
        assertEquals(Accel.KVM, Acceleration.choose("kvm", Path.of("/dev/null")).accel(),
                "a device that opens for reading and writing is used");
    }

    @Test
    void capabilitiesOfferHvmGuestsOnQemuSystemX86() {
        QemuHostFacts facts = new QemuHostFacts(new org.virtfx.plumbing.host.LinuxHost(), dir.resolve("no-kvm"));
        String caps = facts.capabilitiesXml();
        assertTrue(caps.contains("<os_type>hvm</os_type>"), caps);
        assertTrue(caps.contains("<arch name='x86_64'>") && caps.contains("<arch name='i686'>"), caps);
        assertTrue(caps.contains("<emulator>/usr/bin/qemu-system-x86_64</emulator>"), caps);
        assertTrue(caps.contains("<domain type='qemu'/>") && !caps.contains("<domain type='kvm'/>"), caps);
        assertEquals("QEMU", facts.hypervisorType());
        assertTrue(facts.hypervisorVersion().major() >= 7, facts.hypervisorVersion().toString());
    }
}
