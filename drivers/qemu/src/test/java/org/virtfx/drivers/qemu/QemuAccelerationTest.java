package org.virtfx.drivers.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtfx.core.connect.ConnectionUri;
import org.virtfx.core.domain.DomainAcceleration;
import org.virtfx.core.domain.DomainFamily;

/** What the VM window's Overview learns about acceleration, through the domain family alone. */
class QemuAccelerationTest {
    @TempDir
    Path dir;

    private QemuConnection connection(Path kvmDevice) {
        QemuDriverConfig embedded = QemuDriverConfig.embedded(dir, Optional.empty());
        QemuDriverConfig config = new QemuDriverConfig(embedded.configDirectory(), embedded.stateDirectory(),
                Optional.empty(), kvmDevice, embedded.poolDirectory(), embedded.poolStateDirectory(),
                embedded.saveDirectory());
        return new QemuConnection(ConnectionUri.parse("qemu:///embed?root=" + dir), config, StartProbe.NONE);
    }

    private static String vm(String name, String type) {
        return "<domain type='" + type + "'><name>" + name + "</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>"
                + "<os><type arch='x86_64' machine='pc'>hvm</type></os><devices><emulator>" + QemuTestHost.QEMU
                + "</emulator></devices></domain>";
    }

    @Test
    void aShutOffVmSaysWhatItsNextStartWouldUseAndWhy() {
        Path noKvm = dir.resolve("no-kvm");
        try (QemuConnection connection = connection(noKvm)) {
            DomainFamily domains = connection.domains();
            UUID kvm = domains.define(vm("wants-kvm", "kvm")).uuid();
            UUID tcg = domains.define(vm("asks-tcg", "qemu")).uuid();
            assertEquals(Optional.of(new DomainAcceleration("QEMU TCG", "KVM is unavailable, " + noKvm
                    + " cannot be opened (No such file or directory)", false)), domains.acceleration(kvm));
            assertEquals(Optional.of(new DomainAcceleration("QEMU TCG", "the domain's type is 'qemu'", false)),
                    domains.acceleration(tcg));
        }
        // A device that opens for reading and writing is what a start uses.
        try (QemuConnection connection = connection(Path.of("/dev/null"))) {
            UUID kvm = connection.domains().lookup("wants-kvm").uuid();
            DomainAcceleration next = connection.domains().acceleration(kvm).orElseThrow();
            assertEquals("KVM", next.hypervisor());
            assertEquals("/dev/null opened for reading and writing (at the next start)", next.explanation());
        }
    }

    @Test
    void aRunningVmSaysWhatItWasStartedWith() {
        try (QemuTestHost host = QemuTestHost.open()) {
            UUID uuid = host.define("accel", "").uuid();
            host.connection.domains().start(uuid);
            try {
                assertEquals(Optional.of(new DomainAcceleration("QEMU TCG", "the domain's type is 'qemu'", true)),
                        host.connection.domains().acceleration(uuid));
            } finally {
                host.connection.domains().destroy(uuid);
            }
        }
    }
}
