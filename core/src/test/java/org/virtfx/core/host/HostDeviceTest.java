package org.virtfx.core.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.virtfx.core.error.VirtException;

class HostDeviceTest {

    @Test
    void aUsbDeviceReadsAsLsusbAndVirtManagerShowIt() {
        HostDevice device = HostDevice.parse("""
                <device>
                  <name>usb_1_2</name>
                  <path>/sys/devices/pci0000:00/0000:00:1d.0/usb1/1-2</path>
                  <parent>usb_usb1</parent>
                  <driver><name>usb</name></driver>
                  <capability type='usb_device'>
                    <bus>1</bus>
                    <device>12</device>
                    <product id='0x5591'>Flash Drive</product>
                    <vendor id='0x0781'>SanDisk Corp.</vendor>
                  </capability>
                </device>
                """);
        assertEquals(new HostDevice("usb_1_2", HostDevice.Kind.USB, "001:012", "0x0781", "0x5591", "SanDisk Corp.",
                "Flash Drive"), device);
        assertEquals("001:012 SanDisk Corp. Flash Drive", device.label());
    }

    @Test
    void aPciDeviceReadsWithItsAddressAsLspciWritesIt() {
        HostDevice device = HostDevice.parse("""
                <device>
                  <name>pci_0000_00_1f_2</name>
                  <capability type='pci'>
                    <class>0x010601</class>
                    <domain>0</domain>
                    <bus>0</bus>
                    <slot>31</slot>
                    <function>2</function>
                    <product id='0x2922' />
                    <vendor id='0x8086'>Intel Corporation</vendor>
                  </capability>
                </device>
                """);
        assertEquals("0000:00:1f.2", device.address());
        assertEquals("", device.product(), "a product the ID database lacks has no name");
        assertEquals("0000:00:1f.2 Intel Corporation", device.label());
    }

    @Test
    void aDeviceWithNoKnownNamesIsLabelledByItsIds() {
        assertEquals("0000:00:05.0 abcd:1234",
                new HostDevice("pci_0000_00_05_0", HostDevice.Kind.PCI, "0000:00:05.0", "0xabcd", "0x1234", "", "")
                        .label());
    }

    @Test
    void aDeviceOfAnotherKindOrWithoutItsAddressIsRefusedNamingWhy() {
        VirtException other = assertThrows(VirtException.class, () -> HostDevice.parse(
                "<device><name>net_lo</name><capability type='net'><interface>lo</interface></capability></device>"));
        assertEquals("XML error: node device line 1, column 1: <device> 'net_lo' is neither a USB nor a PCI device",
                other.getMessage());
        VirtException noBus = assertThrows(VirtException.class, () -> HostDevice.parse(
                "<device><name>usb_1</name><capability type='usb_device'><device>1</device></capability></device>"));
        assertEquals("XML error: node device line 1, column 27: <capability> has no <bus>", noBus.getMessage());
    }
}
