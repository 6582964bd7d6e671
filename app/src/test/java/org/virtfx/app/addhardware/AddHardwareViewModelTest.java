package org.virtfx.app.addhardware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtfx.app.details.DeviceChoices;
import org.virtfx.app.details.DomainDocument;
import org.virtfx.core.xml.SchemaValidator;

class AddHardwareViewModelTest {
    private static final SchemaValidator SCHEMA = new SchemaValidator();
    private static final DomainDocument MACHINE = new DomainDocument("<domain type='test'><name>m</name>"
            + "<memory unit='MiB'>128</memory><os><type>hvm</type></os><devices>"
            + "<disk type='file' device='disk'><source file='/a.img'/><target dev='vda' bus='virtio'/></disk>"
            + "<controller type='usb' index='0'/></devices></domain>");
    private static final DomainDocument CONTAINER = new DomainDocument("<domain type='lxc'><name>c</name>"
            + "<os><type>exe</type><init>/bin/sh</init></os></domain>");

    private static String added(AddHardwareViewModel add, NewDeviceKind kind) {
        add.kindProperty().set(kind);
        return add.deviceXml().orElseThrow(() -> new AssertionError(kind + ": " + add.errorProperty().get()));
    }

    @Test
    void everyKindMakesSchemaValidXmlWithVirtManagersDefaults() {
        AddHardwareViewModel add = new AddHardwareViewModel(MACHINE, AddedDevice.HOST_DEVICES);
        add.hostDevice(NewDeviceKind.USB_HOST).setDevices(List.of(HostDeviceChoiceTest.SANDISK));
        add.hostDevice(NewDeviceKind.USB_HOST).selectedProperty().set(HostDeviceChoiceTest.SANDISK);
        add.hostDevice(NewDeviceKind.PCI_HOST).setDevices(List.of(HostDeviceChoiceTest.AHCI));
        add.hostDevice(NewDeviceKind.PCI_HOST).selectedProperty().set(HostDeviceChoiceTest.AHCI);
        add.mediatedDevice().setDevices(List.of(MediatedDeviceChoiceTest.VGPU), List.of());
        add.mediatedDevice().selectedProperty().set(MediatedDeviceChoiceTest.VGPU);
        add.storage().pathProperty().set("/srv/a.qcow2");
        add.filesystem().sourceProperty().set("/srv/share");
        add.filesystem().targetProperty().set("share");
        for (NewDeviceKind kind : NewDeviceKind.values()) {
            String domain = MACHINE.withDevice(added(add, kind));
            assertEquals(List.of(), SCHEMA.problems(SchemaValidator.Kind.DOMAIN, domain), kind + ":\n" + domain);
        }
    }

    @Test
    void defaultsAreVirtManagers() {
        AddHardwareViewModel add = new AddHardwareViewModel(MACHINE, AddedDevice.HOST_DEVICES);
        assertEquals("<rng model='virtio'>\n  <backend model='random'>/dev/urandom</backend>\n</rng>\n",
                added(add, NewDeviceKind.RNG));
        assertEquals("<tpm model='tpm-crb'>\n  <backend type='emulator' version='2.0'/>\n</tpm>\n",
                added(add, NewDeviceKind.TPM));
        assertEquals("<watchdog model='i6300esb' action='reset'/>\n", added(add, NewDeviceKind.WATCHDOG));
        assertEquals("<sound model='ich9'/>\n", added(add, NewDeviceKind.SOUND));
        assertEquals("<video>\n  <model type='virtio'/>\n</video>\n", added(add, NewDeviceKind.VIDEO));
        assertEquals("<vsock model='virtio'>\n  <cid auto='yes'/>\n</vsock>\n", added(add, NewDeviceKind.VSOCK));
        assertEquals("<channel type='unix'>\n  <target type='virtio' name='org.qemu.guest_agent.0'/>\n</channel>\n",
                added(add, NewDeviceKind.CHANNEL));
        assertEquals("<smartcard mode='passthrough' type='spicevmc'/>\n", added(add, NewDeviceKind.SMARTCARD));
        assertEquals("<redirdev bus='usb' type='spicevmc'/>\n", added(add, NewDeviceKind.USB_REDIRECTION));
        assertEquals("<input type='tablet' bus='usb'/>\n", added(add, NewDeviceKind.INPUT));
        assertEquals("<panic model='isa'/>\n", added(add, NewDeviceKind.PANIC));
    }

    @Test
    void controllersTakeTheNextFreeIndexAndTheirTypesModel() {
        AddHardwareViewModel add = new AddHardwareViewModel(MACHINE, AddedDevice.HOST_DEVICES);
        assertEquals("<controller type='usb' index='1' model='qemu-xhci'/>\n", added(add, NewDeviceKind.CONTROLLER));
        add.controller().typeProperty().set("scsi");
        assertEquals("virtio-scsi", add.controller().modelProperty().get());
        assertEquals("<controller type='scsi' index='0' model='virtio-scsi'/>\n", added(add, NewDeviceKind.CONTROLLER));
        add.controller().typeProperty().set("virtio-serial");
        assertEquals("<controller type='virtio-serial' index='0'/>\n", added(add, NewDeviceKind.CONTROLLER));
        add.controller().modelProperty().set("lsilogic");
        assertTrue(add.deviceXml().isEmpty());
        assertTrue(add.errorProperty().get().startsWith("Model: 'lsilogic' is not one of virtio"),
                add.errorProperty().get());
    }

    @Test
    void egdTpmPassthroughAndFixedCidAreChecked() {
        AddHardwareViewModel add = new AddHardwareViewModel(MACHINE, AddedDevice.HOST_DEVICES);
        add.rng().backend().backendProperty().set("egd");
        add.rng().backend().hostProperty().set("localhost");
        add.rng().backend().portProperty().set("70000");
        add.kindProperty().set(NewDeviceKind.RNG);
        assertTrue(add.deviceXml().isEmpty());
        assertEquals("Port: give a port number from 1 to 65535", add.errorProperty().get());
        add.rng().backend().portProperty().set("708");
        assertEquals("<rng model='virtio'>\n  <backend model='egd' type='tcp'>\n"
                + "    <source mode='connect' host='localhost' service='708'/>\n    <protocol type='raw'/>\n"
                + "  </backend>\n</rng>\n", added(add, NewDeviceKind.RNG));

        add.tpm().fields().backendProperty().set("passthrough");
        add.tpm().fields().devicePathProperty().set("tpm0");
        add.kindProperty().set(NewDeviceKind.TPM);
        assertTrue(add.deviceXml().isEmpty());
        assertTrue(add.errorProperty().get().startsWith("Device path: give an absolute path"));
        add.tpm().fields().devicePathProperty().set("/dev/tpm0");
        assertTrue(added(add, NewDeviceKind.TPM).contains("<backend type='passthrough'>\n    <device path='/dev/tpm0'/>"));

        add.vsock().autoCidProperty().set(false);
        add.vsock().cidProperty().set("2");
        add.kindProperty().set(NewDeviceKind.VSOCK);
        assertTrue(add.deviceXml().isEmpty());
        assertEquals("Guest CID: give a number of 3 or more", add.errorProperty().get());
        add.vsock().cidProperty().set("42");
        assertTrue(added(add, NewDeviceKind.VSOCK).contains("<cid auto='no' address='42'/>"));
    }

    @Test
    void containersOfferOnlyFilesystemsInterfacesAndConsoles() {
        AddHardwareViewModel add = new AddHardwareViewModel(CONTAINER, AddedDevice.HOST_DEVICES);
        assertEquals(NewDeviceKind.FILESYSTEM, add.kindProperty().get());
        assertEquals(List.of(NewDeviceKind.NETWORK, NewDeviceKind.CONSOLE, NewDeviceKind.FILESYSTEM),
                Arrays.stream(NewDeviceKind.values()).filter(k -> add.unavailable(k).isEmpty()).toList());
        assertTrue(add.unavailable(NewDeviceKind.SOUND).orElseThrow().startsWith("Containers (LXC) have no emulated"));
        add.kindProperty().set(NewDeviceKind.WATCHDOG);
        assertTrue(add.deviceXml().isEmpty());
        assertFalse(add.errorProperty().get().isEmpty());
        assertEquals("<console type='pty'>\n  <target type='lxc'/>\n</console>\n", added(add, NewDeviceKind.CONSOLE));
    }

    @Test
    void networkInterfaceWithAndWithoutMac() {
        AddHardwareViewModel add = new AddHardwareViewModel(MACHINE, AddedDevice.HOST_DEVICES);
        add.kindProperty().set(NewDeviceKind.NETWORK);
        add.network().macProperty().set("52:54:00:zz:00:01");
        assertTrue(add.deviceXml().isEmpty());
        assertEquals("The MAC address must look like 52:54:00:12:34:56", add.errorProperty().get());
        add.network().macProperty().set("52:54:00:AB:00:01");
        add.network().sourceProperty().set(NicSource.BRIDGE);
        add.network().deviceProperty().set("br0");
        assertEquals("<interface type='bridge'>\n  <mac address='52:54:00:ab:00:01'/>\n  <source bridge='br0'/>\n"
                + "  <model type='virtio'/>\n</interface>\n", add.deviceXml().orElseThrow());
    }

    @Test
    void networkSourcesListTheConnectionsNetworksThenBridgeAndMacvtap() {
        AddHardwareViewModel add = new AddHardwareViewModel(MACHINE, AddedDevice.HOST_DEVICES);
        add.setSources(new HostSources(List.of(NicSource.virtualNetwork("isolated", "Isolated network", false),
                NicSource.virtualNetwork("default", "NAT", true)), List.of("lo", "eth0", "br0"), "", "", 0,
                List.of(), List.of(), List.of(), List.of(), List.of()));
        assertEquals(List.of("Virtual network 'isolated' : Isolated network (Inactive)",
                "Virtual network 'default' : NAT", "Bridge device…", "Macvtap device…"),
                add.network().sources().stream().map(NicSource::label).toList());
        assertEquals("default", add.network().sourceProperty().get().network(), "virt-manager picks 'default'");
        assertEquals("<interface type='network'>\n  <source network='default'/>\n  <model type='virtio'/>\n"
                + "</interface>\n", added(add, NewDeviceKind.NETWORK));

        add.network().sourceProperty().set(NicSource.MACVTAP);
        assertEquals("eth0", add.network().deviceProperty().get(), "macvtap sits on the host's first NIC");
        String macvtap = added(add, NewDeviceKind.NETWORK);
        assertTrue(macvtap.contains("<interface type='direct'>") && macvtap.contains("<source dev='eth0' mode='bridge'/>"),
                macvtap);
        assertEquals(List.of(), SCHEMA.problems(SchemaValidator.Kind.DOMAIN, MACHINE.withDevice(macvtap)));
    }

    @Test
    void storageCreatesAnImageOfTheChosenSizeInTheDefaultPool() {
        AddHardwareViewModel add = new AddHardwareViewModel(MACHINE, AddedDevice.HOST_DEVICES, "raw");
        add.setSources(new HostSources(List.of(), List.of(), "default", "/var/lib/libvirt/images", 50L << 30,
                List.of("/var/lib/libvirt/images/m.img"), List.of("m.img"), List.of(), List.of(), List.of()));
        assertTrue(add.storage().createImageProperty().get(), "a new image is the choice, as in virt-manager");
        add.storage().sizeGiBProperty().set(2.5);
        NewHardware hardware = add.finish().orElseThrow();
        assertTrue(hardware.deviceXml().contains("<source file='/var/lib/libvirt/images/m-1.img'/>"),
                "named after the domain, past the taken name: " + hardware.deviceXml());
        assertTrue(hardware.deviceXml().contains("<driver name='qemu' type='raw'/>"), hardware.deviceXml());
        assertEquals(new NewVolume("default", "<volume><name>m-1.img</name><capacity unit='bytes'>2684354560"
                + "</capacity><target><format type='raw'/></target></volume>"), hardware.volume().orElseThrow());

        add.storage().sizeGiBProperty().set(60);
        assertTrue(add.finish().isEmpty());
        assertEquals("Only 50.0 GiB are free in pool 'default'", add.errorProperty().get());

        add.storage().createImageProperty().set(false);
        add.storage().pathProperty().set("/var/lib/libvirt/images/m.img");
        assertEquals(java.util.Optional.empty(), add.finish().orElseThrow().volume(), "an existing image is used as is");
    }

    @Test
    void cdromOnSataIsReadOnlyAndTakesSda() {
        AddHardwareViewModel add = new AddHardwareViewModel(MACHINE, AddedDevice.HOST_DEVICES);
        add.storage().pathProperty().set("/srv/a.iso");
        add.storage().deviceProperty().set("cdrom");
        add.storage().busProperty().set("sata");
        String xml = add.deviceXml().orElseThrow();
        assertTrue(xml.contains("<target dev='sda' bus='sata'/>") && xml.contains("<readonly/>"), xml);
    }

    @Test
    void storageCacheModeGoesOnTheDriverUnlessItIsTheDefault() {
        AddHardwareViewModel add = new AddHardwareViewModel(MACHINE, AddedDevice.HOST_DEVICES);
        add.storage().pathProperty().set("/srv/data.qcow2");
        add.storage().cacheProperty().set("none");
        assertEquals("<disk type='file' device='disk'>\n  <driver name='qemu' type='qcow2' cache='none'/>\n"
                + "  <source file='/srv/data.qcow2'/>\n  <target dev='vdb' bus='virtio'/>\n</disk>\n",
                added(add, NewDeviceKind.STORAGE));
        add.storage().cacheProperty().set("default");
        assertTrue(added(add, NewDeviceKind.STORAGE).contains("<driver name='qemu' type='qcow2'/>"));
        add.storage().cacheProperty().set("sometimes");
        assertTrue(add.deviceXml().isEmpty());
        assertEquals("Cache mode: 'sometimes' is not one of default, none, writethrough, writeback, directsync, unsafe",
                add.errorProperty().get());
    }

    @Test
    void watchdogActionIsOneOfLibvirts() {
        AddHardwareViewModel add = new AddHardwareViewModel(MACHINE, AddedDevice.HOST_DEVICES);
        add.choices(NewDeviceKind.WATCHDOG).value(DeviceChoices.WATCHDOG_ACTION).set("explode");
        add.kindProperty().set(NewDeviceKind.WATCHDOG);
        assertTrue(add.deviceXml().isEmpty());
        assertEquals("Action: 'explode' is not one of reset, shutdown, poweroff, pause, none, dump, inject-nmi",
                add.errorProperty().get());
    }
}
