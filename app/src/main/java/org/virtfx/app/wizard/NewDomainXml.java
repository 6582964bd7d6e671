package org.virtfx.app.wizard;

import org.virtfx.app.details.OsMetadata;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlFormat;

/**
 * Builds the new domain's XML from the wizard's choices, in libvirt's element order, holding
 * only what the person chose; libvirt (or the driver) fills in the rest on define.
 */
public final class NewDomainXml {
    /** virt-install 4.1's {@code num_pcie_root_ports}. */
    static final int PCIE_ROOT_PORTS = 14;

    private NewDomainXml() {
    }

    public static String build(NewDomainSpec spec) {
        XmlElement domain = new XmlElement("domain").setAttribute("type", spec.domainType());
        domain.append(new XmlElement("name").setText(spec.name()));
        if (!spec.osId().isEmpty()) {
            OsMetadata.write(domain, spec.osId());
        }
        domain.append(new XmlElement("memory").setAttribute("unit", "KiB").setText(Long.toString(spec.memoryMiB() * 1024)));
        domain.append(new XmlElement("currentMemory").setAttribute("unit", "KiB")
                .setText(Long.toString(spec.memoryMiB() * 1024)));
        domain.append(new XmlElement("vcpu").setAttribute("placement", "static").setText(Integer.toString(spec.cpus())));
        domain.append(os(spec));
        if (!spec.method().isContainer()) {
            domain.append(new XmlElement("features").append(new XmlElement("acpi")));
            if (!spec.cpuMode().isEmpty()) {
                domain.append(new XmlElement("cpu").setAttribute("mode", spec.cpuMode()));
            }
        }
        domain.append(new XmlElement("clock").setAttribute("offset", "utc"));
        domain.append(new XmlElement("on_poweroff").setText("destroy"));
        domain.append(new XmlElement("on_reboot").setText("restart"));
        domain.append(new XmlElement("on_crash").setText("destroy"));
        domain.append(devices(spec));
        return XmlFormat.format(domain);
    }

    private static XmlElement os(NewDomainSpec spec) {
        XmlElement os = new XmlElement("os");
        if (spec.method().isContainer()) {
            os.append(new XmlElement("type").setText("exe"));
            os.append(new XmlElement("init").setText(spec.method() == InstallMethod.OS_CONTAINER ? "/sbin/init"
                    : spec.initPath()));
            spec.initArgs().forEach(arg -> os.append(new XmlElement("initarg").setText(arg)));
        } else {
            if (!spec.firmware().isEmpty()) {
                os.setAttribute("firmware", spec.firmware());
            }
            XmlElement type = new XmlElement("type").setText("hvm");
            if (!spec.machine().isEmpty()) {
                type.setAttribute("arch", "x86_64").setAttribute("machine", spec.machine());
            }
            os.append(type);
            if (!spec.loader().isEmpty()) {
                os.append(new XmlElement("loader").setAttribute("readonly", "yes").setAttribute("type", "pflash")
                        .setText(spec.loader()));
                os.append(new XmlElement("nvram").setAttribute("template", spec.nvramTemplate()).setText(spec.nvram()));
            }
            if (!spec.boot().kernel().isEmpty()) {
                os.append(new XmlElement("kernel").setText(spec.boot().kernel()));
                os.append(new XmlElement("initrd").setText(spec.boot().initrd()));
                if (!spec.boot().cmdline().isEmpty()) {
                    os.append(new XmlElement("cmdline").setText(spec.boot().cmdline()));
                }
            }
            if (spec.method() == InstallMethod.LOCAL_MEDIA) {
                os.append(new XmlElement("boot").setAttribute("dev", "cdrom"));
            }
            os.append(new XmlElement("boot").setAttribute("dev", "hd"));
        }
        return os;
    }

    private static XmlElement devices(NewDomainSpec spec) {
        XmlElement devices = new XmlElement("devices");
        if (!spec.diskPath().isEmpty()) {
            devices.append(new XmlElement("disk").setAttribute("type", "file").setAttribute("device", "disk")
                    .append(new XmlElement("driver").setAttribute("name", "qemu")
                            .setAttribute("type", spec.diskPath().endsWith(".qcow2") ? "qcow2" : "raw"))
                    .append(new XmlElement("source").setAttribute("file", spec.diskPath()))
                    .append(new XmlElement("target").setAttribute("dev", "vda").setAttribute("bus", "virtio")));
        }
        if (!spec.cdromPath().isEmpty()) {
            devices.append(new XmlElement("disk").setAttribute("type", "file").setAttribute("device", "cdrom")
                    .append(new XmlElement("source").setAttribute("file", spec.cdromPath()))
                    .append(new XmlElement("target").setAttribute("dev", "sda").setAttribute("bus", "sata"))
                    .append(new XmlElement("readonly")));
        }
        if (spec.usb3()) {
            // virt-install adds the USB controller before the PCIe ones; 15 is QEMU's most ports.
            devices.append(new XmlElement("controller").setAttribute("type", "usb").setAttribute("model", "qemu-xhci")
                    .setAttribute("ports", "15"));
        }
        if (spec.machine().equals("q35")) {
            pcieControllers(devices);
        }
        if (spec.method() == InstallMethod.OS_CONTAINER) {
            devices.append(filesystem(spec.rootDir(), "/"));
        }
        if (!spec.sharedSource().isEmpty()) {
            devices.append(filesystem(spec.sharedSource(), spec.sharedTarget()));
        }
        if (!spec.network().isEmpty()) {
            boolean bridge = spec.network().startsWith("bridge:");
            boolean user = spec.network().equals(NetworkChoice.USER.value());
            XmlElement nic = new XmlElement("interface").setAttribute("type", user ? "user" : bridge ? "bridge" : "network");
            if (!user) {
                nic.append(new XmlElement("source").setAttribute(bridge ? "bridge" : "network",
                        bridge ? spec.network().substring("bridge:".length()) : spec.network()));
            }
            if (!spec.method().isContainer()) {
                nic.append(new XmlElement("model").setAttribute("type", "virtio"));
            }
            devices.append(nic);
        }
        devices.append(new XmlElement("console").setAttribute("type", "pty")
                .append(new XmlElement("target").setAttribute("type", spec.method().isContainer() ? "lxc" : "serial")
                        .setAttribute("port", "0")));
        if (!spec.method().isContainer()) {
            XmlElement graphics = new XmlElement("graphics").setAttribute("type", spec.graphics());
            if (spec.graphics().equals("vnc")) {
                // A UNIX socket in the domain's own directory, never an open TCP port: libvirt names
                // the socket itself, and VirtFX's QEMU driver takes nothing else.
                graphics.append(new XmlElement("listen").setAttribute("type", "socket"));
            } else {
                graphics.setAttribute("port", "-1").setAttribute("autoport", "yes");
            }
            devices.append(graphics);
        }
        return devices;
    }

    /**
     * virt-install's PCIe topology for q35: the root, then 14 root ports (its
     * {@code num_pcie_root_ports}). libvirt gives a q35 guest without PCI controllers of its own
     * only one spare port; these leave room to hot-plug disks and NICs later.
     */
    private static void pcieControllers(XmlElement devices) {
        devices.append(new XmlElement("controller").setAttribute("type", "pci").setAttribute("model", "pcie-root"));
        for (int i = 0; i < PCIE_ROOT_PORTS; i++) {
            devices.append(new XmlElement("controller").setAttribute("type", "pci")
                    .setAttribute("model", "pcie-root-port"));
        }
    }

    private static XmlElement filesystem(String source, String target) {
        return new XmlElement("filesystem").setAttribute("type", "mount").setAttribute("accessmode", "passthrough")
                .append(new XmlElement("source").setAttribute("dir", source))
                .append(new XmlElement("target").setAttribute("dir", target));
    }
}
