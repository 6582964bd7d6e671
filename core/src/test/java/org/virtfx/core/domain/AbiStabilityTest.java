package org.virtfx.core.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class AbiStabilityTest {
    private static final String DISK = "<disk type='file' device='disk'><source file='/img/a.qcow2'/>"
            + "<target dev='vda' bus='virtio'/></disk>";
    private static final String NIC = "<interface type='network'><mac address='52:54:00:12:34:56'/>"
            + "<source network='default'/><model type='virtio'/></interface>";

    private final AbiStability abi = new AbiStability();

    private static DomainDefinition vm(String memoryMiB, String vcpus, String machine, String devices) {
        return new DomainXml().parse("<domain type='kvm'><name>vm</name>"
                + "<uuid>5ae0b3c2-1a3b-4c5d-8e9f-0a1b2c3d4e5f</uuid><memory unit='MiB'>" + memoryMiB + "</memory>"
                + "<vcpu>" + vcpus + "</vcpu><os><type arch='x86_64' machine='" + machine + "'>hvm</type></os>"
                + "<devices>" + devices + "</devices></domain>", "vm");
    }

    @Test
    void theSameMachineWithVolatilePartsChangedIsCompatible() {
        DomainDefinition running = vm("512", "2", "pc", DISK + NIC.replace("<model", "<target dev='vnet3'/><model"));
        assertEquals(Optional.empty(), abi.firstDifference(running, vm("512", "2", "pc", DISK + NIC)));
    }

    @Test
    void machineMemoryVcpusAndDevicesDifferInLibvirtsWords() {
        DomainDefinition running = vm("512", "2", "pc", DISK + NIC);
        assertEquals(Optional.of("Target domain max memory 262144 does not match source 524288"),
                abi.firstDifference(running, vm("256", "2", "pc", DISK + NIC)));
        assertEquals(Optional.of("Target domain vCPU max 4 does not match source 2"),
                abi.firstDifference(running, vm("512", "4", "pc", DISK + NIC)));
        assertEquals(Optional.of("Target domain machine type q35 does not match source pc"),
                abi.firstDifference(running, vm("512", "2", "q35", DISK + NIC)));
        assertEquals(Optional.of("Target domain disk count 2 does not match source 1"),
                abi.firstDifference(running, vm("512", "2", "pc", DISK + DISK.replace("vda", "vdb") + NIC)));
        assertEquals(Optional.of("Target disk bus sata does not match source virtio"),
                abi.firstDifference(running, vm("512", "2", "pc", DISK.replace("'vda' bus='virtio'",
                        "'vda' bus='sata'") + NIC)));
        assertEquals(Optional.of("Target domain net card count 0 does not match source 1"),
                abi.firstDifference(running, vm("512", "2", "pc", DISK)));
        assertEquals(Optional.of("Target network card model e1000 does not match source virtio"),
                abi.firstDifference(running, vm("512", "2", "pc", DISK + NIC.replace("virtio", "e1000"))));
        assertEquals(Optional.of("Target domain RNG device count 1 does not match source 0"),
                abi.firstDifference(running, vm("512", "2", "pc", DISK + NIC
                        + "<rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>")));
    }
}
