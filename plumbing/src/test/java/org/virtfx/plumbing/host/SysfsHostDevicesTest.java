package org.virtfx.plumbing.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.host.HostDevice;

class SysfsHostDevicesTest {
    private static final Path REAL_PCI_IDS = Path.of("/usr/share/misc/pci.ids");

    @TempDir
    Path root;

    private Path file(String relative, String content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    private void pci(String address, String vendor, String device) throws IOException {
        file("sys/bus/pci/devices/" + address + "/vendor", vendor + "\n");
        file("sys/bus/pci/devices/" + address + "/device", device + "\n");
        file("sys/bus/pci/devices/" + address + "/class", "0x020000\n");
    }

    private void usb(String sysname, int bus, int dev, String vendor, String product, String manufacturer,
                     String productString) throws IOException {
        String dir = "sys/bus/usb/devices/" + sysname + "/";
        file(dir + "busnum", bus + "\n");
        file(dir + "devnum", dev + "\n");
        file(dir + "idVendor", vendor + "\n");
        file(dir + "idProduct", product + "\n");
        if (manufacturer != null) {
            file(dir + "manufacturer", manufacturer + "\n");
        }
        if (productString != null) {
            file(dir + "product", productString + "\n");
        }
    }

    private SysfsHostDevices devices() {
        return new SysfsHostDevices(root.resolve("sys"), List.of(root.resolve("missing.ids"), root.resolve("pci.ids")),
                List.of(root.resolve("usb.ids")));
    }

    @Test
    void pciDevicesGetLibvirtsNamesAndTheirNamesFromPciIds() throws IOException {
        file("pci.ids", """
                # comment
                1af4  Red Hat, Inc.
                \t1041  Virtio 1.0 network device
                \t\t1af4 1100  QEMU Virtual Machine
                8086  Intel Corporation
                \t2922  82801IR/IO/IH (ICH9R/DO/DH) 6 port SATA Controller [AHCI mode]
                C 02  Network controller
                \t2922  not a product
                """);
        pci("0000:00:1f.2", "0x8086", "0x2922");
        pci("0000:00:03.0", "0x1af4", "0x1041");
        pci("0000:00:05.0", "0xABCD", "0x1234");
        pci("0000:00:06.0", "0x8086", "0x7777");
        assertEquals(List.of(
                new HostDevice("pci_0000_00_03_0", HostDevice.Kind.PCI, "0000:00:03.0", "0x1af4", "0x1041",
                        "Red Hat, Inc.", "Virtio 1.0 network device"),
                new HostDevice("pci_0000_00_05_0", HostDevice.Kind.PCI, "0000:00:05.0", "0xabcd", "0x1234", "", ""),
                new HostDevice("pci_0000_00_06_0", HostDevice.Kind.PCI, "0000:00:06.0", "0x8086", "0x7777",
                        "Intel Corporation", ""),
                new HostDevice("pci_0000_00_1f_2", HostDevice.Kind.PCI, "0000:00:1f.2", "0x8086", "0x2922",
                        "Intel Corporation", "82801IR/IO/IH (ICH9R/DO/DH) 6 port SATA Controller [AHCI mode]")),
                devices().list(HostDevice.Kind.PCI));
        assertEquals("0000:00:05.0 abcd:1234", devices().list(HostDevice.Kind.PCI).get(1).label());
    }

    @Test
    void usbDevicesSkipInterfacesAndFallBackOnTheirOwnStrings() throws IOException {
        file("usb.ids", """
                0781  SanDisk Corp.
                \t5591  Ultra Flair
                1d6b  Linux Foundation
                \t0002  2.0 root hub
                C 00  (Defined at Interface level)
                """);
        usb("usb1", 1, 1, "1d6b", "0002", "Linux 6.1.0 xhci-hcd", "xHCI Host Controller");
        usb("1-2", 1, 12, "0781", "5591", "SanDisk'", "Cruzer");
        usb("1-3.1", 1, 7, "fffe", "0001", null, "Gadget");
        file("sys/bus/usb/devices/1-2:1.0/bInterfaceClass", "08\n");
        assertEquals(List.of(
                new HostDevice("usb_usb1", HostDevice.Kind.USB, "001:001", "0x1d6b", "0x0002", "Linux Foundation",
                        "2.0 root hub"),
                new HostDevice("usb_1_3_1", HostDevice.Kind.USB, "001:007", "0xfffe", "0x0001", "", "Gadget"),
                new HostDevice("usb_1_2", HostDevice.Kind.USB, "001:012", "0x0781", "0x5591", "SanDisk Corp.",
                        "Ultra Flair")),
                devices().list(HostDevice.Kind.USB));
    }

    @Test
    void aHostWithoutTheBusOrTheDatabasesListsNothingOrNoNames() throws IOException {
        assertEquals(List.of(), devices().list(HostDevice.Kind.USB));
        pci("0000:00:02.0", "0x1234", "0x1111");
        assertEquals(List.of(new HostDevice("pci_0000_00_02_0", HostDevice.Kind.PCI, "0000:00:02.0", "0x1234",
                "0x1111", "", "")), devices().list(HostDevice.Kind.PCI));
    }

    @Test
    void anIdThatNoKernelWritesIsRefusedNamingTheFile() throws IOException {
        pci("0000:00:02.0", "vendor?", "0x1111");
        VirtException e = assertThrows(VirtException.class, () -> devices().list(HostDevice.Kind.PCI));
        assertTrue(e.getMessage().contains("0000:00:02.0/vendor: 'vendor?' is not a 16-bit hex ID"), e.getMessage());
    }

    /** This machine's own PCI devices, checked against sysfs and pci.ids read another way. */
    @Test
    void theRealHostsPciDevicesAreListedWithTheirIds() throws IOException {
        Path bus = Path.of("/sys/bus/pci/devices");
        List<String> addresses = new ArrayList<>();
        try (Stream<Path> entries = Files.list(bus)) {
            entries.forEach(p -> addresses.add(p.getFileName().toString()));
        }
        assertFalse(addresses.isEmpty(), "this machine has PCI devices");
        List<HostDevice> listed = new SysfsHostDevices().list(HostDevice.Kind.PCI);
        assertEquals(addresses.stream().sorted().toList(), listed.stream().map(HostDevice::address).toList());
        List<String> ids = Files.isReadable(REAL_PCI_IDS) ? Files.readAllLines(REAL_PCI_IDS) : List.of();
        for (HostDevice device : listed) {
            Path dir = bus.resolve(device.address());
            assertEquals(Files.readString(dir.resolve("vendor")).strip().toLowerCase(Locale.ROOT), device.vendorId());
            assertEquals(Files.readString(dir.resolve("device")).strip().toLowerCase(Locale.ROOT), device.productId());
            assertEquals("pci_" + device.address().replace(':', '_').replace('.', '_'), device.name());
            String vendorLine = device.vendorId().substring(2) + "  ";
            ids.stream().filter(l -> l.startsWith(vendorLine)).findFirst().ifPresent(l ->
                    assertEquals(l.substring(vendorLine.length()).strip(), device.vendor(), device.address()));
        }
        if (!ids.isEmpty()) {
            assertTrue(listed.stream().anyMatch(d -> !d.vendor().isEmpty()), "pci.ids names a vendor: " + listed);
        }
    }

    /** USB may be absent here (no /sys/bus/usb); whatever exists is listed, interfaces left out. */
    @Test
    void theRealHostsUsbDevicesAreTheOnesWithADeviceNumber() throws IOException {
        Path bus = Path.of("/sys/bus/usb/devices");
        List<String> expected = new ArrayList<>();
        if (Files.isDirectory(bus)) {
            try (Stream<Path> entries = Files.list(bus)) {
                entries.filter(p -> Files.exists(p.resolve("devnum")))
                        .forEach(p -> expected.add("usb_" + p.getFileName().toString().replaceAll("[-.:,]", "_")));
            }
        }
        assertEquals(expected.stream().sorted().toList(),
                new SysfsHostDevices().list(HostDevice.Kind.USB).stream().map(HostDevice::name).sorted().toList());
    }
}
