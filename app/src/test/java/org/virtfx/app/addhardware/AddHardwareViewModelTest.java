package org.virtfx.app.addhardware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.virtfx.app.details.DomainDocument;

class AddHardwareViewModelTest {
    private static final DomainDocument MACHINE = new DomainDocument("<domain type='test'><name>m</name>"
            + "<os><type>hvm</type></os><devices><disk type='file' device='disk'><target dev='vda' bus='virtio'/>"
            + "</disk></devices></domain>");
    private static final DomainDocument CONTAINER = new DomainDocument("<domain type='lxc'><name>c</name>"
            + "<os><type>exe</type><init>/bin/sh</init></os></domain>");

    @Test
    void networkInterfaceWithAndWithoutMac() {
        AddHardwareViewModel add = new AddHardwareViewModel(MACHINE);
        add.kindProperty().set(NewDeviceKind.NETWORK);
        add.macProperty().set("52:54:00:zz:00:01");
        assertTrue(add.deviceXml().isEmpty());
        assertEquals("The MAC address must look like 52:54:00:12:34:56", add.errorProperty().get());
        add.macProperty().set("52:54:00:AB:00:01");
        add.networkTypeProperty().set("bridge");
        add.networkSourceProperty().set("br0");
        assertEquals("<interface type='bridge'>\n  <mac address='52:54:00:ab:00:01'/>\n  <source bridge='br0'/>\n"
                + "  <model type='virtio'/>\n</interface>\n", add.deviceXml().orElseThrow());
    }

    @Test
    void containersStartOnFilesystemAndGetLxcConsoles() {
        AddHardwareViewModel add = new AddHardwareViewModel(CONTAINER);
        assertEquals(NewDeviceKind.FILESYSTEM, add.kindProperty().get());
        add.kindProperty().set(NewDeviceKind.CONSOLE);
        assertEquals("<console type='pty'>\n  <target type='lxc'/>\n</console>\n", add.deviceXml().orElseThrow());
    }

    @Test
    void cdromOnSataIsReadOnlyAndTakesSda() {
        AddHardwareViewModel add = new AddHardwareViewModel(MACHINE);
        add.diskPathProperty().set("/srv/a.iso");
        add.diskDeviceProperty().set("cdrom");
        add.diskBusProperty().set("sata");
        String xml = add.deviceXml().orElseThrow();
        assertTrue(xml.contains("<target dev='sda' bus='sata'/>") && xml.contains("<readonly/>"), xml);
    }
}
