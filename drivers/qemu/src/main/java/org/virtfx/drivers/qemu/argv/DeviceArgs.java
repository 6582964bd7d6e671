package org.virtfx.drivers.qemu.argv;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.xml.XmlElement;

/**
 * The {@code <devices>} of a domain on QEMU's command line. Addresses are handed out first,
 * in the order libvirt's QEMU driver hands them out; options are then written in the order
 * libvirt writes them, so both the guest's hardware layout and the command line match.
 */
final class DeviceArgs {
    private final DomainNode devices;
    private final boolean q35;
    private final CommandLineContext ctx;
    private final List<String> argv;

    private final List<Controller> controllers = new ArrayList<>();
    private final List<RootPort> rootPorts = new ArrayList<>();
    private final List<Disk> disks = new ArrayList<>();
    private final List<Net> nets = new ArrayList<>();
    private final List<DomainNode> serials;
    private final List<DomainNode> consoles;
    private final List<Channel> channels = new ArrayList<>();
    private final List<Input> inputs = new ArrayList<>();
    private final List<DomainNode> graphics;
    private final List<Video> videos = new ArrayList<>();
    private final List<Sound> sounds = new ArrayList<>();
    private final List<Watchdog> watchdogs = new ArrayList<>();
    private final List<Rng> rngs = new ArrayList<>();
    private final List<Panic> panics = new ArrayList<>();
    private Balloon balloon;
    private final Map<Object, PciAddress> addresses = new IdentityHashMap<>();
    private final Chardevs chardevs;
    private PciSlots pci;

    DeviceArgs(DomainNode devices, boolean q35, CommandLineContext ctx, List<String> argv) {
        this.devices = devices;
        this.q35 = q35;
        this.ctx = ctx;
        this.argv = argv;
        serials = devices.children("serial");
        consoles = devices.children("console");
        graphics = devices.children("graphics");
        chardevs = new Chardevs(ctx.hostEnds());
    }

    // ---------------------------------------------------------------- reading

    private record Controller(DomainNode node, String type, int index, String model, Optional<PciAddress> explicit) {
        boolean builtin(boolean q35) {
            return switch (type) {
                case "ide" -> true;
                case "sata" -> q35 && index == 0;
                case "usb" -> "none".equals(model);
                default -> false;
            };
        }
    }

    /**
     * A PCI Express port controller, a bus of its own: a pcie-root-port, or a switch's upstream
     * or downstream port. Its index (the N of its QEMU id {@code pci.N}, which devices'
     * addresses name), QEMU's device for it, and the chassis, port and hot-plug switch the XML
     * gives, if any. A root port libvirt adds has no node.
     */
    private record RootPort(DomainNode node, PciSlots.PortKind kind, int index, String model, Integer chassis,
                            Integer port, Boolean hotplug, Optional<PciAddress> explicit) {
        static RootPort added(int index) {
            return new RootPort(null, PciSlots.PortKind.ROOT, index, "pcie-root-port", null, null, null,
                    Optional.empty());
        }

        /** libvirt's default port number: a root port's place on pcie.0, a downstream port's slot on its switch. */
        int portNumber(PciAddress a) {
            return port != null ? port : kind == PciSlots.PortKind.DOWNSTREAM ? a.slot() : a.slot() * 8 + a.function();
        }
    }

    private record Disk(DomainNode node, String type, String device, String format, CacheMode cache,
                        DiskErrorPolicy errorPolicy, String source, String dev, String bus, boolean readOnly,
                        int controller, int busNo, int unit,
                        Optional<PciAddress> explicit, Integer bootOrder) {
    }

    private record Net(DomainNode node, String type, String mac, String model, Optional<PciAddress> explicit,
                       Integer bootOrder) {
        boolean pcie() {
            return model.equals("virtio") || model.equals("e1000e");
        }
    }

    private record Channel(DomainNode node, String name, int port) {
    }

    private record Input(DomainNode node, String type, String bus, String port) {
    }

    private record Video(DomainNode node, String model, Optional<PciAddress> explicit) {
    }

    private record Sound(DomainNode node, String model, Optional<PciAddress> explicit) {
    }

    private record Watchdog(DomainNode node, String model, String action, Optional<PciAddress> explicit) {
    }

    private record Balloon(DomainNode node, boolean virtio, Optional<PciAddress> explicit) {
    }

    private record Rng(DomainNode node, String backend, String path, Optional<PciAddress> explicit) {
    }

    /** A pvpanic device: on the ISA bus (at the XML's I/O port, if any) or on PCI. */
    private record Panic(DomainNode node, boolean pci, Integer ioport, Optional<PciAddress> explicit) {
    }

    /** Reads every device, then hands out PCI addresses and boot indexes. */
    void assignAddresses(DomainNode os) {
        readControllers();
        readDisks();
        readNets();
        readChannels();
        readInputs();
        readVideos();
        readSounds();
        readWatchdogs();
        readRngs();
        readPanics();
        // No <memballoon> means libvirt's default, a virtio balloon.
        balloon = devices.child("memballoon")
                .map(b -> new Balloon(b, b.oneOf("model", "virtio", "none").equals("virtio"), pciAddress(b)))
                .orElse(new Balloon(null, true, Optional.empty()));
        devices.children("audio").forEach(a -> {
            a.oneOf("id", "1");
            a.oneOf("type", "none");
        });
        bootOrder(os);
        int given = rootPorts.stream().mapToInt(RootPort::index).max().orElse(0);
        if (!q35 && given > rootPorts.size()) {
            // libvirt fills the indexes a pc machine's bridges skip with bridges of its own.
            throw DomainNode.unsupported("pci-bridge indexes with gaps");
        }
        int ports = given;
        if (q35) {
            // A first pass fills the root ports the XML gives and counts the ones to add.
            PciSlots counting = new PciSlots(true, true, given, portKinds());
            reserve(counting);
            assignDevices(counting);
            if (given == 0 && counting.busCount() > 1) {
                // libvirt leaves a domain whose ports it made all itself one empty port to hot-plug into.
                counting.next(true);
            }
            ports = counting.busCount() - 1;
            addresses.clear();
        }
        for (int index = 1; index <= ports; index++) {
            int wanted = index;
            if (rootPorts.stream().noneMatch(p -> p.index() == wanted)) {
                rootPorts.add(RootPort.added(index));
            }
        }
        rootPorts.sort(Comparator.comparingInt(RootPort::index));
        pci = new PciSlots(q35, false, ports, portKinds());
        reserve(pci);
        assignDevices(pci);
        markMultifunction();
    }

    /** The kind of each port the XML gives, by index; the ones libvirt adds are root ports. */
    private Map<Integer, PciSlots.PortKind> portKinds() {
        Map<Integer, PciSlots.PortKind> kinds = new HashMap<>();
        rootPorts.forEach(p -> kinds.put(p.index(), p.kind()));
        return kinds;
    }

    /**
     * Function 0 of a slot that holds other functions too gets {@code multifunction=on}, unless
     * the XML says otherwise, as libvirt sets it once every address is known.
     */
    private void markMultifunction() {
        for (Map.Entry<Object, PciAddress> e : addresses.entrySet()) {
            PciAddress a = e.getValue();
            if (a.function() == 0 && a.multifunction() == null && addresses.values().stream().anyMatch(o ->
                    o.bus().equals(a.bus()) && o.slot() == a.slot() && o.function() != 0)) {
                e.setValue(a.withMultifunction(true));
            }
        }
    }

    /** Addresses the XML gives, then the chipset's fixed places, as libvirt reserves them. */
    private void reserve(PciSlots slots) {
        reserveExplicit(slots);
        reserveFixed(slots);
    }

    private Optional<PciAddress> pciAddress(DomainNode dev) {
        Optional<DomainNode> address = dev.child("address");
        if (address.isEmpty()) {
            return Optional.empty();
        }
        DomainNode a = address.get();
        String type = a.required("type");
        if (!type.equals("pci")) {
            throw DomainNode.unsupported("address type '" + type + "' for <" + dev.name() + ">");
        }
        if (DomainNode.integer(a.attr("domain", "0")) != 0) {
            throw DomainNode.unsupported("a PCI domain other than 0");
        }
        Boolean multifunction = a.attr("multifunction").isPresent() ? "on".equals(a.oneOf("multifunction", "off", "on"))
                : null;
        return Optional.of(new PciAddress(PciAddress.busName(q35, DomainNode.integer(a.attr("bus", "0"))),
                DomainNode.integer(a.required("slot")), DomainNode.integer(a.attr("function", "0")), multifunction));
    }

    /**
     * A {@code <controller type='pci'>}: the root bus, which the machine has anyway, or on q35 a
     * pcie-root-port. Without an index it takes the lowest one no PCI controller has, as
     * libvirt's parser gives it.
     */
    private void readPciController(DomainNode c, Set<Integer> given, Set<Integer> read) {
        int index = c.attr("index").map(DomainNode::integer).orElseGet(() -> {
            int free = 0;
            while (given.contains(free) || read.contains(free)) {
                free++;
            }
            return free;
        });
        if (!read.add(index)) {
            throw VirtException.of(ErrorCode.XML_ERROR, "Multiple 'pci' controllers with index '" + index + "'");
        }
        String root = q35 ? "pcie-root" : "pci-root";
        String model = c.attr("model").orElse(index == 0 ? root : "pci-bridge");
        if (index == 0) {
            if (!model.equals(root)) {
                throw VirtException.of(ErrorCode.XML_ERROR, "The PCI controller with index='0' must be model='"
                        + root + "' for this machine type, but model='" + model + "' was found instead");
            }
            return;
        }
        if (model.equals(root)) {
            throw VirtException.of(ErrorCode.XML_ERROR, "pci-root and pcie-root controllers should have index 0");
        }
        PciSlots.PortKind kind = !q35 ? (model.equals("pci-bridge") ? PciSlots.PortKind.PCI_BRIDGE : null)
                : switch (model) {
                    case "pcie-root-port" -> PciSlots.PortKind.ROOT;
                    case "pcie-switch-upstream-port" -> PciSlots.PortKind.UPSTREAM;
                    case "pcie-switch-downstream-port" -> PciSlots.PortKind.DOWNSTREAM;
                    case "pci-bridge" -> PciSlots.PortKind.PCI_BRIDGE;
                    case "dmi-to-pci-bridge" -> PciSlots.PortKind.DMI_TO_PCI_BRIDGE;
                    case "pcie-to-pci-bridge" -> PciSlots.PortKind.PCIE_TO_PCI_BRIDGE;
                    default -> null;
                };
        if (kind == null) {
            throw DomainNode.unsupported("model='" + model + "' of <controller>");
        }
        String device = c.child("model").map(m -> switch (kind) {
            case ROOT -> m.oneOf("name", "pcie-root-port", "ioh3420");
            case UPSTREAM -> m.oneOf("name", "x3130-upstream");
            case DOWNSTREAM -> m.oneOf("name", "xio3130-downstream");
            case PCI_BRIDGE -> m.oneOf("name", "pci-bridge");
            case DMI_TO_PCI_BRIDGE -> m.oneOf("name", "i82801b11-bridge");
            case PCIE_TO_PCI_BRIDGE -> m.oneOf("name", "pcie-pci-bridge");
        }).orElse(switch (kind) {
            case ROOT -> "pcie-root-port";
            case UPSTREAM -> "x3130-upstream";
            case DOWNSTREAM -> "xio3130-downstream";
            case PCI_BRIDGE -> "pci-bridge";
            case DMI_TO_PCI_BRIDGE -> "i82801b11-bridge";
            case PCIE_TO_PCI_BRIDGE -> "pcie-pci-bridge";
        });
        boolean numbered = kind == PciSlots.PortKind.ROOT || kind == PciSlots.PortKind.DOWNSTREAM
                || kind == PciSlots.PortKind.PCI_BRIDGE;
        Optional<DomainNode> target = numbered ? c.child("target") : Optional.empty();
        // A pci-bridge's chassis is its chassisNr; it has no port.
        Integer chassis = target.flatMap(t -> t.attr(kind == PciSlots.PortKind.PCI_BRIDGE ? "chassisNr" : "chassis"))
                .map(DomainNode::integer).orElse(null);
        Integer port = target.flatMap(t -> t.attr("port")).map(DomainNode::integer).orElse(null);
        Boolean hotplug = target.flatMap(t -> t.attr("hotplug")).isPresent()
                ? "on".equals(target.get().oneOf("hotplug", "on", "off")) : null;
        rootPorts.add(new RootPort(c, kind, index, device, chassis, port, hotplug, pciAddress(c)));
    }

    private void readControllers() {
        Set<Integer> pciIndexes = new HashSet<>();
        Set<Integer> pciRead = new HashSet<>();
        for (DomainNode c : devices.children("controller")) {
            if ("pci".equals(c.attr("type", ""))) {
                c.attr("index").map(DomainNode::integer).ifPresent(pciIndexes::add);
            }
        }
        for (DomainNode c : devices.children("controller")) {
            String type = c.oneOf("type", "usb", "ide", "pci", "sata", "virtio-serial", "fdc");
            if (type.equals("pci")) {
                readPciController(c, pciIndexes, pciRead);
                continue;
            }
            if (type.equals("fdc")) {
                // The chipset's floppy controller: libvirt writes nothing for it until a floppy
                // disk is on it, and this driver refuses floppy disks.
                c.oneOf("index", "0");
                continue;
            }
            int index = DomainNode.integer(c.attr("index", "0"));
            String model = switch (type) {
                case "usb" -> c.oneOf("model", "piix3-uhci", "qemu-xhci", "none");
                default -> "";
            };
            if (type.equals("usb") && c.attr("ports").isPresent()) {
                if (!model.equals("qemu-xhci")) {
                    throw DomainNode.unsupported("a port count on a " + model + " USB controller");
                }
                if (DomainNode.integer(c.attr("ports").get()) > 15) {
                    throw VirtException.of(ErrorCode.CONFIG_UNSUPPORTED, "'qemu-xhci' controller only supports up to '15' ports");
                }
            }
            if (type.equals("ide") && q35) {
                throw VirtException.of(ErrorCode.CONFIG_UNSUPPORTED,
                        "IDE controllers are unsupported for this QEMU binary or machine type");
            }
            if (type.equals("usb") && controllers.stream().anyMatch(o -> o.type().equals("usb"))
                    && (model.equals("none") || controllers.stream().anyMatch(o -> o.model().equals("none")))) {
                throw VirtException.of(ErrorCode.XML_DETAIL, "Can't add another USB controller: USB is disabled for this domain");
            }
            if ((type.equals("ide") || type.equals("usb") || type.equals("sata")) && index != 0) {
                throw DomainNode.unsupported("a second " + type + " controller");
            }
            Optional<PciAddress> explicit = Optional.empty();
            if (type.equals("usb") && model.equals("piix3-uhci") && !q35) {
                explicit = pciAddress(c).or(() -> Optional.of(new PciAddress("pci.0", 1, 2, null)));
            } else if (!type.equals("ide")) {
                explicit = pciAddress(c);
            } else {
                pciAddress(c);
            }
            controllers.add(new Controller(c, type, index, model, explicit));
        }
        // libvirt adds the controllers a domain implies: USB, and what its disks and channels use.
        if (controllers.stream().noneMatch(c -> c.type().equals("usb"))) {
            controllers.add(new Controller(null, "usb", 0, q35 ? "qemu-xhci" : "piix3-uhci",
                    q35 ? Optional.empty() : Optional.of(new PciAddress("pci.0", 1, 2, null))));
        }
    }

    /** The USB controller's device; an xHCI controller's {@code ports} are its USB 2 and USB 3 ports, as libvirt gives them. */
    private static Props usbController(Controller c) {
        if (c.model().equals("piix3-uhci")) {
            return Props.of("driver", "piix3-usb-uhci").put("id", "usb");
        }
        Props p = Props.of("driver", "qemu-xhci");
        Optional<Integer> ports = c.node() == null ? Optional.empty() : c.node().attr("ports").map(DomainNode::integer);
        ports.ifPresent(n -> p.put("p2", n).put("p3", n));
        return p.put("id", "usb");
    }

    /** The USB controller's root ports: its {@code ports}, else QEMU's default (UHCI 2, xHCI 4). */
    private int usbPorts() {
        return controllers.stream().filter(c -> c.type().equals("usb")).findFirst()
                .flatMap(c -> c.node() == null ? Optional.empty() : c.node().attr("ports").map(DomainNode::integer))
                .orElse(q35 ? 4 : 2);
    }

    private void implicitController(String type) {
        if (controllers.stream().noneMatch(c -> c.type().equals(type))) {
            controllers.add(new Controller(null, type, 0, "", Optional.empty()));
        }
    }

    private void readDisks() {
        List<DomainNode> nodes = devices.children("disk");
        for (DomainNode d : nodes) {
            String type = d.oneOf("type", "file", "block");
            String device = d.oneOf("device", "disk", "cdrom");
            DomainNode driver = d.child("driver").orElse(null);
            String format = "raw";
            CacheMode cache = null;
            DiskErrorPolicy errorPolicy = DiskErrorPolicy.of(Optional.empty(), Optional.empty());
            if (driver != null) {
                driver.oneOf("name", "qemu");
                format = driver.oneOf("type", "raw", "qcow2");
                cache = driver.attr("cache").map(CacheMode::of).orElse(null);
                errorPolicy = DiskErrorPolicy.of(driver.attr("error_policy"), driver.attr("rerror_policy"));
            }
            String source = d.child("source").map(s -> type.equals("file") ? s.required("file") : s.required("dev"))
                    .orElse(null);
            if (source == null && device.equals("disk")) {
                throw VirtException.of(ErrorCode.XML_DETAIL, "a disk needs a <source>");
            }
            DomainNode target = d.child("target").orElseThrow(() -> VirtException.of(ErrorCode.XML_DETAIL, "missing disk <target>"));
            String dev = target.required("dev");
            String bus = target.attr("bus").orElseGet(() -> dev.startsWith("vd") ? "virtio" : dev.startsWith("sd") ? "sata" : "ide");
            if (!bus.equals("ide") && !bus.equals("sata") && !bus.equals("virtio")) {
                throw DomainNode.unsupported("disk bus '" + bus + "'");
            }
            if (bus.equals("virtio") && device.equals("cdrom")) {
                throw VirtException.of(ErrorCode.CONFIG_UNSUPPORTED, "disk type 'virtio' of '" + dev + "' does not support ejectable media");
            }
            boolean readOnly = d.child("readonly").isPresent() || device.equals("cdrom");
            Integer order = d.child("boot").map(b -> DomainNode.integer(b.required("order"))).orElse(null);
            int index = diskIndex(dev);
            int controller = 0;
            int busNo = 0;
            int unit = 0;
            Optional<PciAddress> explicit = Optional.empty();
            if (bus.equals("virtio")) {
                explicit = pciAddress(d);
            } else {
                if (bus.equals("ide")) {
                    busNo = index / 2;
                    unit = index % 2;
                    if (q35) {
                        throw VirtException.of(ErrorCode.CONFIG_UNSUPPORTED,
                                "IDE controllers are unsupported for this QEMU binary or machine type");
                    }
                } else {
                    controller = index / 6;
                    unit = index % 6;
                    implicitController("sata");
                }
                Optional<DomainNode> address = d.child("address");
                if (address.isPresent()) {
                    DomainNode a = address.get();
                    a.oneOf("type", "drive");
                    controller = DomainNode.integer(a.attr("controller", "0"));
                    busNo = DomainNode.integer(a.attr("bus", "0"));
                    a.oneOf("target", "0");
                    unit = DomainNode.integer(a.attr("unit", "0"));
                }
                if (controller != 0 || busNo > (bus.equals("ide") ? 1 : 0) || unit > (bus.equals("ide") ? 1 : 5)) {
                    throw DomainNode.unsupported("disk '" + dev + "' beyond the first " + bus + " controller");
                }
            }
            for (Disk other : disks) {
                if (!other.bus().equals("virtio") && other.bus().equals(bus) && other.controller() == controller
                        && other.busNo() == busNo && other.unit() == unit) {
                    throw VirtException.of(ErrorCode.CONFIG_UNSUPPORTED, "Found duplicate drive address for disk with target name '"
                            + dev + "' controller='" + controller + "' bus='" + busNo + "' target='0' unit='" + unit + "'");
                }
            }
            insertDisk(new Disk(d, type, device, format, cache, errorPolicy, source, dev, bus, readOnly, controller, busNo, unit,
                    explicit, order));
        }
    }

    /**
     * libvirt keeps the disks of one bus together, in target order, at the place the first of
     * them appeared; node names, PCI slots and "the first disk" all follow that order.
     */
    private void insertDisk(Disk disk) {
        int at = -1;
        for (int i = disks.size() - 1; i >= 0; i--) {
            Disk other = disks.get(i);
            if (!other.bus().equals(disk.bus())) {
                continue;
            }
            if (diskIndex(other.dev()) > diskIndex(disk.dev())) {
                at = i;
            } else if (at == -1) {
                at = i + 1;
            }
        }
        disks.add(at == -1 ? disks.size() : at, disk);
    }

    /** vda → 0, hdc → 2, sdaa → 26: the disk's index from its target name, as libvirt counts. */
    static int diskIndex(String dev) {
        if (dev.length() < 3) {
            throw VirtException.of(ErrorCode.XML_DETAIL, "invalid disk target '" + dev + "'");
        }
        int index = 0;
        for (char c : dev.substring(2).toCharArray()) {
            if (c < 'a' || c > 'z') {
                throw VirtException.of(ErrorCode.XML_DETAIL, "invalid disk target '" + dev + "'");
            }
            index = index * 26 + (c - 'a' + 1);
        }
        return index - 1;
    }

    private void readNets() {
        for (DomainNode n : devices.children("interface")) {
            String type = n.oneOf("type", "user", "network", "bridge");
            if (!type.equals("user")) {
                DomainNode source = n.child("source").orElseThrow(() -> VirtException.of(ErrorCode.XML_DETAIL,
                        "interface of type '" + type + "' needs a <source>"));
                source.required(type);
            }
            String mac = n.child("mac").map(m -> m.required("address")).orElseThrow(() ->
                    VirtException.of(ErrorCode.INTERNAL_ERROR, "interface has no MAC address (a define gives it one)"));
            String model = n.child("model").map(m -> m.oneOf("type", "rtl8139", "virtio", "e1000", "e1000e"))
                    .orElse("rtl8139");
            Integer order = n.child("boot").map(b -> DomainNode.integer(b.required("order"))).orElse(null);
            nets.add(new Net(n, type, mac, model, pciAddress(n), order));
        }
    }

    private void readChannels() {
        int port = 0;
        for (DomainNode c : devices.children("channel")) {
            DomainNode target = c.child("target").orElseThrow(() -> VirtException.of(ErrorCode.XML_DETAIL, "missing channel <target>"));
            target.oneOf("type", "virtio");
            String name = target.required("name");
            int nr = ++port;
            Optional<DomainNode> address = c.child("address");
            if (address.isPresent()) {
                DomainNode a = address.get();
                a.oneOf("type", "virtio-serial");
                a.oneOf("controller", "0");
                a.oneOf("bus", "0");
                nr = DomainNode.integer(a.required("port"));
                port = Math.max(port, nr);
            }
            channels.add(new Channel(c, name, nr));
            implicitController("virtio-serial");
        }
    }

    private void readInputs() {
        int usbPort = 0;
        for (DomainNode i : devices.children("input")) {
            String type = i.oneOf("type", "mouse", "keyboard", "tablet");
            String bus = i.attr("bus", type.equals("tablet") ? "usb" : "ps2");
            if (!bus.equals("ps2") && !bus.equals("usb") || bus.equals("ps2") && type.equals("tablet")) {
                throw DomainNode.unsupported("input '" + type + "' on bus '" + bus + "'");
            }
            String port = null;
            if (bus.equals("usb")) {
                Optional<DomainNode> address = i.child("address");
                if (address.isPresent()) {
                    address.get().oneOf("type", "usb");
                    address.get().oneOf("bus", "0");
                    port = address.get().required("port");
                    usbPort = Math.max(usbPort, DomainNode.integer(port));
                } else {
                    port = String.valueOf(++usbPort);
                }
                // Past the root ports libvirt plugs in a USB hub, which this driver does not.
                if (port.contains(".") || DomainNode.integer(port) > usbPorts()) {
                    throw DomainNode.unsupported("USB devices beyond the controller's own ports (a hub)");
                }
            }
            inputs.add(new Input(i, type, bus, port));
        }
    }

    private void readVideos() {
        List<DomainNode> nodes = devices.children("video");
        for (int i = 1; i < nodes.size(); i++) {
            // libvirt moves a video marked primary to the front; this driver takes the first.
            if (nodes.get(i).child("model").flatMap(m -> m.attr("primary")).isPresent()) {
                throw DomainNode.unsupported("a primary <video> other than the first");
            }
        }
        for (DomainNode v : nodes) {
            DomainNode model = v.child("model").orElseThrow(() -> VirtException.of(ErrorCode.XML_DETAIL, "missing video <model>"));
            String type = model.oneOf("type", "vga", "cirrus", "qxl", "virtio");
            videos.add(new Video(v, type, pciAddress(v)));
        }
    }

    private void readSounds() {
        for (DomainNode s : devices.children("sound")) {
            sounds.add(new Sound(s, s.oneOf("model", "ich6", "ich9", "ac97"), pciAddress(s)));
        }
    }

    private void readWatchdogs() {
        for (DomainNode w : devices.children("watchdog")) {
            String model = w.oneOf("model", "i6300esb", "ib700", "itco");
            String action = w.oneOf("action", "reset", "shutdown", "poweroff", "pause", "none", "inject-nmi");
            if (model.equals("itco") && !q35) {
                throw DomainNode.unsupported("the itco watchdog off a q35 machine");
            }
            watchdogs.add(new Watchdog(w, model, action, model.equals("i6300esb") ? pciAddress(w) : Optional.empty()));
        }
        // libvirt gives every q35 machine its chipset's iTCO watchdog.
        if (q35 && watchdogs.stream().noneMatch(w -> w.model().equals("itco"))) {
            watchdogs.add(new Watchdog(null, "itco", watchdogs.isEmpty() ? "reset" : watchdogs.get(0).action(), Optional.empty()));
        }
        if (watchdogs.stream().map(Watchdog::action).distinct().count() > 1) {
            throw VirtException.of(ErrorCode.CONFIG_UNSUPPORTED, "watchdogs with different actions are not supported with this QEMU binary");
        }
    }

    private void readRngs() {
        for (DomainNode r : devices.children("rng")) {
            r.oneOf("model", "virtio");
            DomainNode backend = r.child("backend").orElseThrow(() -> VirtException.of(ErrorCode.XML_DETAIL, "missing rng <backend>"));
            String kind = backend.oneOf("model", "random", "builtin");
            String path = kind.equals("random") ? (backend.text().isEmpty() ? "/dev/urandom" : backend.text()) : null;
            rngs.add(new Rng(r, kind, path, pciAddress(r)));
        }
    }

    /**
     * libvirt's default model on x86 is the ISA pvpanic; Hyper-V's crash MSRs and the
     * {@code <address type='isa'>}'s I/O base are the other choices it offers there.
     */
    private void readPanics() {
        for (DomainNode p : devices.children("panic")) {
            String model = p.oneOf("model", "isa", "pvpanic");
            if (model.equals("pvpanic")) {
                panics.add(new Panic(p, true, null, pciAddress(p)));
                continue;
            }
            Integer ioport = null;
            Optional<DomainNode> address = p.child("address");
            if (address.isPresent()) {
                DomainNode a = address.get();
                a.oneOf("type", "isa");
                ioport = DomainNode.integer(a.required("iobase"));
            }
            panics.add(new Panic(p, false, ioport, Optional.empty()));
        }
    }

    /** {@code <os><boot dev>} becomes per-device boot indexes, as libvirt converts it. */
    private final Map<Object, Integer> bootIndex = new IdentityHashMap<>();

    private void bootOrder(DomainNode os) {
        List<DomainNode> boots = os.children("boot");
        boolean perDevice = disks.stream().anyMatch(d -> d.bootOrder() != null) || nets.stream().anyMatch(n -> n.bootOrder() != null);
        if (perDevice) {
            if (!boots.isEmpty()) {
                throw VirtException.of(ErrorCode.XML_DETAIL, "per-device boot elements cannot be used together with os/boot elements");
            }
            disks.stream().filter(d -> d.bootOrder() != null).forEach(d -> bootIndex.put(d, d.bootOrder()));
            nets.stream().filter(n -> n.bootOrder() != null).forEach(n -> bootIndex.put(n, n.bootOrder()));
            return;
        }
        int next = 1;
        for (DomainNode b : boots) {
            String dev = b.oneOf("dev", "hd", "cdrom", "network");
            Object found = switch (dev) {
                case "hd" -> disks.stream().filter(d -> d.device().equals("disk")).findFirst().orElse(null);
                case "cdrom" -> disks.stream().filter(d -> d.device().equals("cdrom")).findFirst().orElse(null);
                default -> nets.isEmpty() ? null : nets.get(0);
            };
            if (found != null) {
                bootIndex.put(found, next++);
            }
        }
    }

    // ---------------------------------------------------------------- addresses

    private void reserveFixed(PciSlots slots) {
        // libvirt keeps slot 0x1e of pcie.0, the ICH9's own, for a dmi-to-pci-bridge with no address.
        for (RootPort p : rootPorts) {
            if (p.kind() == PciSlots.PortKind.DMI_TO_PCI_BRIDGE && p.explicit().isEmpty() && slots.slotFree(0x1e)) {
                addresses.put(p, slots.reserve(new PciAddress(slots.rootBus(), 0x1e, 0, null), p.kind()));
                break;
            }
        }
        if (!videos.isEmpty()) {
            Video primary = videos.get(0);
            int slot = q35 ? 1 : 2;
            if (primary.explicit().isEmpty() && slots.slotFree(slot)) {
                addresses.put(primary, slots.reserve(new PciAddress(slots.rootBus(), slot, 0, null), null));
            }
        }
        if (q35) {
            for (Sound s : sounds) {
                if (s.model().equals("ich9") && s.explicit().isEmpty() && slots.slotFree(0x1b)) {
                    addresses.put(s, slots.reserve(new PciAddress(slots.rootBus(), 0x1b, 0, null), null));
                    break;
                }
            }
        }
    }

    private void reserveExplicit(PciSlots slots) {
        List<Object> all = new ArrayList<>();
        all.addAll(rootPorts);
        all.addAll(controllers);
        all.addAll(disks);
        all.addAll(nets);
        all.addAll(videos);
        all.addAll(sounds);
        all.addAll(watchdogs);
        all.addAll(rngs);
        all.addAll(panics);
        all.add(balloon);
        for (Object o : all) {
            Optional<PciAddress> explicit = explicitOf(o);
            if (explicit.isPresent()) {
                addresses.put(o, slots.reserve(explicit.get(), o instanceof RootPort p ? p.kind() : null));
            }
        }
    }

    private static Optional<PciAddress> explicitOf(Object o) {
        if (o instanceof RootPort p) {
            return p.explicit();
        } else if (o instanceof Controller c) {
            return c.builtin(true) && !c.type().equals("usb") ? Optional.empty() : c.explicit();
        } else if (o instanceof Disk d) {
            return d.explicit();
        } else if (o instanceof Net n) {
            return n.explicit();
        } else if (o instanceof Video v) {
            return v.explicit();
        } else if (o instanceof Sound s) {
            return s.explicit();
        } else if (o instanceof Watchdog w) {
            return w.explicit();
        } else if (o instanceof Balloon b) {
            return b.explicit();
        } else if (o instanceof Rng r) {
            return r.explicit();
        } else if (o instanceof Panic p) {
            return p.explicit();
        }
        return Optional.empty();
    }

    private void want(PciSlots slots, Object device, boolean pcie) {
        if (!addresses.containsKey(device)) {
            addresses.put(device, slots.next(pcie));
        }
    }

    private void assignDevices(PciSlots slots) {
        // In index order, as libvirt places PCI controllers before any other device: a root
        // port on pcie.0, a switch's upstream port behind the first free root or downstream
        // port, a downstream port in the first free slot of a switch.
        for (RootPort p : rootPorts) {
            if (!addresses.containsKey(p)) {
                addresses.put(p, switch (p.kind()) {
                    case ROOT -> slots.nextRootPortPlace();
                    case UPSTREAM -> slots.next(true);
                    case DOWNSTREAM -> slots.nextDownstreamPlace();
                    case PCI_BRIDGE -> q35 ? slots.nextConventional(false) : slots.next(false);
                    case DMI_TO_PCI_BRIDGE -> throw DomainNode.unsupported(
                            "a dmi-to-pci-bridge without an address when slot 0x1e of pcie.0 is taken");
                    case PCIE_TO_PCI_BRIDGE -> slots.next(true);
                });
            }
        }
        nets.forEach(n -> want(slots, n, n.pcie()));
        sounds.forEach(s -> want(slots, s, false));
        for (Controller c : controllers) {
            if (!c.builtin(q35)) {
                want(slots, c, !c.model().equals("piix3-uhci"));
            }
        }
        disks.stream().filter(d -> d.bus().equals("virtio")).forEach(d -> want(slots, d, true));
        if (balloon.virtio()) {
            want(slots, balloon, true);
        }
        rngs.forEach(r -> want(slots, r, true));
        watchdogs.stream().filter(w -> w.model().equals("i6300esb")).forEach(w -> want(slots, w, false));
        videos.forEach(v -> want(slots, v, v.model().equals("virtio")));
        // A conventional PCI device for libvirt, placed after the others.
        panics.stream().filter(Panic::pci).forEach(p -> want(slots, p, false));
    }

    /** Where {@link #assignAddresses} put each device and which root ports it added, for the live XML. */
    PciPlacements placements() {
        List<PciPlacements.Placed> placed = new ArrayList<>();
        List<PciPlacements.AddedPort> added = new ArrayList<>();
        PciAddress defaultBalloon = null;
        for (Map.Entry<Object, PciAddress> e : addresses.entrySet()) {
            Object device = e.getKey();
            PciAddress a = e.getValue();
            if (device instanceof RootPort p) {
                boolean numbered = p.kind() == PciSlots.PortKind.ROOT || p.kind() == PciSlots.PortKind.DOWNSTREAM
                        || p.kind() == PciSlots.PortKind.PCI_BRIDGE;
                Integer chassis = !numbered ? null
                        : p.chassis() != null ? p.chassis() : p.index();
                Integer port = !numbered || p.kind() == PciSlots.PortKind.PCI_BRIDGE ? null
                        : p.portNumber(a);
                if (p.node() == null) {
                    added.add(new PciPlacements.AddedPort(p.index(), chassis, port, a));
                } else {
                    placed.add(placementOf(p.node(), a, p.model(), chassis, port));
                }
            } else if (device instanceof Balloon b && b.node() == null) {
                defaultBalloon = a;
            } else {
                DomainNode node = nodeOf(device);
                if (node != null) {
                    placed.add(placementOf(node, a, null, null, null));
                }
            }
        }
        added.sort(java.util.Comparator.comparingInt(PciPlacements.AddedPort::index));
        return new PciPlacements(q35, placed, added, defaultBalloon);
    }

    private PciPlacements.Placed placementOf(DomainNode node, PciAddress a, String portModel, Integer chassis,
                                             Integer port) {
        List<XmlElement> same = devices.element().children(node.name());
        int ordinal = 0;
        while (ordinal < same.size() && same.get(ordinal) != node.element()) {
            ordinal++;
        }
        return new PciPlacements.Placed(node.name(), ordinal, a, portModel, chassis, port);
    }

    private static DomainNode nodeOf(Object device) {
        if (device instanceof Controller c) {
            return c.node();
        } else if (device instanceof Disk d) {
            return d.node();
        } else if (device instanceof Net n) {
            return n.node();
        } else if (device instanceof Video v) {
            return v.node();
        } else if (device instanceof Sound s) {
            return s.node();
        } else if (device instanceof Watchdog w) {
            return w.node();
        } else if (device instanceof Balloon b) {
            return b.node();
        } else if (device instanceof Rng r) {
            return r.node();
        } else if (device instanceof Panic p) {
            return p.node();
        }
        return null;
    }

    // ---------------------------------------------------------------- options

    void emit() {
        for (RootPort port : rootPorts) {
            PciAddress a = addresses.get(port);
            // libvirt numbers a port by its place and its chassis by its index, unless the XML
            // says; a switch's upstream port has neither.
            Props p = Props.of("driver", port.model());
            if (port.kind() == PciSlots.PortKind.PCI_BRIDGE) {
                p.put("chassis_nr", port.chassis() != null ? port.chassis() : port.index());
            } else if (port.kind() == PciSlots.PortKind.ROOT || port.kind() == PciSlots.PortKind.DOWNSTREAM) {
                p.put("port", port.portNumber(a)).put("chassis", port.chassis() != null ? port.chassis() : port.index());
            }
            p.put("id", "pci." + port.index());
            if (port.hotplug() != null) {
                p.put("hotplug", port.hotplug());
            }
            device(p.putAddress(a));
        }
        controllersOf("usb");
        controllersOf("sata");
        controllersOf("virtio-serial");
        emitDisks();
        emitNets();
        emitSerials();
        emitChannels();
        emitInputs();
        argv.add("-audiodev");
        argv.add(Props.of("id", "audio1").put("driver", "none").json());
        emitGraphics();
        emitVideos();
        emitSounds();
        emitWatchdogs();
        if (balloon.virtio()) {
            device(Props.of("driver", "virtio-balloon-pci").put("id", "balloon0").putAddress(addresses.get(balloon)));
        }
        emitRngs();
    }

    private void device(Props props) {
        argv.add("-device");
        argv.add(props.json());
    }

    private void controllersOf(String type) {
        for (Controller c : controllers) {
            if (!c.type().equals(type) || c.builtin(q35)) {
                continue;
            }
            Props p = switch (type) {
                case "usb" -> usbController(c);
                case "sata" -> Props.of("driver", "ahci").put("id", "sata" + c.index());
                default -> Props.of("driver", "virtio-serial-pci").put("id", "virtio-serial" + c.index());
            };
            device(p.putAddress(addresses.get(c)));
        }
    }

    private void emitDisks() {
        for (int i = 0; i < disks.size(); i++) {
            Disk d = disks.get(i);
            String prefix = "libvirt-" + (disks.size() - i);
            if (d.source() != null) {
                String driver = d.type().equals("file") ? "file"
                        : d.device().equals("cdrom") && ctx.cdromDrive().test(d.source()) ? "host_cdrom" : "host_device";
                Blockdevs.pair(argv, prefix, driver, d.source(), d.readOnly(), d.cache(), d.format());
            }
            Props p;
            String kind = d.device().equals("cdrom") ? "ide-cd" : "ide-hd";
            switch (d.bus()) {
                case "ide" -> {
                    p = Props.of("driver", kind).put("bus", "ide." + d.busNo()).put("unit", d.unit());
                    drive(p, d, prefix);
                    p.put("id", "ide0-" + d.busNo() + "-" + d.unit());
                }
                case "sata" -> {
                    p = Props.of("driver", kind).put("bus", (q35 ? "ide." : "sata" + d.controller() + ".") + d.unit());
                    drive(p, d, prefix);
                    p.put("id", "sata" + d.controller() + "-0-" + d.unit());
                }
                default -> {
                    p = Props.of("driver", "virtio-blk-pci");
                    PciAddress a = addresses.get(d);
                    p.put("bus", a.bus());
                    if (a.multifunction() != null) {
                        p.put("multifunction", a.multifunction());
                    }
                    p.put("addr", a.addr());
                    drive(p, d, prefix);
                    p.put("id", "virtio-disk" + diskIndex(d.dev()));
                }
            }
            Integer boot = bootIndex.get(d);
            if (boot != null) {
                p.put("bootindex", boot);
            }
            if (d.cache() != null) {
                p.put("write-cache", d.cache().writeCache());
            }
            d.errorPolicy().putOn(p);
            device(p);
        }
    }

    private static void drive(Props p, Disk d, String prefix) {
        if (d.source() != null) {
            p.put("drive", prefix + "-format");
        }
    }

    private void emitNets() {
        int tap = 0;
        for (int i = 0; i < nets.size(); i++) {
            Net n = nets.get(i);
            Props netdev;
            if (n.type().equals("user")) {
                netdev = Props.of("type", "user");
            } else {
                if (tap >= ctx.taps().size()) {
                    throw VirtException.of(ErrorCode.INTERNAL_ERROR, "no tap descriptor for interface " + i + " (" + n.type() + ")");
                }
                netdev = Props.of("type", "tap");
                ctx.taps().get(tap++).addTo(netdev);
            }
            argv.add("-netdev");
            argv.add(netdev.put("id", "hostnet" + i).json());
            String driver = switch (n.model()) {
                case "virtio" -> "virtio-net-pci";
                default -> n.model();
            };
            Props p = Props.of("driver", driver).put("netdev", "hostnet" + i).put("id", "net" + i).put("mac", n.mac())
                    .putAddress(addresses.get(n));
            Integer boot = bootIndex.get(n);
            if (boot != null) {
                p.put("bootindex", boot);
            }
            device(p);
        }
    }

    private void emitSerials() {
        List<DomainNode> ports = new ArrayList<>(serials);
        for (int i = 0; i < consoles.size(); i++) {
            DomainNode console = consoles.get(i);
            String targetType = console.child("target").map(t -> t.oneOf("type", "serial")).orElse("serial");
            console.child("target").ifPresent(t -> t.oneOf("port", "0"));
            if (i > 0 || !targetType.equals("serial")) {
                throw DomainNode.unsupported("a console other than the first serial port");
            }
            if (ports.isEmpty()) {
                ports.add(console);
            } else {
                // The first console is the first serial port seen again (libvirt's compat form).
                console.attr("type");
                console.child("source").ifPresent(s -> {
                    s.attr("path");
                    s.attr("mode");
                    s.attr("append");
                });
            }
        }
        for (int i = 0; i < ports.size(); i++) {
            DomainNode serial = ports.get(i);
            int port = i;
            Optional<DomainNode> target = serial.child("target");
            if (target.isPresent()) {
                if (serial.name().equals("serial")) {
                    target.get().oneOf("type", "isa-serial");
                }
                port = DomainNode.integer(target.get().attr("port", String.valueOf(i)));
                target.get().child("model").ifPresent(m -> m.oneOf("name", "isa-serial"));
            }
            String alias = "serial" + i;
            chardevs.add(argv, serial, alias, ctx.domainDir().resolve(alias + ".sock"));
            device(Props.of("driver", "isa-serial").put("chardev", "char" + alias).put("id", alias).put("index", port));
        }
    }

    private void emitChannels() {
        for (int i = 0; i < channels.size(); i++) {
            Channel c = channels.get(i);
            String alias = "channel" + i;
            chardevs.add(argv, c.node(), alias, ctx.domainDir().resolve(c.name()));
            device(Props.of("driver", "virtserialport").put("bus", "virtio-serial0.0").put("nr", c.port())
                    .put("chardev", "char" + alias).put("id", alias).put("name", c.name()));
        }
    }

    private void emitInputs() {
        for (int i = 0; i < inputs.size(); i++) {
            Input in = inputs.get(i);
            if (!in.bus().equals("usb")) {
                continue;
            }
            if (controllers.stream().anyMatch(c -> c.type().equals("usb") && c.model().equals("none"))) {
                throw VirtException.of(ErrorCode.CONFIG_UNSUPPORTED, "USB is disabled for this domain, but USB devices are present in the domain XML");
            }
            String driver = switch (in.type()) {
                case "tablet" -> "usb-tablet";
                case "keyboard" -> "usb-kbd";
                default -> "usb-mouse";
            };
            device(Props.of("driver", driver).put("id", "input" + i).put("bus", "usb.0").put("port", in.port()));
        }
    }

    private void emitGraphics() {
        if (graphics.size() > 1) {
            throw DomainNode.unsupported("more than one <graphics>");
        }
        for (DomainNode g : graphics) {
            g.oneOf("type", "vnc");
            DomainNode listen = g.child("listen").orElseThrow(() ->
                    DomainNode.unsupported("VNC without <listen type='socket'> (only a UNIX socket)"));
            listen.oneOf("type", "socket");
            Path path = listen.attr("socket").map(Path::of).orElse(CommandLineContext.defaultVncSocket(ctx.domainDir()));
            argv.add("-vnc");
            argv.add("vnc=unix:" + Chardevs.commas(path.toString()) + ",audiodev=audio1");
        }
    }

    private void emitVideos() {
        for (int i = 0; i < videos.size(); i++) {
            Video v = videos.get(i);
            DomainNode model = v.node().child("model").orElseThrow();
            boolean primary = i == 0;
            model.oneOf("primary", "yes");
            int heads = DomainNode.integer(model.attr("heads", "1"));
            Props p;
            switch (v.model()) {
                case "vga" -> {
                    model.attr("vram");
                    p = Props.of("driver", "VGA").put("id", "video" + i)
                            .put("vgamem_mb", DomainNode.integer(model.attr("vgamem", "16384")) / 1024);
                }
                case "cirrus" -> {
                    model.attr("vram");
                    p = Props.of("driver", "cirrus-vga").put("id", "video" + i);
                }
                case "qxl" -> p = Props.of("driver", primary ? "qxl-vga" : "qxl").put("id", "video" + i)
                        .put("max_outputs", heads)
                        .put("ram_size", (long) DomainNode.integer(model.attr("ram", "65536")) * 1024)
                        .put("vram_size", (long) DomainNode.integer(model.attr("vram", "65536")) * 1024)
                        .put("vram64_size_mb", (long) DomainNode.integer(model.attr("vram64", "0")) / 1024)
                        .put("vgamem_mb", DomainNode.integer(model.attr("vgamem", "16384")) / 1024);
                default -> p = Props.of("driver", primary ? "virtio-vga" : "virtio-gpu-pci").put("id", "video" + i)
                        .put("max_outputs", heads);
            }
            if (heads != 1 && (v.model().equals("vga") || v.model().equals("cirrus"))) {
                throw DomainNode.unsupported("more than one head on video model '" + v.model() + "'");
            }
            device(p.putAddress(addresses.get(v)));
        }
    }

    private void emitSounds() {
        for (int i = 0; i < sounds.size(); i++) {
            Sound s = sounds.get(i);
            String id = "sound" + i;
            switch (s.model()) {
                case "ac97" -> device(Props.of("driver", "AC97").put("id", id).put("audiodev", "audio1").putAddress(addresses.get(s)));
                default -> {
                    device(Props.of("driver", s.model().equals("ich9") ? "ich9-intel-hda" : "intel-hda").put("id", id)
                            .putAddress(addresses.get(s)));
                    device(Props.of("driver", "hda-duplex").put("id", id + "-codec0").put("bus", id + ".0").put("cad", 0)
                            .put("audiodev", "audio1"));
                }
            }
        }
    }

    private void emitWatchdogs() {
        if (watchdogs.isEmpty()) {
            return;
        }
        boolean itco = false;
        for (int i = 0; i < watchdogs.size(); i++) {
            Watchdog w = watchdogs.get(i);
            switch (w.model()) {
                case "itco" -> itco = true;
                case "ib700" -> device(Props.of("driver", "ib700").put("id", "watchdog" + i));
                default -> device(Props.of("driver", "i6300esb").put("id", "watchdog" + i).putAddress(addresses.get(w)));
            }
        }
        if (itco) {
            argv.add("-global");
            argv.add("ICH9-LPC.noreboot=off");
        }
        argv.add("-watchdog-action");
        argv.add(watchdogs.get(watchdogs.size() - 1).action());
    }

    /** libvirt writes the panic devices after {@code -sandbox}, apart from the other devices. */
    void emitPanics() {
        for (Panic p : panics) {
            if (p.pci()) {
                device(Props.of("driver", "pvpanic-pci").putAddress(addresses.get(p)));
            } else {
                Props props = Props.of("driver", "pvpanic");
                if (p.ioport() != null) {
                    props.put("ioport", p.ioport());
                }
                device(props);
            }
        }
    }

    private void emitRngs() {
        for (int i = 0; i < rngs.size(); i++) {
            Rng r = rngs.get(i);
            Props object = Props.of("qom-type", r.backend().equals("random") ? "rng-random" : "rng-builtin").put("id", "objrng" + i);
            if (r.path() != null) {
                object.put("filename", r.path());
            }
            argv.add("-object");
            argv.add(object.json());
            device(Props.of("driver", "virtio-rng-pci").put("rng", "objrng" + i).put("id", "rng" + i).putAddress(addresses.get(r)));
        }
    }
}
