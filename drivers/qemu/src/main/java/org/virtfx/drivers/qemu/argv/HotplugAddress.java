package org.virtfx.drivers.qemu.argv;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.xml.XmlElement;

/**
 * The PCI address a hot-plugged device's XML asks for, checked as libvirt's
 * {@code virDomainPCIAddressEnsureAddr} checks it, in its words: function 0 only, a bus that
 * exists and takes hot-plugged devices (not q35's pcie.0, not a root port with
 * {@code hotplug='off'}, not a dmi-to-pci-bridge, not a switch's upstream port), a slot that
 * bus has (1-31 on the root bus, a pci-bridge and a pcie-to-pci-bridge, 0 on a root or
 * downstream port), and a slot not in use. What is
 * in use is what the live XML places (another process's plugs included) and what QEMU lists
 * ({@code query-pci}); the buses are the root bus and each PCI controller of either
 * ({@code pci.N}, N its index).
 */
public final class HotplugAddress {
    private static final int ROOT_MIN_SLOT = 1;
    private static final int ROOT_MAX_SLOT = 31;

    private final boolean q35;
    /** The functions in use per bus index, as slot * 8 + function. */
    private final Map<Integer, Set<Integer>> used = new HashMap<>();
    private final Set<Integer> noHotplug = new HashSet<>();
    /** The switches' upstream ports, whose slots take downstream ports only. */
    private final Set<Integer> upstream = new HashSet<>();
    /** The pci-bridges and pcie-to-pci-bridges, with slots 1-31 as the root bus has. */
    private final Set<Integer> bridges = new HashSet<>();
    private int busCount = 1;

    /**
     * @param queryPci QEMU's {@code query-pci} answer
     * @param live the running VM's live XML root (its machine type and its controllers' {@code hotplug} switches)
     */
    public HotplugAddress(JsonNode queryPci, XmlElement live) {
        this.q35 = live.child("os").flatMap(os -> os.child("type")).flatMap(t -> t.attribute("machine"))
                .orElse("").contains("q35");
        used.put(0, new HashSet<>());
        for (JsonNode bus : queryPci) {
            collect(0, bus.path("devices"));
        }
        live.child("devices").ifPresent(devices -> {
            for (XmlElement c : devices.children("controller")) {
                if (c.attribute("type").filter("pci"::equals).isEmpty()) {
                    continue;
                }
                int index = DomainNode.integer(c.attribute("index").orElse("0"));
                used.putIfAbsent(index, new HashSet<>());
                busCount = Math.max(busCount, index + 1);
                if (c.child("target").flatMap(t -> t.attribute("hotplug")).filter("off"::equals).isPresent()) {
                    noHotplug.add(index);
                }
                if (c.attribute("model").filter("pcie-switch-upstream-port"::equals).isPresent()) {
                    upstream.add(index);
                }
                String model = c.attribute("model").orElse("");
                if (model.equals("pci-bridge") || model.equals("pcie-to-pci-bridge")) {
                    bridges.add(index);
                }
                if (model.equals("dmi-to-pci-bridge")) {
                    // Its slots take no hot-plug: libvirt puts only pci-bridges there.
                    noHotplug.add(index);
                }
            }
            // The places the live XML gives: QEMU lists a device behind a bridge only once the
            // guest's firmware has numbered the bridge's bus, which a guest that just started
            // may not have done.
            for (XmlElement device : devices.children()) {
                device.child("address").filter(a -> a.attribute("type").filter("pci"::equals).isPresent())
                        .ifPresent(a -> used.computeIfAbsent(DomainNode.integer(a.attribute("bus").orElse("0")),
                                k -> new HashSet<>()).add(DomainNode.integer(a.attribute("slot").orElse("0")) * 8
                                + DomainNode.integer(a.attribute("function").orElse("0"))));
            }
        });
    }

    private void collect(int index, JsonNode devices) {
        for (JsonNode device : devices) {
            used.get(index).add(device.path("slot").asInt() * 8 + device.path("function").asInt());
            JsonNode bridge = device.path("pci_bridge");
            String id = device.path("qdev_id").asText("");
            if (!bridge.isMissingNode() && id.matches("pci\\.[0-9]+")) {
                int child = Integer.parseInt(id.substring(4));
                used.putIfAbsent(child, new HashSet<>());
                busCount = Math.max(busCount, child + 1);
                collect(child, bridge.path("devices"));
            }
        }
    }

    /**
     * The {@code bus} and {@code addr} of the device's {@code <address type='pci'>}, or empty
     * when its XML names none (QEMU or the caller then chooses).
     */
    public Optional<Placement> of(XmlElement device) {
        Optional<XmlElement> element = device.child("address");
        if (element.isEmpty()) {
            return Optional.empty();
        }
        XmlElement a = element.get();
        String type = a.attribute("type").orElse("");
        if (!type.equals("pci")) {
            throw DomainNode.unsupported("address type '" + type + "' for a hot-plugged <" + device.name() + ">");
        }
        int domain = DomainNode.integer(a.attribute("domain").orElse("0"));
        int index = DomainNode.integer(a.attribute("bus").orElse("0"));
        int slot = DomainNode.integer(a.attribute("slot").orElse("0"));
        int function = DomainNode.integer(a.attribute("function").orElse("0"));
        String text = String.format("%04x:%02x:%02x.%x", domain, index, slot, function);
        if (function != 0) {
            throw VirtException.of(ErrorCode.INTERNAL_ERROR, "Only PCI device addresses with function=0 are supported");
        }
        if (domain != 0) {
            throw invalid(text, "Only PCI domain 0 is available");
        }
        if (index < 0 || index >= busCount || !used.containsKey(index)) {
            throw invalid(text, "Only PCI buses up to " + (busCount - 1) + " are available");
        }
        if (index == 0 && q35 || noHotplug.contains(index)) {
            throw VirtException.of(ErrorCode.XML_ERROR, "The device at PCI address " + text + " requires hotplug"
                    + " capability, but the PCI controller with index='" + index + "' doesn't support hotplug");
        }
        if (upstream.contains(index)) {
            throw VirtException.of(ErrorCode.XML_ERROR, "The device at PCI address " + text + " cannot be plugged into"
                    + " the PCI controller with index='" + index + "'. It requires a controller that accepts a PCI"
                    + " Express device.");
        }
        boolean slotted = index == 0 || bridges.contains(index);
        int min = slotted ? ROOT_MIN_SLOT : 0;
        int max = slotted ? ROOT_MAX_SLOT : 0;
        if (slot < min) {
            throw invalid(text, "slot must be >= " + min);
        }
        if (slot > max) {
            throw invalid(text, "slot must be <= " + max);
        }
        if (used.get(index).contains(slot * 8)) {
            throw VirtException.of(ErrorCode.XML_ERROR, "Attempted double use of PCI Address " + text);
        }
        return Optional.of(new Placement(PciAddress.busName(q35, index), "0x" + Integer.toHexString(slot)));
    }

    /** Whether the machine is a q35, whose root bus takes no hot-plugged device. */
    public boolean q35() {
        return q35;
    }

    /**
     * The root or downstream port of lowest index with nothing behind it that takes hot-plug,
     * where libvirt plugs a device with no address on q35; empty when every port is taken.
     */
    public Optional<String> lowestFreePort() {
        for (int index = 1; index < busCount; index++) {
            Set<Integer> functions = used.get(index);
            if (functions != null && functions.isEmpty() && !noHotplug.contains(index) && !upstream.contains(index)
                    && !bridges.contains(index)) {
                return Optional.of(PciAddress.busName(true, index));
            }
        }
        return Optional.empty();
    }

    /** libvirt's {@code <address>} of a place given as QEMU's {@code bus} ({@code pci.N} or the root bus) and {@code addr}. */
    public static XmlElement address(String bus, String addr) {
        int index = bus.startsWith("pci.") ? Integer.parseInt(bus.substring(4)) : 0;
        return new XmlElement("address").setAttribute("type", "pci").setAttribute("domain", "0x0000")
                .setAttribute("bus", String.format("0x%02x", index))
                .setAttribute("slot", String.format("0x%02x", Integer.decode(addr))).setAttribute("function", "0x0");
    }

    /**
     * Where QEMU put the device with id {@code id}, as libvirt's live XML gives it
     * ({@code <address type='pci' .../>}); empty when QEMU lists no such PCI device.
     */
    public static Optional<XmlElement> placed(JsonNode queryPci, String id) {
        // The root bus is always listed, so this finds a device QEMU placed on a pc machine's.
        for (JsonNode bus : queryPci) {
            Optional<XmlElement> found = find(0, bus.path("devices"), id);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<XmlElement> find(int index, JsonNode devices, String id) {
        for (JsonNode device : devices) {
            if (device.path("qdev_id").asText("").equals(id)) {
                return Optional.of(new XmlElement("address").setAttribute("type", "pci").setAttribute("domain", "0x0000")
                        .setAttribute("bus", String.format("0x%02x", index))
                        .setAttribute("slot", String.format("0x%02x", device.path("slot").asInt()))
                        .setAttribute("function", "0x" + Integer.toHexString(device.path("function").asInt())));
            }
            String bridge = device.path("qdev_id").asText("");
            if (device.has("pci_bridge") && bridge.matches("pci\\.[0-9]+")) {
                Optional<XmlElement> below = find(Integer.parseInt(bridge.substring(4)),
                        device.path("pci_bridge").path("devices"), id);
                if (below.isPresent()) {
                    return below;
                }
            }
        }
        return Optional.empty();
    }

    private static VirtException invalid(String text, String why) {
        return VirtException.of(ErrorCode.XML_ERROR, "Invalid PCI address " + text + ". " + why);
    }

    /** QEMU's {@code bus} and {@code addr} properties of a device. */
    public record Placement(String bus, String addr) {
    }
}
