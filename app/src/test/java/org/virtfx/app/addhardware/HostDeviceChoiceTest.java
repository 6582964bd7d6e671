package org.virtfx.app.addhardware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtfx.core.host.HostDevice;

class HostDeviceChoiceTest {
    static final HostDevice SANDISK = new HostDevice("usb_1_2", HostDevice.Kind.USB, "001:012", "0x0781", "0x5591",
            "SanDisk Corp.", "Ultra Flair");
    static final HostDevice AHCI = new HostDevice("pci_0000_00_1f_2", HostDevice.Kind.PCI, "0000:00:1f.2", "0x8086",
            "0x2922", "Intel Corporation", "82801IR/IO/IH (ICH9R/DO/DH) 6 port SATA Controller [AHCI mode]");
    private static final HostDevice ROOT_HUB = new HostDevice("usb_usb1", HostDevice.Kind.USB, "001:001", "0x1d6b",
            "0x0002", "Linux Foundation", "2.0 root hub");
    private static final HostDevice SECOND_SANDISK = new HostDevice("usb_2_1", HostDevice.Kind.USB, "002:003",
            "0x0781", "0x5591", "SanDisk Corp.", "Ultra Flair");

    private static AddHardwareViewModel withHostDevices(HostDevice... devices) {
        AddHardwareViewModel add = new AddHardwareViewModel(AddedDevice.MACHINE, AddedDevice.HOST_DEVICES);
        add.setSources(new HostSources(List.of(), List.of(), "", "", 0, List.of(), List.of(), List.of(devices), List.of(),
                List.of()));
        return add;
    }

    private static String xml(AddHardwareViewModel add, NewDeviceKind kind) {
        add.kindProperty().set(kind);
        return AddedDevice.xml(add);
    }

    private static String picked(NewDeviceKind kind, HostDevice device, HostDevice... listed) {
        AddHardwareViewModel add = withHostDevices(listed);
        add.hostDevice(kind).selectedProperty().set(device);
        return xml(add, kind);
    }

    @Test
    void eachPickerListsItsKindWithoutLinuxRootHubs() {
        AddHardwareViewModel add = withHostDevices(ROOT_HUB, AHCI, SANDISK);
        assertEquals(List.of(SANDISK), add.hostDevice(NewDeviceKind.USB_HOST).devices());
        assertEquals(List.of(AHCI), add.hostDevice(NewDeviceKind.PCI_HOST).devices());
    }

    @Test
    void aUsbDeviceGoesByVendorAndProduct() {
        assertEquals("<hostdev mode='subsystem' type='usb' managed='yes'>\n  <source>\n    <vendor id='0x0781'/>\n"
                + "    <product id='0x5591'/>\n  </source>\n</hostdev>\n",
                picked(NewDeviceKind.USB_HOST, SANDISK, ROOT_HUB, SANDISK));
    }

    @Test
    void twoAlikeUsbDevicesAreToldApartByTheirBusAddress() {
        assertEquals("<hostdev mode='subsystem' type='usb' managed='yes'>\n  <source>\n    <vendor id='0x0781'/>\n"
                + "    <product id='0x5591'/>\n    <address bus='2' device='3'/>\n  </source>\n</hostdev>\n",
                picked(NewDeviceKind.USB_HOST, SECOND_SANDISK, SANDISK, SECOND_SANDISK));
    }

    @Test
    void aPciDeviceGoesByItsAddress() {
        assertEquals("<hostdev mode='subsystem' type='pci' managed='yes'>\n  <source>\n"
                + "    <address domain='0x0000' bus='0x00' slot='0x1f' function='0x2'/>\n  </source>\n</hostdev>\n",
                picked(NewDeviceKind.PCI_HOST, AHCI, AHCI));
    }

    @Test
    void nothingPickedOrNothingListedIsSaid() {
        AddHardwareViewModel add = withHostDevices(AHCI);
        add.kindProperty().set(NewDeviceKind.PCI_HOST);
        assertTrue(add.deviceXml().isEmpty());
        assertEquals("Host Device: choose a PCI device from the list", add.errorProperty().get());
        add.kindProperty().set(NewDeviceKind.USB_HOST);
        assertTrue(add.deviceXml().isEmpty());
        assertEquals("The connection lists no USB devices of the host", add.errorProperty().get());
    }

    @Test
    void aDeviceGoneFromANewerListIsNoLongerPicked() {
        AddHardwareViewModel add = withHostDevices(AHCI);
        add.hostDevice(NewDeviceKind.PCI_HOST).selectedProperty().set(AHCI);
        add.setSources(HostSources.NONE);
        assertNull(add.hostDevice(NewDeviceKind.PCI_HOST).selectedProperty().get());
    }
}
