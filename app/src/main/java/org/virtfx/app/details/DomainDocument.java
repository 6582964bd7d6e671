package org.virtfx.app.details;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlFormat;
import org.virtfx.core.xml.XmlParser;

/**
 * A domain's XML as the VM window reads and edits it. Every edit returns new XML in which only
 * the edited element changed: the rest of the tree, elements VirtFX does not know included,
 * is carried over as it was.
 */
public final class DomainDocument {
    private static final XmlParser PARSER = new XmlParser();

    private final XmlElement root;

    public DomainDocument(String xml) {
        root = PARSER.parse(xml, "(domain)");
        if (!root.name().equals("domain")) {
            throw VirtException.of(ErrorCode.XML_ERROR, "expecting a <domain> element, not <" + root.name() + ">");
        }
    }

    public String xml() {
        return XmlFormat.format(root);
    }

    public String name() {
        return root.childText("name").orElse("");
    }

    public String title() {
        return root.childText("title").orElse("");
    }

    public String description() {
        return root.childText("description").orElse("");
    }

    public String hypervisorType() {
        return root.attribute("type").orElse("");
    }

    public String osType() {
        return os().flatMap(os -> os.childText("type")).orElse("");
    }

    public String architecture() {
        return os().flatMap(os -> os.child("type")).flatMap(t -> t.attribute("arch")).orElse("");
    }

    /** Containers boot an init program ({@code <os><type>exe</type>}), not a kernel or firmware. */
    public boolean isContainer() {
        return osType().equals("exe");
    }

    /** The guest OS's libosinfo id from the metadata, as virt-manager records it. */
    public Optional<String> osinfoId() {
        return OsMetadata.read(root);
    }

    public Optional<XmlElement> os() {
        return root.child("os");
    }

    /** A copy of the {@code <cpu>} element: model, mode and topology. */
    public Optional<XmlElement> cpu() {
        return root.child("cpu").map(XmlElement::copy);
    }

    /** The list the VM window shows: fixed pages, then every device in document order. */
    public List<HardwareItem> hardware() {
        List<HardwareItem> items = new ArrayList<>();
        items.add(new HardwareItem(HardwareKind.OVERVIEW, "", 0, "Overview"));
        if (!isContainer()) {
            // Containers run the host's kernel: there is no guest OS to describe.
            items.add(new HardwareItem(HardwareKind.OS_INFO, "", 0, "OS information"));
        }
        items.add(new HardwareItem(HardwareKind.PERFORMANCE, "", 0, "Performance"));
        items.add(new HardwareItem(HardwareKind.CPUS, "", 0, "CPUs"));
        items.add(new HardwareItem(HardwareKind.MEMORY, "", 0, "Memory"));
        items.add(new HardwareItem(HardwareKind.BOOT, "", 0, isContainer() ? "Init" : "Boot Options"));
        Map<String, Integer> seen = new HashMap<>();
        for (XmlElement device : devices()) {
            int index = seen.merge(device.name(), 1, Integer::sum) - 1;
            items.add(new HardwareItem(HardwareKind.ofElement(device.name()), device.name(), index,
                    DeviceLabels.label(device, index)));
        }
        return items;
    }

    /** The {@code index}-th device element of that name. */
    public XmlElement device(String element, int index) {
        List<XmlElement> all = root.child("devices").map(d -> d.children(element)).orElse(List.of());
        if (index < 0 || index >= all.size()) {
            throw VirtException.of(ErrorCode.INVALID_ARG, "domain '" + name() + "' has no <" + element + "> #" + index);
        }
        return all.get(index);
    }

    /** Copies of every device element of that name, in document order. */
    public List<XmlElement> devices(String element) {
        return root.child("devices").map(d -> d.children(element)).orElse(List.of()).stream()
                .map(XmlElement::copy).toList();
    }

    public String deviceXml(String element, int index) {
        return XmlFormat.format(device(element, index));
    }

    /** The XML with {@code deviceXml} added after the last device of its kind (or last of all). */
    public String withDevice(String deviceXml) {
        XmlElement device = PARSER.parse(deviceXml, "(device)");
        return edited(copy -> {
            XmlElement devices = copy.child("devices").orElseGet(() -> {
                XmlElement created = new XmlElement("devices");
                copy.append(created);
                return created;
            });
            List<XmlElement> same = devices.children(device.name());
            if (same.isEmpty()) {
                devices.append(device);
            } else {
                devices.insert(devices.contentIndex(same.get(same.size() - 1)) + 1, device);
            }
        });
    }

    public String withoutDevice(String element, int index) {
        device(element, index);
        return edited(copy -> {
            XmlElement devices = copy.child("devices").orElseThrow();
            devices.remove(devices.children(element).get(index));
        });
    }

    /** The XML with one device replaced in place; the replacement may be of another kind. */
    public String withDeviceReplaced(String element, int index, String deviceXml) {
        device(element, index);
        XmlElement replacement = PARSER.parse(deviceXml, "(device)");
        return edited(copy -> {
            XmlElement devices = copy.child("devices").orElseThrow();
            devices.replace(devices.children(element).get(index), replacement);
        });
    }

    /** Title and description; an empty text removes the element, as virsh desc does. */
    public String withTitleAndDescription(String title, String description) {
        return edited(copy -> {
            setOrRemove(copy, "title", "name", title);
            setOrRemove(copy, "description", copy.child("title").isPresent() ? "title" : "name", description);
        });
    }

    /** The XML with {@code change} applied to a copy of one device element, in place. */
    public String editedDevice(String element, int index, Consumer<XmlElement> change) {
        device(element, index);
        return edited(copy -> change.accept(copy.child("devices").orElseThrow().children(element).get(index)));
    }

    /** The XML with {@code change} applied to a copy of the tree. */
    public String edited(Consumer<XmlElement> change) {
        XmlElement copy = root.copy();
        change.accept(copy);
        return XmlFormat.format(copy);
    }

    private static void setOrRemove(XmlElement root, String element, String previous, String text) {
        if (text.isBlank()) {
            root.child(element).ifPresent(root::remove);
        } else {
            // libvirt keeps <title> and <description> right after <uuid>/<name>.
            root.setChildText(element, root.child("uuid").isPresent() && previous.equals("name") ? "uuid" : previous,
                    text.strip());
        }
    }

    private List<XmlElement> devices() {
        return root.child("devices").map(XmlElement::children).orElse(List.of());
    }
}
