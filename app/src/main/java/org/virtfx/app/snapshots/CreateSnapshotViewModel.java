package org.virtfx.app.snapshots;

import java.util.Optional;
import java.util.Set;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlFormat;

/**
 * The "Create snapshot" dialog: a name (virt-manager proposes "snapshot1", or the first free
 * "snapshotN"), the VM's status, and a description.
 */
public final class CreateSnapshotViewModel {
    private final Set<String> taken;
    private final String status;
    private final StringProperty name = new SimpleStringProperty();
    private final StringProperty description = new SimpleStringProperty("");

    CreateSnapshotViewModel(Set<String> taken, String status) {
        this.taken = Set.copyOf(taken);
        this.status = status;
        int n = 1;
        while (taken.contains("snapshot" + n)) {
            n++;
        }
        name.set("snapshot" + n);
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty descriptionProperty() {
        return description;
    }

    /** The VM's state as the dialog shows it ("Running"). */
    public String status() {
        return status;
    }

    /** What is wrong with the form, for the line above Finish; empty when it can be created. */
    public Optional<String> problem() {
        String wanted = name.get().trim();
        if (wanted.isEmpty()) {
            return Optional.of("A snapshot name is required");
        }
        if (wanted.contains("/")) {
            return Optional.of("A snapshot name cannot contain '/'");
        }
        if (taken.contains(wanted)) {
            return Optional.of("A snapshot named '" + wanted + "' already exists");
        }
        return Optional.empty();
    }

    /** The {@code <domainsnapshot>} to hand to the driver. */
    String requestXml() {
        XmlElement root = new XmlElement("domainsnapshot");
        root.append(new XmlElement("name").setText(name.get().trim()));
        if (!description.get().isBlank()) {
            root.append(new XmlElement("description").setText(description.get()));
        }
        return XmlFormat.format(root);
    }
}
