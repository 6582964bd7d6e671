package org.virtfx.core.domain;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.random.RandomGenerator;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.xml.ScaledSize;
import org.virtfx.core.xml.Uuids;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlFormat;
import org.virtfx.core.xml.XmlParser;

/**
 * Reads and writes domain XML. Reading checks what every driver relies on (name, UUID, memory,
 * vCPUs, OS type) with libvirt's messages, fills in what libvirt fills in (a UUID, current
 * memory, memory in KiB, interface MAC addresses), and keeps every other element as it was.
 */
public final class DomainXml {
    /** The prefix libvirt gives the MAC addresses it makes up (QEMU/KVM's OUI). */
    private static final int[] MAC_PREFIX = {0x52, 0x54, 0x00};

    private final XmlParser parser = new XmlParser();
    private final RandomGenerator random;

    /** A reader that makes up missing MAC addresses from a secure random source. */
    public DomainXml() {
        this(new SecureRandom());
    }

    /**
     * A reader whose made-up MAC addresses come from {@code random}: each of the three bytes
     * after the prefix is the low byte of one {@code nextLong()}, as libvirt takes 8 random bits
     * per byte. Tests pass a fixed source, as libvirt's own tests do.
     */
    public DomainXml(RandomGenerator random) {
        this.random = Objects.requireNonNull(random);
    }

    /**
     * Parses a definition.
     *
     * @param source the file name or "(input)", for error messages
     */
    public DomainDefinition parse(String xml, String source) {
        XmlElement root = parser.parse(xml, source);
        return read(root, source);
    }

    /** Reads a definition from an already parsed element (a test node file's inline domain). */
    public DomainDefinition read(XmlElement root, String source) {
        Uuids.requireRoot(root, "domain", source);
        root.removeAttribute("id");
        String type = root.attribute("type").orElseThrow(() -> VirtException.of(ErrorCode.XML_ERROR,
                source + ": missing domain type attribute"));
        String name = Uuids.requireName(root, source);
        UUID uuid = Uuids.readOrAssign(root, source);
        // libvirt refuses a zero size as it refuses a missing one (virDomainDefPostParseMemory).
        long memory = memoryKiB(root, "memory", source).filter(kib -> kib > 0).orElseThrow(() ->
                VirtException.of(ErrorCode.XML_ERROR,
                        "Memory size must be specified via <memory> or in the <numa> configuration"));
        long current = memoryKiB(root, "currentMemory", source).orElse(memory);
        if (current > memory) {
            current = memory;
        }
        root.setChildText("memory", "uuid", Long.toString(memory));
        root.child("memory").orElseThrow().setAttribute("unit", "KiB");
        root.setChildText("currentMemory", "memory", Long.toString(current));
        root.child("currentMemory").orElseThrow().setAttribute("unit", "KiB");

        XmlElement vcpu = root.child("vcpu").orElse(null);
        int maxVcpus = 1;
        int vcpus = 1;
        if (vcpu != null) {
            maxVcpus = positive(vcpu.text(), "maximum vcpus count must be an integer");
            vcpus = vcpu.attribute("current").map(c -> positive(c, "current vcpus count must be an integer"))
                    .orElse(maxVcpus);
            if (vcpus > maxVcpus) {
                throw VirtException.of(ErrorCode.XML_ERROR, "maxvcpus must not be less than current vcpus ("
                        + maxVcpus + " < " + vcpus + ")");
            }
        } else {
            vcpu = new XmlElement("vcpu").setText("1");
            root.insertAfter("currentMemory", vcpu);
        }
        if (vcpu.attribute("placement").isEmpty()) {
            XmlElement placed = new XmlElement("vcpu").setAttribute("placement", "static");
            vcpu.attributes().forEach(placed::setAttribute);
            placed.setText(vcpu.text());
            root.insertAfter("vcpu", placed);
            root.remove(vcpu);
        }
        DomainDefaults.apply(root, source);
        CpuTune.apply(root, maxVcpus, source);
        root.child("devices").ifPresent(devices -> macAddresses(devices, source));
        String osType = root.child("os").flatMap(os -> os.childText("type")).filter(s -> !s.isEmpty())
                .orElseThrow(() -> VirtException.of(ErrorCode.XML_ERROR, "an os <type> must be specified"));
        return new DomainDefinition(type, name, uuid, root.childText("title").orElse(""),
                root.childText("description").orElse(""), memory, current, vcpus, maxVcpus, osType,
                XmlFormat.format(root));
    }

    /** The XML of a running domain: the definition with its {@code id} after {@code type}. */
    public String liveXml(DomainDefinition definition, int id) {
        XmlElement root = parser.parse(definition.xml(), definition.name());
        root.setAttributeAfter("type", "id", Integer.toString(id));
        return XmlFormat.format(root);
    }

    /**
     * The definition with a new memory size: {@code <memory>} and {@code <currentMemory>} both
     * become the size, as {@code virsh setmaxmem} followed by {@code setmem} would leave them.
     */
    public DomainDefinition withMemory(DomainDefinition definition, long kib) {
        if (kib <= 0) {
            throw VirtException.of(ErrorCode.INVALID_ARG, "memory size must be positive, not " + kib + " KiB");
        }
        XmlElement root = tree(definition);
        root.setChildText("memory", "uuid", Long.toString(kib));
        root.setChildText("currentMemory", "memory", Long.toString(kib));
        return read(root, definition.name());
    }

    /** The definition with a new vCPU count, current and maximum alike. */
    public DomainDefinition withVcpus(DomainDefinition definition, int vcpus) {
        if (vcpus <= 0) {
            throw VirtException.of(ErrorCode.INVALID_ARG, "vcpu count must be positive, not " + vcpus);
        }
        XmlElement root = tree(definition);
        XmlElement vcpu = root.child("vcpu").orElseThrow();
        vcpu.removeAttribute("current");
        vcpu.setText(Integer.toString(vcpus));
        return read(root, definition.name());
    }

    /** The definition under a new name; libvirt refuses a '/' in names, and so does this. */
    public DomainDefinition renamed(DomainDefinition definition, String name) {
        XmlElement root = tree(definition);
        root.setChildText("name", "", name);
        return read(root, definition.name());
    }

    /** The definition with one more {@code <interface>}, after the last one (or last in devices). */
    public DomainDefinition withInterface(DomainDefinition definition, String interfaceXml) {
        XmlElement nic = parser.parse(interfaceXml, "(interface)");
        if (!nic.name().equals("interface")) {
            throw VirtException.of(ErrorCode.XML_ERROR, "expecting an <interface> element, not <" + nic.name() + ">");
        }
        return withDevice(definition, nic);
    }

    /**
     * The definition with one more device, after the last device of its kind (or last in
     * devices); a new interface without a MAC address gets one, as in {@link #read}.
     */
    public DomainDefinition withDevice(DomainDefinition definition, XmlElement device) {
        XmlElement root = tree(definition);
        XmlElement devices = root.child("devices").orElseGet(() -> {
            XmlElement created = new XmlElement("devices");
            root.append(created);
            return created;
        });
        List<XmlElement> same = devices.children(device.name());
        if (same.isEmpty()) {
            devices.append(device.copy());
        } else {
            devices.insert(devices.contentIndex(same.get(same.size() - 1)) + 1, device.copy());
        }
        return read(root, definition.name());
    }

    /** The definition without its {@code index}-th {@code <interface>} (counting from 0). */
    public DomainDefinition withoutInterface(DomainDefinition definition, int index) {
        return withoutDevice(definition, "interface", index);
    }

    /** The definition without its {@code index}-th device named {@code element} (counting from 0). */
    public DomainDefinition withoutDevice(DomainDefinition definition, String element, int index) {
        XmlElement root = tree(definition);
        List<XmlElement> same = root.child("devices").map(d -> d.children(element)).orElse(List.of());
        if (index < 0 || index >= same.size()) {
            throw VirtException.of(ErrorCode.INVALID_ARG, "domain '" + definition.name() + "' has no " + element
                    + " #" + index);
        }
        root.child("devices").orElseThrow().remove(same.get(index));
        return read(root, definition.name());
    }

    /**
     * The definition with the disk whose target is {@code targetDev} reading another file or
     * device: only the source's path attribute changes, its other attributes and children stay.
     */
    public DomainDefinition withDiskSource(DomainDefinition definition, String targetDev, String path) {
        XmlElement root = tree(definition);
        XmlElement disk = root.child("devices").map(d -> d.children("disk")).orElse(List.of()).stream()
                .filter(d -> d.child("target").flatMap(t -> t.attribute("dev")).filter(targetDev::equals).isPresent())
                .findFirst().orElseThrow(() -> VirtException.of(ErrorCode.INVALID_ARG, "domain '" + definition.name()
                        + "' has no disk with target " + targetDev));
        String type = disk.attribute("type").orElse("file");
        String attribute = switch (type) {
            case "block" -> "dev";
            case "dir" -> "dir";
            case "volume" -> "volume";
            default -> "file";
        };
        XmlElement source = disk.child("source").orElseGet(() -> {
            XmlElement created = new XmlElement("source");
            disk.insert(disk.child("driver").map(d -> disk.contentIndex(d) + 1).orElse(0), created);
            return created;
        });
        source.setAttribute(attribute, path);
        return read(root, definition.name());
    }

    /**
     * Every interface has a unicast MAC address: libvirt makes one up when there is none or
     * when it is all zeros (which asks for a new one), and writes each one in lower case.
     */
    private void macAddresses(XmlElement devices, String source) {
        for (XmlElement nic : devices.children("interface")) {
            XmlElement mac = nic.child("mac").orElse(null);
            Optional<String> given = mac == null ? Optional.empty() : mac.attribute("address");
            int[] bytes = given.isPresent() ? parseMac(given.get(), source, mac) : null;
            if (bytes != null && bytes[0] % 2 == 1) {
                throw DomainDefaults.invalid(source, mac, "expected unicast mac address, found multicast '"
                        + given.get() + "'");
            }
            if (bytes == null || Arrays.stream(bytes).allMatch(b -> b == 0)) {
                bytes = new int[6];
                System.arraycopy(MAC_PREFIX, 0, bytes, 0, MAC_PREFIX.length);
                for (int i = MAC_PREFIX.length; i < bytes.length; i++) {
                    bytes[i] = (int) (random.nextLong() & 0xFF);
                }
            }
            if (mac == null) {
                mac = new XmlElement("mac");
                nic.insert(0, mac);
            }
            mac.setAttribute("address", formatMac(bytes));
            mac.orderAttributes(List.of("address"));
        }
    }

    private static int[] parseMac(String text, String source, XmlElement at) {
        String[] parts = text.trim().split("[:-]", -1);
        int[] bytes = new int[6];
        boolean valid = parts.length == 6;
        for (int i = 0; valid && i < 6; i++) {
            valid = parts[i].length() >= 1 && parts[i].length() <= 2 && parts[i].chars().allMatch(
                    c -> Character.digit(c, 16) >= 0);
            bytes[i] = valid ? Integer.parseInt(parts[i], 16) : 0;
        }
        if (!valid) {
            throw DomainDefaults.invalid(source, at, "unable to parse mac address '" + text + "'");
        }
        return bytes;
    }

    private static String formatMac(int[] bytes) {
        StringBuilder sb = new StringBuilder(17);
        for (int b : bytes) {
            if (sb.length() > 0) {
                sb.append(':');
            }
            sb.append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return sb.toString();
    }

    private XmlElement tree(DomainDefinition definition) {
        return parser.parse(definition.xml(), definition.name());
    }

    private static Optional<Long> memoryKiB(XmlElement root, String element, String source) {
        return root.child(element).map(e -> ScaledSize.toKiB(e.text(), e.attribute("unit").orElse("KiB"),
                "<" + element + "> in " + source));
    }

    private static int positive(String text, String message) {
        try {
            int value = Integer.parseInt(text.trim());
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Reported below with libvirt's words.
        }
        throw VirtException.of(ErrorCode.XML_ERROR, message);
    }
}
