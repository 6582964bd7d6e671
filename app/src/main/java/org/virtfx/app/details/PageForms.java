package org.virtfx.app.details;

import javafx.beans.binding.Bindings;
import javafx.beans.property.Property;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.layout.VBox;
import org.virtfx.app.graph.RateGraph;
import org.virtfx.app.graph.UsageGraph;

/**
 * Builds the form for a page, one small method per page kind, each binding its fields to the
 * page's properties. Forms are built once per page object and reused as selection changes.
 */
final class PageForms {
    private PageForms() {
    }

    static Node form(DetailsPage page) {
        if (page instanceof OverviewPage p) {
            return overview(p);
        } else if (page instanceof OsInfoPage p) {
            return new FormGrid().heading("Operating System").shown("Name:", p.nameProperty())
                    .shown("Recorded id:", p.recordedIdProperty()).shown("Family:", p.familyProperty())
                    .note(p.eolProperty()).add("Change to:", OsChoiceView.build(p.choice(), "osinfo")).node();
        } else if (page instanceof PerformancePage p) {
            return performance(p);
        } else if (page instanceof CpusPage p) {
            return cpus(p);
        } else if (page instanceof MemoryPage p) {
            return memory(p);
        } else if (page instanceof BootPage p) {
            return boot(p);
        } else if (page instanceof DiskPage p) {
            return new FormGrid().heading("Virtual Disk").text("Source path:", "disk-source", p.sourcePathProperty())
                    .shown("Device:", p.deviceProperty()).shown("Target:", p.targetProperty())
                    .check("Read-only", "disk-readonly", p.readOnlyProperty()).node();
        } else if (page instanceof NicPage p) {
            return new FormGrid().heading("Virtual Network Interface")
                    .choice("Source type:", "nic-source-type", p.sourceTypeProperty(), "network", "bridge")
                    .text("Source:", "nic-source", p.sourceProperty())
                    .choice("Device model:", "nic-model", p.modelProperty(), "virtio", "e1000e", "rtl8139")
                    .text("MAC address:", "nic-mac", p.macProperty())
                    .check("Link state: active", "nic-link", p.linkUpProperty()).node();
        } else if (page instanceof FilesystemPage p) {
            return new FormGrid().heading("Filesystem").text("Source path:", "fs-source", p.sourceDirProperty())
                    .text("Target path:", "fs-target", p.targetDirProperty())
                    .check("Export filesystem as readonly mount", "fs-readonly", p.readOnlyProperty()).node();
        } else if (page instanceof ConsolePage p) {
            return new FormGrid().heading("Console").shown("Device type:", p.deviceTypeProperty())
                    .choice("Target type:", "console-target", p.targetTypeProperty(), "serial", "virtio", "lxc").node();
        } else if (page instanceof GraphicsPage p) {
            return new FormGrid().heading("Display").shown("Type:", p.typeProperty())
                    .text("Listen address:", "graphics-listen", p.listenProperty())
                    .check("Automatic port", "graphics-autoport", p.autoportProperty())
                    .text("Port:", "graphics-port", p.portProperty()).node();
        }
        return DeviceForms.form(page).orElseGet(() -> {
            Label label = new Label("This device has no form: use the XML tab.");
            label.setStyle("-fx-padding: 10;");
            return label;
        });
    }

    private static Node overview(OverviewPage p) {
        return new FormGrid().heading("Basic Details").text("Name:", "overview-name", p.nameProperty())
                .shown("UUID:", p.uuidProperty()).shown("Status:", p.statusProperty())
                .text("Title:", "overview-title", p.titleProperty())
                .area("Description:", "overview-description", p.descriptionProperty(), "")
                .text("Tags:", "overview-tags", p.tagsProperty())
                .heading("Hypervisor Details").shown("Hypervisor:", p.hypervisorProperty())
                .shown("Acceleration:", p.accelerationProperty()).shownWhen(p.accelerationKnownProperty())
                .shown("Architecture:", p.architectureProperty()).shownWhen(p.architectureProperty().isNotEmpty()).node();
    }

    private static Node performance(PerformancePage p) {
        Label cpu = new Label();
        cpu.textProperty().bind(Bindings.concat("CPU usage: ", p.cpuTextProperty()));
        Label memory = new Label();
        memory.textProperty().bind(Bindings.concat("Memory usage: ", p.memoryTextProperty()));
        Label disk = new Label();
        disk.textProperty().bind(Bindings.concat("Disk I/O: ", p.diskTextProperty()));
        Label network = new Label();
        network.textProperty().bind(Bindings.concat("Network I/O: ", p.networkTextProperty()));
        RateGraph diskGraph = new RateGraph(p.diskReadRate(), p.diskWriteRate(), PerformancePage.HISTORY);
        diskGraph.setId("performance-disk");
        RateGraph networkGraph = new RateGraph(p.networkRxRate(), p.networkTxRate(), PerformancePage.HISTORY);
        networkGraph.setId("performance-network");
        VBox box = new VBox(6, cpu, new UsageGraph(p.cpuPercent(), PerformancePage.HISTORY),
                memory, new UsageGraph(p.memoryPercent(), PerformancePage.HISTORY), disk, diskGraph, network, networkGraph);
        box.setStyle("-fx-padding: 10;");
        return box;
    }

    private static Node cpus(CpusPage p) {
        return CpusForm.build(p);
    }

    private static Node memory(MemoryPage p) {
        return new FormGrid().heading("Memory")
                .shown("Total host memory:", Bindings.concat(p.hostMemoryMiBProperty().asString(), " MiB"))
                .add("Current allocation (MiB):", spinner("memory-current", 1, Integer.MAX_VALUE, 64,
                        p.currentMiBProperty()))
                .add("Maximum allocation (MiB):", spinner("memory-maximum", 1, Integer.MAX_VALUE, 64,
                        p.maximumMiBProperty())).node();
    }

    /**
     * An editable spinner kept in step with a number property both ways, by listener: spinners
     * hold Integer, the pages hold int or long.
     */
    static Spinner<Integer> spinner(String id, int min, int max, int step, Property<Number> value) {
        Spinner<Integer> spinner = new Spinner<>(min, max, Math.max(min, value.getValue().intValue()), step);
        spinner.setId(id);
        spinner.setEditable(true);
        spinner.getValueFactory().valueProperty().addListener((o, was, now) -> {
            if (now != null && now.intValue() != value.getValue().intValue()) {
                value.setValue(now);
            }
        });
        value.addListener((o, was, now) -> spinner.getValueFactory().setValue(Math.max(min, now.intValue())));
        return spinner;
    }

    private static Node boot(BootPage p) {
        FormGrid grid = new FormGrid().heading("Autostart")
                .check("Start virtual machine on host boot up", "boot-autostart", p.autostartProperty());
        VBox box = new VBox(grid.node());
        FormGrid init = new FormGrid().heading("Init")
                .text("Init path:", "init-path", p.initPathProperty())
                .area("Init args:", "init-args", p.initArgsProperty(), "one argument per line")
                .area("Environment:", "init-env", p.initEnvProperty(), "NAME=value, one per line")
                .text("Working directory:", "init-dir", p.initDirProperty());
        FormGrid order = new FormGrid().heading("Boot device order")
                .text("Devices:", "boot-order", p.bootOrderProperty());
        init.node().visibleProperty().bind(p.containerProperty());
        init.node().managedProperty().bind(p.containerProperty());
        order.node().visibleProperty().bind(p.containerProperty().not());
        order.node().managedProperty().bind(p.containerProperty().not());
        box.getChildren().addAll(init.node(), order.node());
        return box;
    }
}
