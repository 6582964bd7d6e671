package org.virtfx.plumbing.host;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.host.MediatedDevice;
import org.virtfx.core.host.MediatedDeviceType;

/**
 * The host's mediated devices and the types its devices can make, read from sysfs as libvirt's
 * node device driver sees them through udev: each device under {@code bus/mdev/devices/UUID}
 * (a link into its parent's directory, its {@code mdev_type} a link to the parent's type), and
 * each parent under {@code class/mdev_bus} with its {@code mdev_supported_types/ID} holding
 * {@code name}, {@code device_api} and {@code available_instances}. Names are libvirt's:
 * {@code mdev_UUID_PARENT} with underscores, the parent {@code pci_0000_00_02_0}.
 */
public final class SysfsMediatedDevices {
    private final Path sys;

    public SysfsMediatedDevices() {
        this(Path.of("/sys"));
    }

    /** A sysfs tree elsewhere, for tests. */
    SysfsMediatedDevices(Path sys) {
        this.sys = sys;
    }

    /**
     * The mediated devices, by parent and UUID; none when the host has no mdev bus.
     *
     * @throws VirtException naming the file when sysfs cannot be read or holds what no kernel writes
     */
    public List<MediatedDevice> devices() {
        List<MediatedDevice> devices = new ArrayList<>();
        for (Path entry : entries(sys.resolve("bus/mdev/devices"))) {
            Path dir = real(entry);
            String uuid = entry.getFileName().toString();
            Path parent = dir.getParent();
            Path type = real(dir.resolve("mdev_type"));
            devices.add(new MediatedDevice(MediatedDevice.nodeName("mdev", uuid + "_" + parent.getFileName()), uuid,
                    parentName(parent), type.getFileName().toString(), SysfsFiles.optional(type.resolve("name")),
                    SysfsFiles.read(type.resolve("device_api"))));
        }
        devices.sort(Comparator.comparing(MediatedDevice::parent).thenComparing(MediatedDevice::uuid));
        return List.copyOf(devices);
    }

    /** The types each parent device can make, by parent and id; none when no device can. */
    public List<MediatedDeviceType> types() {
        List<MediatedDeviceType> types = new ArrayList<>();
        for (Path entry : entries(sys.resolve("class/mdev_bus"))) {
            Path parent = real(entry);
            for (Path type : entries(parent.resolve("mdev_supported_types"))) {
                Path available = type.resolve("available_instances");
                String count = SysfsFiles.read(available);
                if (!count.matches("\\d{1,9}")) {
                    throw new VirtException(ErrorCode.INTERNAL_ERROR, available + ": '" + count + "' is not a count");
                }
                types.add(new MediatedDeviceType(parentName(parent), type.getFileName().toString(),
                        SysfsFiles.optional(type.resolve("name")), SysfsFiles.read(type.resolve("device_api")), Integer.parseInt(count)));
            }
        }
        types.sort(Comparator.comparing(MediatedDeviceType::parent).thenComparing(MediatedDeviceType::id));
        return List.copyOf(types);
    }

    /** libvirt's name of a parent: its bus ("pci", "css") and its sysfs name. */
    private static String parentName(Path parent) {
        Path subsystem = parent.resolve("subsystem");
        String bus = Files.isSymbolicLink(subsystem) ? real(subsystem).getFileName().toString() : "";
        String name = parent.getFileName().toString();
        return bus.isEmpty() ? name.replaceAll("[^A-Za-z0-9]", "_") : MediatedDevice.nodeName(bus, name);
    }

    private static List<Path> entries(Path dir) {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(entries::add);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw SysfsFiles.unreadable(dir, e);
        }
        return entries;
    }

    private static Path real(Path link) {
        try {
            return link.toRealPath();
        } catch (IOException e) {
            throw SysfsFiles.unreadable(link, e);
        }
    }
}
