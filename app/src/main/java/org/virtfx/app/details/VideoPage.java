package org.virtfx.app.details;

import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.xml.XmlElement;

/**
 * A video device: its model and, for virtio, 3D acceleration; heads and video RAM are shown.
 * A new model drops the old one's sizes, as virt-manager does, so libvirt fills in the new
 * model's defaults instead of keeping sizes (qxl's ram, vgamem) the new model does not take.
 */
public final class VideoPage extends DetailsPage {
    private static final List<String> SIZES = List.of("ram", "vram", "vram64", "vgamem", "heads");

    private final StringProperty model = new SimpleStringProperty("");
    private final BooleanProperty accel3d = new SimpleBooleanProperty();
    private final ReadOnlyStringWrapper heads = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper ram = new ReadOnlyStringWrapper("");
    private final BooleanBinding accel3dAvailable = Bindings.createBooleanBinding(
            () -> "virtio".equals(model.get()), model);

    public VideoPage() {
        track(model, accel3d);
    }

    public StringProperty modelProperty() {
        return model;
    }

    public BooleanProperty accel3dProperty() {
        return accel3d;
    }

    /** Only virtio video renders 3D (virgl) in QEMU. */
    public BooleanBinding accel3dAvailableProperty() {
        return accel3dAvailable;
    }

    public ReadOnlyStringProperty headsProperty() {
        return heads.getReadOnlyProperty();
    }

    /** "16384 KiB", or "" when the hypervisor picks. */
    public ReadOnlyStringProperty ramProperty() {
        return ram.getReadOnlyProperty();
    }

    @Override
    protected void fill(DomainDocument document, DomainSummary summary, HardwareItem item) {
        XmlElement m = document.device(item.element(), item.index()).child("model").orElse(new XmlElement("model"));
        model.set(m.attribute("type").orElse(""));
        accel3d.set(m.child("acceleration").flatMap(a -> a.attribute("accel3d")).orElse("no").equals("yes"));
        heads.set(m.attribute("heads").orElse(""));
        ram.set(m.attribute("vram").map(v -> v + " KiB").orElse(""));
    }

    @Override
    public String applyTo(DomainDocument document) {
        String type = FieldValues.oneOf("Model", model.get(), DeviceChoices.VIDEO_MODELS);
        return document.editedDevice(item().element(), item().index(), video -> {
            XmlElement m = video.child("model").orElseGet(() -> {
                XmlElement created = new XmlElement("model");
                XmlPlacement.afterLast(video, created, "driver");
                return created;
            });
            if (!m.attribute("type").orElse("").equals(type)) {
                SIZES.forEach(m::removeAttribute);
            }
            m.setAttribute("type", type);
            setAccel3d(m, type.equals("virtio") && accel3d.get());
        });
    }

    private static void setAccel3d(XmlElement model, boolean on) {
        if (on) {
            model.child("acceleration").orElseGet(() -> {
                XmlElement created = new XmlElement("acceleration");
                model.insert(0, created);
                return created;
            }).setAttribute("accel3d", "yes");
            return;
        }
        model.child("acceleration").ifPresent(a -> {
            a.removeAttribute("accel3d");
            if (a.attributes().isEmpty() && a.children().isEmpty()) {
                model.remove(a);
            }
            if (model.children().isEmpty() && model.text().isEmpty()) {
                // The indentation around the removed element would otherwise keep <model> open.
                model.clearContent();
            }
        });
    }
}
