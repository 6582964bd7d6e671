package org.virtfx.app.details;

import java.util.List;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.xml.XmlElement;

/**
 * Autostart, and how the domain boots: for containers the init program with its arguments,
 * environment and working directory ({@code <init>}, {@code <initarg>}, {@code <initenv>},
 * {@code <initdir>}); for machines the boot device order ({@code <boot dev>}).
 */
public final class BootPage extends DetailsPage {
    private final BooleanProperty autostart = new SimpleBooleanProperty();
    private final ReadOnlyBooleanWrapper container = new ReadOnlyBooleanWrapper();
    private final StringProperty initPath = new SimpleStringProperty("");
    private final StringProperty initArgs = new SimpleStringProperty("");
    private final StringProperty initEnv = new SimpleStringProperty("");
    private final StringProperty initDir = new SimpleStringProperty("");
    private final StringProperty bootOrder = new SimpleStringProperty("");
    private boolean loadedAutostart;

    public BootPage() {
        track(autostart, initPath, initArgs, initEnv, initDir, bootOrder);
    }

    public BooleanProperty autostartProperty() {
        return autostart;
    }

    public ReadOnlyBooleanProperty containerProperty() {
        return container.getReadOnlyProperty();
    }

    public StringProperty initPathProperty() {
        return initPath;
    }

    /** One argument per line. */
    public StringProperty initArgsProperty() {
        return initArgs;
    }

    /** One NAME=value per line. */
    public StringProperty initEnvProperty() {
        return initEnv;
    }

    public StringProperty initDirProperty() {
        return initDir;
    }

    /** Boot devices in order, separated by commas: "hd, cdrom". */
    public StringProperty bootOrderProperty() {
        return bootOrder;
    }

    @Override
    protected void fill(DomainDocument document, DomainSummary summary, HardwareItem item) {
        loadedAutostart = summary.autostart();
        autostart.set(summary.autostart());
        container.set(document.isContainer());
        XmlElement os = document.os().orElse(new XmlElement("os"));
        initPath.set(os.childText("init").orElse(""));
        initArgs.set(String.join("\n", os.children("initarg").stream().map(XmlElement::text).toList()));
        initEnv.set(String.join("\n", os.children("initenv").stream()
                .map(e -> e.attribute("name").orElse("") + "=" + e.text()).toList()));
        initDir.set(os.childText("initdir").orElse(""));
        bootOrder.set(String.join(", ", os.children("boot").stream()
                .map(b -> b.attribute("dev").orElse("")).toList()));
    }

    @Override
    public String applyTo(DomainDocument document) {
        return document.edited(root -> {
            XmlElement os = root.child("os").orElseThrow();
            if (document.isContainer()) {
                rewriteInit(os);
            } else {
                os.children("boot").forEach(os::remove);
                for (String dev : lines(bootOrder.get().replace(',', '\n'))) {
                    XmlPlacement.afterLast(os, new XmlElement("boot").setAttribute("dev", dev),
                            "type", "firmware", "loader", "nvram", "kernel", "initrd", "cmdline", "dtb", "boot");
                }
            }
        });
    }

    private void rewriteInit(XmlElement os) {
        for (String name : List.of("init", "initarg", "initenv", "initdir")) {
            os.children(name).forEach(os::remove);
        }
        // libvirt's order inside <os>: type, init, initarg*, initenv*, initdir, then id maps.
        if (!initPath.get().isBlank()) {
            XmlPlacement.afterLast(os, new XmlElement("init").setText(initPath.get().strip()), "type");
        }
        for (String arg : lines(initArgs.get())) {
            XmlPlacement.afterLast(os, new XmlElement("initarg").setText(arg), "type", "init", "initarg");
        }
        for (String env : lines(initEnv.get())) {
            int eq = env.indexOf('=');
            XmlElement element = new XmlElement("initenv").setAttribute("name", eq < 0 ? env : env.substring(0, eq))
                    .setText(eq < 0 ? "" : env.substring(eq + 1));
            XmlPlacement.afterLast(os, element, "type", "init", "initarg", "initenv");
        }
        if (!initDir.get().isBlank()) {
            XmlPlacement.afterLast(os, new XmlElement("initdir").setText(initDir.get().strip()),
                    "type", "init", "initarg", "initenv");
        }
    }

    private static List<String> lines(String text) {
        return text.lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    @Override
    public Optional<String> applyOutsideXml(PersistentDefinition definition) {
        if (autostart.get() != loadedAutostart) {
            definition.setAutostart(autostart.get());
        }
        return Optional.empty();
    }
}
