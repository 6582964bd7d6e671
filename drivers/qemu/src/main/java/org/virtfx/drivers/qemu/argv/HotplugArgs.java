package org.virtfx.drivers.qemu.argv;

import java.util.ArrayList;
import java.util.List;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.xml.XmlElement;

/**
 * The QMP arguments that plug a disk or network interface into a running VM, as JSON objects:
 * the same {@code -blockdev}, {@code -netdev} and {@code -device} properties a start would
 * give, without a PCI address so that QEMU takes a free slot of the bus it is put on (libvirt
 * names one; QEMU's choice is what the guest sees either way). On q35 the caller names a free
 * pcie-root-port as the bus, since the root bus there takes no hot-plugged device.
 */
public final class HotplugArgs {
    private HotplugArgs() {
    }

    /** A disk's two {@code blockdev-add} nodes (protocol, then format) and its {@code device_add}. */
    public record DiskPlug(List<String> blockdevs, String device) {
    }

    /**
     * @param prefix node-name prefix not in use yet ({@code libvirt-7})
     * @param id the device id ({@code virtio-disk1})
     * @throws VirtException (operation unsupported) for a disk that cannot be plugged live
     */
    public static DiskPlug disk(XmlElement disk, String prefix, String id) {
        String type = disk.attribute("type").orElse("file");
        String device = disk.attribute("device").orElse("disk");
        String bus = disk.child("target").flatMap(t -> t.attribute("bus")).orElse("");
        if (!bus.equals("virtio")) {
            // libvirt's words; an IDE or SATA bus has no hotplug, SCSI needs a controller VirtFX does not plug into.
            throw VirtException.of(ErrorCode.OPERATION_UNSUPPORTED, "disk bus '" + bus + "' cannot be hotplugged.");
        }
        if (!device.equals("disk") || !(type.equals("file") || type.equals("block"))) {
            throw VirtException.of(ErrorCode.OPERATION_UNSUPPORTED, "live attach of a " + type + " " + device
                    + " is not supported");
        }
        String source = disk.child("source").flatMap(s -> s.attribute(type.equals("file") ? "file" : "dev"))
                .orElseThrow(() -> VirtException.of(ErrorCode.OPERATION_UNSUPPORTED,
                        "live attach of a disk without a source is not supported"));
        XmlElement driver = disk.child("driver").orElse(new XmlElement("driver"));
        CacheMode cache = driver.attribute("cache").map(CacheMode::of).orElse(null);
        List<String> argv = new ArrayList<>();
        Blockdevs.pair(argv, prefix, type.equals("file") ? "file" : "host_device", source,
                disk.child("readonly").isPresent(), cache, driver.attribute("type").orElse("raw"));
        List<String> nodes = new ArrayList<>();
        for (int i = 1; i < argv.size(); i += 2) {
            nodes.add(argv.get(i));
        }
        Props p = Props.of("driver", "virtio-blk-pci").put("drive", prefix + "-format").put("id", id);
        if (cache != null) {
            p.put("write-cache", cache.writeCache());
        }
        DiskErrorPolicy.of(driver.attribute("error_policy"), driver.attribute("rerror_policy")).putOn(p);
        return new DiskPlug(nodes, p.json());
    }

    /** The {@code netdev_add} of an interface on a tap the driver made, or on QEMU's user network. */
    public static String netdev(String id, TapEnd tap) {
        Props netdev = Props.of("type", tap == null ? "user" : "tap");
        if (tap != null) {
            tap.addTo(netdev);
        }
        return netdev.put("id", id).json();
    }

    /** The {@code device_add} of an interface's guest side. */
    public static String nic(XmlElement nic, String netdevId, String id) {
        String model = nic.child("model").flatMap(m -> m.attribute("type")).orElse("virtio");
        String mac = nic.child("mac").flatMap(m -> m.attribute("address"))
                .orElseThrow(() -> VirtException.of(ErrorCode.INTERNAL_ERROR, "interface has no MAC address"));
        return Props.of("driver", model.equals("virtio") ? "virtio-net-pci" : model).put("netdev", netdevId)
                .put("id", id).put("mac", mac).json();
    }
}
