package org.virtfx.drivers.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.virtfx.core.config.AtomicFiles;
import org.virtfx.core.config.DefinitionStore;
import org.virtfx.core.domain.DeviceScope;
import org.virtfx.core.domain.DomainDefinition;
import org.virtfx.core.domain.DomainXml;
import org.virtfx.core.driver.DomainJobs;
import org.virtfx.core.driver.DomainObject;
import org.virtfx.core.driver.DomainObjectList;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.event.DomainEvent;
import org.virtfx.core.event.DomainEvent.Type;
import org.virtfx.core.net.MacAddress;
import org.virtfx.core.task.Rollback;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlFormat;
import org.virtfx.core.xml.XmlParser;
import org.virtfx.drivers.qemu.argv.HotplugAddress;
import org.virtfx.drivers.qemu.argv.HotplugArgs;
import org.virtfx.drivers.qemu.argv.TapEnd;
import org.virtfx.drivers.qemu.qmp.QmpClient;
import org.virtfx.plumbing.netdev.TapDevices;

/**
 * Attaches and detaches devices, as libvirt's {@code virDomainAttachDeviceFlags} and
 * {@code virDomainDetachDeviceFlags} do for QEMU: in the running VM over QMP (virtio disks
 * with {@code blockdev-add} and {@code device_add}; network interfaces on a new tap with
 * {@code netdev_add} and {@code device_add}; removal with {@code device_del}, finished when
 * QEMU says DEVICE_DELETED), in the persistent definition, or both. Devices in the live XML
 * carry libvirt's {@code <alias>}, which is their QEMU id.
 */
final class VmHotplug {
    private static final Duration QMP_TIMEOUT = Duration.ofSeconds(30);
    /** How long a guest may take to release a device; an ACPI eject under TCG takes a second or two. */
    private static final Duration UNPLUG_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern NODE = Pattern.compile("libvirt-(\\d+)-(format|storage)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final QemuDriverConfig config;
    private final DefinitionStore store;
    private final DomainObjectList<QemuRuntime> domains;
    private final DomainJobs jobs;
    private final VmStart starter;
    private final TapDevices taps;
    private final Consumer<DomainObject<QemuRuntime>> catchUp;

    /**
     * @param taps null for a session driver
     * @param catchUp brings a domain up to date with what other processes did to it (their
     *                hot-plugs included), under its job, before a live change builds on it
     */
    VmHotplug(QemuDriverConfig config, DefinitionStore store, DomainObjectList<QemuRuntime> domains, DomainJobs jobs,
              VmStart starter, TapDevices taps, Consumer<DomainObject<QemuRuntime>> catchUp) {
        this.catchUp = catchUp;
        this.config = config;
        this.store = store;
        this.domains = domains;
        this.jobs = jobs;
        this.starter = starter;
        this.taps = taps;
    }

    void attach(UUID uuid, String deviceXml, Set<DeviceScope> scopes) {
        XmlElement device = parse(deviceXml, scopes);
        DomainObject<QemuRuntime> domain = domains.require(uuid);
        jobs.run(domain, "attach-device", () -> {
            // One MAC for both definitions, made up here as libvirt does when none is given.
            if (device.name().equals("interface") && device.child("mac").isEmpty()) {
                device.insert(0, new XmlElement("mac").setAttribute("address", MacAddress.randomLibvirt().toString()));
            }
            DomainDefinition persistent = null;
            if (scopes.contains(DeviceScope.CONFIG)) {
                requirePersistent(domain);
                requireNew(domain.config(), device);
                persistent = new DomainXml().withDevice(domain.config(), device);
                starter.validate(persistent);
            }
            if (scopes.contains(DeviceScope.LIVE)) {
                catchUp.accept(domain);
                QemuRuntime runtime = QemuDomains.requireRunning(domain);
                requireNew(domain.current(), device);
                XmlElement live = plug(domain.name(), runtime, aliased(domain.current()), device.copy());
                setLive(domain, new DomainXml().read(live, domain.name()));
            }
            return persistent == null ? null : save(domain, persistent);
        });
    }

    void detach(UUID uuid, String deviceXml, Set<DeviceScope> scopes) {
        XmlElement device = parse(deviceXml, scopes);
        DomainObject<QemuRuntime> domain = domains.require(uuid);
        jobs.run(domain, "detach-device", () -> {
            DomainDefinition persistent = null;
            if (scopes.contains(DeviceScope.CONFIG)) {
                requirePersistent(domain);
                XmlElement root = tree(domain.config());
                root.child("devices").orElseThrow().remove(find(root, device));
                persistent = new DomainXml().read(root, domain.name());
            }
            if (scopes.contains(DeviceScope.LIVE)) {
                catchUp.accept(domain);
                QemuRuntime runtime = QemuDomains.requireRunning(domain);
                XmlElement root = aliased(domain.current());
                XmlElement found = find(root, device);
                unplug(domain.name(), runtime, found);
                root.child("devices").orElseThrow().remove(found);
                setLive(domain, new DomainXml().read(root, domain.name()));
            }
            return persistent == null ? null : save(domain, persistent);
        });
    }

    private static XmlElement parse(String deviceXml, Set<DeviceScope> scopes) {
        if (scopes.isEmpty()) {
            throw VirtException.of(ErrorCode.INVALID_ARG, "choose the live domain, its persistent definition or both");
        }
        return new XmlParser().parse(deviceXml, "(device)");
    }

    private static void requirePersistent(DomainObject<QemuRuntime> domain) {
        if (!domain.isPersistent()) {
            throw VirtException.of(ErrorCode.OPERATION_INVALID, "cannot modify device on transient domain");
        }
    }

    /** libvirt refuses a second disk on a target and a second interface with a MAC. */
    private static void requireNew(DomainDefinition definition, XmlElement device) {
        XmlElement root = tree(definition);
        Optional<String> key = key(device);
        if (key.isEmpty()) {
            return;
        }
        for (XmlElement existing : root.child("devices").map(d -> d.children(device.name())).orElse(List.of())) {
            if (key(existing).equals(key)) {
                throw VirtException.of(ErrorCode.OPERATION_FAILED, device.name().equals("disk")
                        ? "target " + key.get() + " already exists" : "interface " + key.get() + " already exists");
            }
        }
    }

    /** What identifies a disk (its target) or an interface (its MAC), as libvirt matches them. */
    private static Optional<String> key(XmlElement device) {
        return switch (device.name()) {
            case "disk" -> device.child("target").flatMap(t -> t.attribute("dev"));
            case "interface" -> device.child("mac").flatMap(m -> m.attribute("address")).map(String::toLowerCase);
            default -> Optional.empty();
        };
    }

    /** The device of the definition matching {@code device}: by target or MAC, or else equal in full. */
    private static XmlElement find(XmlElement root, XmlElement device) {
        Optional<String> key = key(device);
        String wanted = XmlFormat.format(device);
        for (XmlElement existing : root.child("devices").map(d -> d.children(device.name())).orElse(List.of())) {
            if (key.isPresent() ? key(existing).equals(key) : XmlFormat.format(existing).equals(wanted)) {
                return existing;
            }
        }
        throw VirtException.of(ErrorCode.OPERATION_FAILED, key.map(k -> "no " + device.name() + " " + k + " found")
                .orElse("matching device not found"));
    }

    /** On the VM's monitor, or in a session of its own when another process holds it. */
    private XmlElement plug(String name, QemuRuntime runtime, XmlElement live, XmlElement device) {
        return runtime.process().session(qmp -> plug(qmp, name, runtime, live, device));
    }

    private XmlElement plug(QmpClient qmp, String name, QemuRuntime runtime, XmlElement live, XmlElement device) {
        Rollback undo = new Rollback();
        try {
            switch (device.name()) {
                case "disk" -> {
                    String id = "virtio-disk" + diskIndex(key(device).orElseThrow(() ->
                            VirtException.of(ErrorCode.XML_ERROR, "missing target information for device")));
                    HotplugArgs.DiskPlug disk = HotplugArgs.disk(device, "libvirt-" + (highestNode(qmp) + 1), id);
                    for (String node : disk.blockdevs()) {
                        ObjectNode arguments = object(node);
                        qmp.execute("blockdev-add", arguments, QMP_TIMEOUT);
                        undo.push(() -> qmp.execute("blockdev-del", QmpClient.arguments()
                                .put("node-name", arguments.path("node-name").asText()), QMP_TIMEOUT));
                    }
                    ObjectNode placed = onHotplugBus(qmp, live, device, object(disk.device()));
                    qmp.execute("device_add", placed, QMP_TIMEOUT);
                    placedAs(qmp, device, placed);
                }
                case "interface" -> {
                    int n = freeNicNumber(live);
                    Optional<VmStart.Nic> tapped = starter.tapped(device);
                    String type = device.attribute("type").orElse("");
                    if (tapped.isEmpty() && !type.equals("user")) {
                        throw VirtException.of(ErrorCode.OPERATION_UNSUPPORTED, "live attach of an interface of type '"
                                + type + "' is not supported");
                    }
                    TapEnd end = null;
                    if (tapped.isPresent()) {
                        // In the record before it is made, as a start's taps are: whoever stops the
                        // VM (any process, after a kill -9 here too) removes it.
                        long pid = runtime.process().pid();
                        String tap = taps.plug(Optional.empty(), tapped.get().mac(), tapped.get().bridge(),
                                made -> VmStateFile.update(config, name, pid, r -> r.withTap(made, tapped.get().mac())));
                        undo.push(() -> forgetTap(name, runtime, tap));
                        end = TapEnd.named(tap);
                        XmlElement target = device.child("target").orElseGet(() -> {
                            XmlElement t = new XmlElement("target");
                            device.append(t);
                            return t;
                        });
                        target.setAttribute("dev", tap);
                    }
                    qmp.execute("netdev_add", object(HotplugArgs.netdev("hostnet" + n, end)), QMP_TIMEOUT);
                    undo.push(() -> qmp.execute("netdev_del", QmpClient.arguments().put("id", "hostnet" + n), QMP_TIMEOUT));
                    ObjectNode placed = onHotplugBus(qmp, live, device, object(HotplugArgs.nic(device,
                            "hostnet" + n, "net" + n)));
                    qmp.execute("device_add", placed, QMP_TIMEOUT);
                    placedAs(qmp, device, placed);
                    if (end != null) {
                        runtime.addTap(end.ifname());
                    }
                }
                default -> throw VirtException.of(ErrorCode.OPERATION_UNSUPPORTED, "live attach of device '"
                        + device.name() + "' is not supported");
            }
        } catch (RuntimeException e) {
            throw undo.undoAll(e);
        }
        XmlElement devices = live.child("devices").orElseThrow();
        List<XmlElement> same = devices.children(device.name());
        if (same.isEmpty()) {
            devices.append(device);
        } else {
            devices.insert(devices.contentIndex(same.get(same.size() - 1)) + 1, device);
        }
        return live;
    }

    /**
     * On the VM's monitor, or in a session of its own when another process holds it: QEMU sends
     * DEVICE_DELETED to every monitor, so the session sees it too.
     */
    private void unplug(String name, QemuRuntime runtime, XmlElement device) {
        runtime.process().session(qmp -> {
            unplug(qmp, name, runtime, device);
            return null;
        });
    }

    private void unplug(QmpClient qmp, String name, QemuRuntime runtime, XmlElement device) {
        if (!device.name().equals("disk") && !device.name().equals("interface")) {
            throw VirtException.of(ErrorCode.OPERATION_UNSUPPORTED, "live detach of device '" + device.name()
                    + "' is not supported");
        }
        String id = device.child("alias").flatMap(a -> a.attribute("name")).orElseThrow(() ->
                VirtException.of(ErrorCode.OPERATION_UNSUPPORTED, "live detach of this " + device.name()
                        + " is not supported"));
        String formatNode = device.name().equals("disk") ? formatNode(qmp, id) : null;
        CompletableFuture<Void> deleted = runtime.deletion(id);
        qmp.execute("device_del", QmpClient.arguments().put("id", id), QMP_TIMEOUT);
        try {
            deleted.get(UNPLUG_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw VirtException.of(ErrorCode.OPERATION_TIMEOUT, "the guest did not release device '" + id + "' within "
                    + UNPLUG_TIMEOUT.toSeconds() + " s; it stays in the live definition");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw VirtException.of(ErrorCode.OPERATION_ABORTED, "interrupted while the guest released '" + id + "'");
        } catch (ExecutionException e) {
            throw new IllegalStateException("a deletion future never fails", e);
        }
        if (formatNode != null) {
            qmp.execute("blockdev-del", QmpClient.arguments().put("node-name", formatNode), QMP_TIMEOUT);
            qmp.execute("blockdev-del", QmpClient.arguments().put("node-name",
                    formatNode.replace("-format", "-storage")), QMP_TIMEOUT);
        }
        if (device.name().equals("interface")) {
            qmp.execute("netdev_del", QmpClient.arguments().put("id", "host" + id), QMP_TIMEOUT);
            device.child("target").flatMap(t -> t.attribute("dev")).filter(runtime.taps()::contains)
                    .ifPresent(tap -> forgetTap(name, runtime, tap));
        }
    }

    /** Removes a tap of the VM, then its line in the record: a kill between the two leaves a line whose stop finds no tap. */
    private void forgetTap(String name, QemuRuntime runtime, String tap) {
        taps.delete(tap);
        runtime.removeTap(tap);
        VmStateFile.update(config, name, runtime.process().pid(), r -> r.withoutTap(tap));
    }

    /**
     * The plugged device's alias, its QEMU id, and its address as placed, as libvirt's live XML
     * gives them (in place of the address its XML asked for, which is the same place): the
     * place the driver chose or was asked for, or else (a pc machine's root bus) the one QEMU
     * lists.
     */
    private static void placedAs(QmpClient qmp, XmlElement device, ObjectNode plugged) {
        String id = plugged.path("id").asText();
        device.child("address").ifPresent(device::remove);
        device.append(new XmlElement("alias").setAttribute("name", id));
        if (plugged.has("bus") && plugged.has("addr")) {
            device.append(HotplugAddress.address(plugged.path("bus").asText(), plugged.path("addr").asText()));
        } else {
            HotplugAddress.placed(qmp.execute("query-pci", QMP_TIMEOUT), id).ifPresent(device::append);
        }
    }

    /** The format node under a disk device, from QEMU's block list. */
    private static String formatNode(QmpClient qmp, String id) {
        for (JsonNode block : qmp.execute("query-block", QMP_TIMEOUT)) {
            if (block.path("qdev").asText().startsWith("/machine/peripheral/" + id + "/")) {
                return block.path("inserted").path("node-name").asText();
            }
        }
        throw VirtException.of(ErrorCode.INTERNAL_ERROR, "QEMU lists no block node for device '" + id + "'");
    }

    /** The highest N of the {@code libvirt-N-} nodes QEMU has: the next disk takes N + 1. */
    private static int highestNode(QmpClient qmp) {
        int highest = 0;
        for (JsonNode node : qmp.execute("query-named-block-nodes", QMP_TIMEOUT)) {
            Matcher m = NODE.matcher(node.path("node-name").asText());
            if (m.matches()) {
                highest = Math.max(highest, Integer.parseInt(m.group(1)));
            }
        }
        return highest;
    }

    /** The lowest n with no {@code net<n>} among the live interfaces. */
    private static int freeNicNumber(XmlElement live) {
        Set<String> used = new HashSet<>();
        live.child("devices").map(d -> d.children("interface")).orElse(List.of())
                .forEach(nic -> nic.child("alias").flatMap(a -> a.attribute("name")).ifPresent(used::add));
        int n = 0;
        while (used.contains("net" + n)) {
            n++;
        }
        return n;
    }

    /**
     * The live definition with every virtio disk and interface carrying its QEMU id as
     * {@code <alias>}. A VM as started has none yet: its ids are the ones the command line gave,
     * by target and by position ({@code virtio-disk1}, {@code net0}).
     */
    private static XmlElement aliased(DomainDefinition live) {
        XmlElement root = tree(live);
        XmlElement devices = root.child("devices").orElseGet(() -> {
            XmlElement created = new XmlElement("devices");
            root.append(created);
            return created;
        });
        List<XmlElement> nics = devices.children("interface");
        for (int i = 0; i < nics.size(); i++) {
            alias(nics.get(i), "net" + i);
        }
        for (XmlElement disk : devices.children("disk")) {
            Optional<String> dev = key(disk);
            if (dev.isPresent() && disk.child("target").flatMap(t -> t.attribute("bus")).orElse("").equals("virtio")) {
                alias(disk, "virtio-disk" + diskIndex(dev.get()));
            }
        }
        return root;
    }

    /** Gives the device its start-time alias, unless an earlier change gave it one. */
    private static void alias(XmlElement device, String name) {
        if (device.child("alias").isEmpty()) {
            device.append(new XmlElement("alias").setAttribute("name", name));
        }
    }

    /** libvirt's disk index: vda is 0, vdz 25, vdaa 26. */
    static int diskIndex(String dev) {
        String letters = dev.replaceFirst("^(vd|sd|hd|xvd)", "");
        if (!letters.matches("[a-z]+")) {
            throw VirtException.of(ErrorCode.XML_ERROR, "unknown disk target " + dev);
        }
        int index = 0;
        for (char c : letters.toCharArray()) {
            index = index * 26 + (c - 'a' + 1);
        }
        return index - 1;
    }

    /** The live XML on disk, which other processes load on their next look, and here. */
    private void setLive(DomainObject<QemuRuntime> domain, DomainDefinition live) {
        Path file = VmStop.liveXml(config, domain.name());
        AtomicFiles.write(file, new DomainXml().liveXml(live, domain.id()));
        FileStamp.of(file).ifPresent(domain.runtime()::liveChanged);
        domain.setLive(live);
    }

    private DomainEvent save(DomainObject<QemuRuntime> domain, DomainDefinition persistent) {
        domains.define(persistent, stored -> store.save(stored.name(), stored.xml()));
        return new DomainEvent(domain.summary(), Type.DEFINED, "updated");
    }

    private static XmlElement tree(DomainDefinition definition) {
        return new XmlParser().parse(definition.xml(), definition.name());
    }

    /**
     * {@code device} with the bus it goes on. An {@code <address>} in its XML is honoured, after
     * libvirt's checks ({@link HotplugAddress}). Else, q35's root bus takes no hot-plugged
     * device, so there it goes behind the root or downstream port of lowest index with nothing
     * on it yet, as libvirt plugs it, the XML's own ports and the ones libvirt adds alike, but
     * never one the XML says takes no hot-plug; a pc machine's root bus takes it where QEMU
     * finds a free slot.
     */
    private static ObjectNode onHotplugBus(QmpClient qmp, XmlElement live, XmlElement xml, ObjectNode device) {
        HotplugAddress buses = new HotplugAddress(qmp.execute("query-pci", QMP_TIMEOUT), live);
        Optional<HotplugAddress.Placement> asked = buses.of(xml);
        if (asked.isPresent()) {
            return device.put("bus", asked.get().bus()).put("addr", asked.get().addr());
        }
        if (!buses.q35()) {
            return device;
        }
        return device.put("bus", buses.lowestFreePort().orElseThrow(() -> VirtException.of(ErrorCode.OPERATION_FAILED,
                "no free PCI Express root port to plug the device into: a q35 machine takes hot-plugged devices only"
                        + " behind pcie-root-ports"))).put("addr", "0x0");
    }

    private static ObjectNode object(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("the argument builders write JSON objects", e);
        }
    }
}
