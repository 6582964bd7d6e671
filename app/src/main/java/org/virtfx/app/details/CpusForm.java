package org.virtfx.app.details;

import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Spinner;
import javafx.scene.layout.VBox;

/** The CPUs page's form, laid out as virt-manager's: CPUs, Configuration, Topology. */
final class CpusForm {
    /** libvirt's highest vCPU count for any driver (the QEMU driver's limit with q35). */
    private static final int MAX_VCPUS = 4096;

    private CpusForm() {
    }

    static Node build(CpusPage p) {
        Spinner<Integer> vcpus = PageForms.spinner("cpus-vcpus", 1, MAX_VCPUS, 1, p.vcpusProperty());
        Spinner<Integer> maximum = PageForms.spinner("cpus-max-vcpus", 1, MAX_VCPUS, 1, p.maxVcpusProperty());
        // With a manual topology the maximum is sockets × cores × threads.
        maximum.disableProperty().bind(p.manualTopologyProperty());
        FormGrid counts = new FormGrid().heading("CPUs")
                .shown("Logical host CPUs:", p.hostCpusProperty().asString())
                .add("vCPU allocation:", vcpus).add("Maximum allocation:", maximum).note(p.warningProperty());

        ComboBox<String> model = new ComboBox<>();
        model.setId("cpus-model");
        model.setEditable(true);
        model.getItems().setAll(p.modelsProperty().get());
        p.modelsProperty().addListener((o, was, now) -> model.getItems().setAll(now));
        model.valueProperty().bindBidirectional(p.modelProperty());
        CheckBox copy = new CheckBox();
        copy.setId("cpus-copy-host");
        copy.selectedProperty().bindBidirectional(p.copyHostProperty());
        copy.textProperty().bind(p.copyHostLabelProperty());
        FormGrid configuration = new FormGrid().heading("Configuration").add("Model:", model);
        // Copying the host's CPU replaces the model, as virt-manager hides its row.
        configuration.shownWhen(p.copyHostProperty().not());
        configuration.add("", copy);

        CheckBox manual = new CheckBox("Manually set CPU topology");
        manual.setId("cpus-topology-manual");
        manual.selectedProperty().bindBidirectional(p.manualTopologyProperty());
        FormGrid topology = new FormGrid().heading("Topology").add("", manual)
                .add("Sockets:", PageForms.spinner("cpus-sockets", 1, MAX_VCPUS, 1, p.socketsProperty()))
                .enabledWhen(p.manualTopologyProperty())
                .add("Cores:", PageForms.spinner("cpus-cores", 1, MAX_VCPUS, 1, p.coresProperty()))
                .enabledWhen(p.manualTopologyProperty())
                .add("Threads:", PageForms.spinner("cpus-threads", 1, MAX_VCPUS, 1, p.threadsProperty()))
                .enabledWhen(p.manualTopologyProperty());
        return new VBox(counts.node(), configuration.node(), topology.node());
    }
}
