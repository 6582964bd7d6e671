package org.virtfx.plumbing.host;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.host.HostDevice;

/**
 * The host's USB and PCI devices, read from sysfs the way libvirt's node device driver sees
 * them through udev: the same names ({@code usb_1_2}, {@code pci_0000_00_1f_2}), addresses and
 * IDs, and names from the hardware ID databases ({@code usb.ids}, {@code pci.ids}) with a USB
 * device's own manufacturer and product strings when the database does not know it. USB
 * interfaces ({@code 1-2:1.0}) are not devices; root hubs are, as in libvirt.
 */
public final class SysfsHostDevices {
    /** Debian's hwdata, then the pci.ids and usb.ids packages. */
    private static final List<Path> PCI_IDS = List.of(Path.of("/usr/share/hwdata/pci.ids"),
            Path.of("/usr/share/misc/pci.ids"));
    private static final List<Path> USB_IDS = List.of(Path.of("/usr/share/hwdata/usb.ids"),
            Path.of("/usr/share/misc/usb.ids"), Path.of("/var/lib/usbutils/usb.ids"));

    private final Path sys;
    private final List<Path> pciIds;
    private final List<Path> usbIds;

    public SysfsHostDevices() {
        this(Path.of("/sys"), PCI_IDS, USB_IDS);
    }

    /** A sysfs tree and ID databases elsewhere, for tests. */
    SysfsHostDevices(Path sys, List<Path> pciIds, List<Path> usbIds) {
        this.sys = sys;
        this.pciIds = pciIds;
        this.usbIds = usbIds;
    }

    /**
     * The devices of that kind, in address order; none when the host has no such bus.
     *
     * @throws VirtException naming the file when sysfs cannot be read or holds what no kernel writes
     */
    public List<HostDevice> list(HostDevice.Kind kind) {
        List<Path> dirs = deviceDirs(kind);
        List<Raw> raw = new ArrayList<>();
        for (Path dir : dirs) {
            raw.add(kind == HostDevice.Kind.USB ? usb(dir) : pci(dir));
        }
        Set<String> vendors = new HashSet<>();
        raw.forEach(r -> vendors.add(r.vendorId));
        HardwareIds ids = HardwareIds.read(kind == HostDevice.Kind.USB ? usbIds : pciIds, vendors);
        List<HostDevice> devices = new ArrayList<>();
        for (Raw r : raw) {
            String vendor = ids.vendor(r.vendorId);
            String product = ids.product(r.vendorId, r.productId);
            devices.add(new HostDevice(r.name, kind, r.address, "0x" + r.vendorId, "0x" + r.productId,
                    vendor.isEmpty() ? r.vendorString : vendor, product.isEmpty() ? r.productString : product));
        }
        devices.sort(Comparator.comparing(HostDevice::address));
        return List.copyOf(devices);
    }

    /** What sysfs says of one device before names are looked up; IDs are 4 lowercase hex digits. */
    private record Raw(String name, String address, String vendorId, String productId, String vendorString,
                       String productString) {
    }

    private List<Path> deviceDirs(HostDevice.Kind kind) {
        Path bus = sys.resolve(kind == HostDevice.Kind.USB ? "bus/usb/devices" : "bus/pci/devices");
        List<Path> dirs = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(bus)) {
            for (Path entry : entries) {
                // USB interfaces (1-2:1.0, 1-0:1.0) sit beside the devices; only devices have a devnum.
                if (kind == HostDevice.Kind.PCI || Files.exists(entry.resolve("devnum"))) {
                    dirs.add(entry);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw SysfsFiles.unreadable(bus, e);
        }
        return dirs;
    }

    private Raw usb(Path dir) {
        String sysname = dir.getFileName().toString();
        int bus = Integer.parseInt(SysfsFiles.read(dir.resolve("busnum")));
        int device = Integer.parseInt(SysfsFiles.read(dir.resolve("devnum")));
        return new Raw("usb_" + sysname.replaceAll("[-.:,]", "_"), String.format("%03d:%03d", bus, device),
                hex(dir.resolve("idVendor")), hex(dir.resolve("idProduct")),
                SysfsFiles.optional(dir.resolve("manufacturer")), SysfsFiles.optional(dir.resolve("product")));
    }

    private Raw pci(Path dir) {
        String address = dir.getFileName().toString();
        return new Raw("pci_" + address.replaceAll("[:.]", "_"), address, hex(dir.resolve("vendor")),
                hex(dir.resolve("device")), "", "");
    }

    /** An ID file: "0x8086" (PCI) or "8086" (USB), as four lowercase hex digits. */
    private static String hex(Path file) {
        String text = SysfsFiles.read(file).toLowerCase(Locale.ROOT);
        String digits = text.startsWith("0x") ? text.substring(2) : text;
        if (!digits.matches("[0-9a-f]{1,4}")) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, file + ": '" + text + "' is not a 16-bit hex ID");
        }
        return String.format("%4s", digits).replace(' ', '0');
    }
}
