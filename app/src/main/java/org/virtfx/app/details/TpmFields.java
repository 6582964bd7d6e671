package org.virtfx.app.details;

import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;
import org.virtfx.core.xml.XmlElement;

/**
 * The fields of a TPM, for the TPM page and Add Hardware alike: its model, and its backend,
 * swtpm emulating a TPM of a version or the host's TPM passed through by its device path.
 */
public final class TpmFields {
    private final StringProperty model;
    private final StringProperty backend;
    private final StringProperty version;
    private final StringProperty devicePath;
    private final BooleanBinding emulated;

    public TpmFields(String model, String backend, String version, String devicePath) {
        this.model = new SimpleStringProperty(model);
        this.backend = new SimpleStringProperty(backend);
        this.version = new SimpleStringProperty(version);
        this.devicePath = new SimpleStringProperty(devicePath);
        emulated = this.backend.isEqualTo("emulator");
    }

    /** Blank for the machine's default model. */
    public StringProperty modelProperty() {
        return model;
    }

    /** "emulator" or "passthrough". */
    public StringProperty backendProperty() {
        return backend;
    }

    /** "2.0" or "1.2", for an emulated TPM; blank for the model's default. */
    public StringProperty versionProperty() {
        return version;
    }

    /** The host's TPM, such as /dev/tpm0, for a passed-through TPM. */
    public StringProperty devicePathProperty() {
        return devicePath;
    }

    /** True for an emulated TPM; the form shows the device path otherwise. */
    public BooleanBinding emulatedProperty() {
        return emulated;
    }

    ObservableValue<?>[] all() {
        return new ObservableValue<?>[] {model, backend, version, devicePath};
    }

    void load(XmlElement tpm) {
        XmlElement b = tpm.child("backend").orElse(new XmlElement("backend"));
        model.set(DeviceChoices.TPM_MODEL.read(tpm));
        backend.set(b.attribute("type").orElse(""));
        version.set(b.attribute("version").orElse(""));
        devicePath.set(b.child("device").flatMap(d -> d.attribute("path")).orElse(""));
    }

    /** A new {@code <tpm>} from the fields. */
    public XmlElement element() {
        XmlElement tpm = new XmlElement("tpm");
        DeviceChoices.TPM_MODEL.write(tpm, model.get());
        return tpm.append(newBackend());
    }

    /**
     * Writes the fields into {@code tpm}. A backend of the same type is edited in place, keeping
     * its encryption secret and PCR banks; another type is a new backend.
     */
    void applyTo(XmlElement tpm) {
        DeviceChoices.TPM_MODEL.write(tpm, model.get());
        XmlElement existing = tpm.child("backend").orElseThrow();
        String type = backend.get() == null ? "" : backend.get().strip();
        if (!existing.attribute("type").orElse("").equals(type)) {
            tpm.replace(existing, newBackend());
        } else if (type.equals("emulator")) {
            setVersion(existing);
        } else if (type.equals("passthrough")) {
            setDevicePath(existing);
        }
    }

    private XmlElement newBackend() {
        String type = FieldValues.oneOf("Backend", backend.get(), DeviceChoices.TPM_BACKENDS);
        XmlElement b = new XmlElement("backend").setAttribute("type", type);
        if (type.equals("emulator")) {
            setVersion(b);
        } else {
            setDevicePath(b);
        }
        return b;
    }

    private void setVersion(XmlElement b) {
        if (version.get() == null || version.get().isBlank()) {
            b.removeAttribute("version");
        } else {
            b.setAttribute("version", FieldValues.oneOf("Version", version.get(), DeviceChoices.TPM_VERSIONS));
        }
    }

    private void setDevicePath(XmlElement b) {
        String path = FieldValues.absolutePath("Device path", devicePath.get());
        b.child("device").orElseGet(() -> {
            XmlElement created = new XmlElement("device");
            b.insert(0, created);
            return created;
        }).setAttribute("path", path);
    }
}
