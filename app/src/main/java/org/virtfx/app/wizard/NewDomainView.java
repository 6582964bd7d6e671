package org.virtfx.app.wizard;

import java.util.EnumMap;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.virtfx.app.details.OsChoiceView;
import org.virtfx.app.ui.ModalStages;

/**
 * "New VM": a banner with the step, one page per {@link WizardStep}, and Cancel / Back /
 * Forward (Finish on the last page). Each refusable field has its message label right below it.
 */
public final class NewDomainView {
    private final NewDomainViewModel viewModel;

    public NewDomainView(NewDomainViewModel viewModel) {
        this.viewModel = viewModel;
    }

    public Stage show(Window owner, String styleSheet) {
        Stage stage = new Stage();
        if (owner != null) {
            stage.initOwner(owner);
        }
        showIn(stage, styleSheet);
        return stage;
    }

    public void showIn(Stage stage, String styleSheet) {
        stage.setTitle("New VM");
        Label heading = new Label("Create a new virtual machine");
        heading.getStyleClass().add("wizard-title");
        Label stepText = new Label();
        stepText.setId("wizard-step");
        stepText.textProperty().bind(viewModel.stepTextProperty());
        VBox banner = new VBox(2, heading, stepText);
        banner.getStyleClass().add("wizard-banner");
        banner.setPadding(new Insets(10));
        stepText.getStyleClass().add("wizard-step");

        Map<WizardStep, Node> pages = new EnumMap<>(WizardStep.class);
        pages.put(WizardStep.METHOD, methodPage());
        pages.put(WizardStep.SOURCE, sourcePage());
        pages.put(WizardStep.RESOURCES, resourcesPage());
        pages.put(WizardStep.STORAGE, storagePage());
        pages.put(WizardStep.FINISH, finishPage());
        StackPane body = new StackPane();
        body.setPadding(new Insets(10));
        body.getChildren().setAll(page(pages, viewModel.stepProperty().get()));
        viewModel.stepProperty().addListener((obs, was, now) -> body.getChildren().setAll(page(pages, now)));

        Button cancel = new Button("Cancel");
        cancel.setId("wizard-cancel");
        cancel.setCancelButton(true);
        cancel.setOnAction(e -> stage.close());
        Button back = new Button("Back");
        back.setId("wizard-back");
        back.setOnAction(e -> viewModel.back());
        back.disableProperty().bind(Bindings.createBooleanBinding(() -> !viewModel.canGoBack(), viewModel.stepProperty()));
        Button forward = new Button();
        forward.setId("wizard-forward");
        forward.setDefaultButton(true);
        forward.textProperty().bind(Bindings.when(viewModel.stepProperty().isEqualTo(WizardStep.FINISH))
                .then("Finish").otherwise("Forward"));
        forward.disableProperty().bind(viewModel.busyProperty());
        forward.setOnAction(e -> {
            if (viewModel.isLastStep()) {
                viewModel.finish();
            } else {
                viewModel.next();
            }
        });
        HBox buttons = new HBox(8, spacer(), cancel, back, forward);
        buttons.setPadding(new Insets(8));
        buttons.setAlignment(Pos.CENTER_RIGHT);
        Scene scene = new Scene(new BorderPane(body, banner, null, buttons, null), 600, 520);
        scene.getStylesheets().add(styleSheet);
        stage.setScene(scene);
        stage.show();
    }

    private static Node page(Map<WizardStep, Node> pages, WizardStep step) {
        Label heading = new Label(step.heading());
        heading.setStyle("-fx-font-weight: bold;");
        VBox box = new VBox(10, heading, pages.get(step));
        return box;
    }

    private Node methodPage() {
        ComboBox<WizardConnection> connection = new ComboBox<>(viewModel.connections());
        connection.setId("wizard-connection");
        connection.valueProperty().bindBidirectional(viewModel.connectionProperty());
        VBox methods = new VBox(6);
        methods.setId("wizard-methods");
        ToggleGroup group = new ToggleGroup();
        Runnable fill = () -> {
            methods.getChildren().clear();
            group.getToggles().clear();
            for (InstallMethod method : viewModel.methods()) {
                RadioButton radio = new RadioButton(method.toString());
                radio.setId("method-" + method.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
                radio.setToggleGroup(group);
                radio.setUserData(method);
                radio.setSelected(method == viewModel.methodProperty().get());
                methods.getChildren().add(radio);
            }
        };
        fill.run();
        viewModel.methods().addListener((javafx.collections.ListChangeListener<InstallMethod>) c -> fill.run());
        // The host's capabilities arrive after the page is built, and choose the first method.
        viewModel.methodProperty().addListener((obs, was, now) -> group.getToggles().stream()
                .filter(t -> t.getUserData() == now).findFirst().ifPresent(t -> t.setSelected(true)));
        group.selectedToggleProperty().addListener((obs, was, now) -> {
            if (now != null) {
                viewModel.methodProperty().set((InstallMethod) now.getUserData());
            }
        });
        GridPane grid = grid();
        row(grid, 0, "Connection:", connection, WizardField.CONNECTION);
        VBox box = new VBox(10, grid, methods);
        return box;
    }

    private Node sourcePage() {
        GridPane app = grid();
        row(app, 0, "Application path:", text("wizard-init-path", viewModel.initPathProperty()), WizardField.INIT_PATH);
        TextArea args = new TextArea();
        args.setId("wizard-init-args");
        args.setPromptText("one argument per line");
        args.setPrefRowCount(3);
        args.textProperty().bindBidirectional(viewModel.initArgsProperty());
        row(app, 2, "Arguments:", args, null);
        GridPane os = grid();
        row(os, 0, "Existing OS directory:", text("wizard-root-dir", viewModel.rootDirProperty()), WizardField.ROOT_DIR);
        GridPane media = grid();
        row(media, 0, "ISO or CDROM path:", text("wizard-media-path", viewModel.mediaPathProperty()),
                WizardField.MEDIA_PATH);
        // virt-manager's "Browse..." offers the volumes of the connection's pools; only where it has pools.
        ComboBox<VolumeChoice> volume = new ComboBox<>(viewModel.volumes());
        volume.setId("wizard-media-volume");
        volume.setPromptText("Choose a volume");
        volume.valueProperty().addListener((obs, was, now) -> viewModel.chooseVolume(now));
        Label volumeLabel = new Label("Or a storage volume:");
        media.add(volumeLabel, 0, 2);
        media.add(volume, 1, 2);
        var pools = Bindings.createBooleanBinding(() -> viewModel.hostProperty().get() != null
                && viewModel.hostProperty().get().storagePools(), viewModel.hostProperty());
        volume.visibleProperty().bind(pools);
        volumeLabel.visibleProperty().bind(pools);
        GridPane network = grid();
        row(network, 0, "URL:", text("wizard-install-url", viewModel.installUrlProperty()), WizardField.INSTALL_URL);
        Label urlHint = new Label("The install tree: a .treeinfo at its top, or Debian's netboot installer,"
                + " such as https://deb.debian.org/debian/dists/bookworm/main/installer-amd64/");
        urlHint.setWrapText(true);
        urlHint.getStyleClass().add("hint");
        network.add(urlHint, 1, 2);
        row(network, 3, "Kernel options:", text("wizard-kernel-options", viewModel.kernelOptionsProperty()), null);
        GridPane existing = grid();
        row(existing, 0, "Existing storage path:", text("wizard-import-path", viewModel.importPathProperty()),
                WizardField.IMPORT_PATH);
        Label manual = new Label("A manual install needs no source: the machine boots from its empty disk.");
        StackPane box = new StackPane(app, os, media, network, existing, manual);
        showFor(app, InstallMethod.APPLICATION_CONTAINER);
        showFor(os, InstallMethod.OS_CONTAINER);
        showFor(media, InstallMethod.LOCAL_MEDIA);
        showFor(network, InstallMethod.NETWORK_INSTALL);
        showFor(existing, InstallMethod.IMPORT_DISK);
        showFor(manual, InstallMethod.MANUAL);
        box.setAlignment(Pos.TOP_LEFT);
        // Containers run the host's kernel: there is no guest OS to choose, as in virt-manager.
        CheckBox detect = new CheckBox("Automatically detect from the installation media / source");
        detect.setId("wizard-detect-os");
        detect.selectedProperty().bindBidirectional(viewModel.detectOsProperty());
        detect.visibleProperty().bind(viewModel.methodProperty().isEqualTo(InstallMethod.LOCAL_MEDIA)
                .or(viewModel.methodProperty().isEqualTo(InstallMethod.NETWORK_INSTALL)));
        detect.managedProperty().bind(detect.visibleProperty());
        Label detected = new Label();
        detected.setId("wizard-detect-message");
        detected.setWrapText(true);
        detected.textProperty().bind(viewModel.detectMessageProperty());
        detected.managedProperty().bind(detected.textProperty().isNotEmpty());
        Node picker = OsChoiceView.build(viewModel.os(), "wizard-os");
        picker.disableProperty().bind(viewModel.osDetectedProperty());
        VBox guestOs = new VBox(6, new Label("Choose the operating system you are installing:"), detect, detected,
                picker);
        guestOs.visibleProperty().bind(Bindings.createBooleanBinding(
                () -> viewModel.methodProperty().get() != null && !viewModel.methodProperty().get().isContainer(),
                viewModel.methodProperty()));
        guestOs.managedProperty().bind(guestOs.visibleProperty());
        return new VBox(16, box, guestOs);
    }

    private void showFor(Node node, InstallMethod method) {
        node.visibleProperty().bind(viewModel.methodProperty().isEqualTo(method));
    }

    private Node resourcesPage() {
        GridPane grid = grid();
        row(grid, 0, "Memory (MiB):", spinner("wizard-memory", viewModel.memoryMiBProperty(), 1, 1 << 24, 256),
                WizardField.MEMORY);
        grid.add(hint(viewModel.memoryHintProperty()), 1, 2);
        row(grid, 3, "CPUs:", spinner("wizard-cpus", viewModel.cpusProperty(), 1, 4096, 1), WizardField.CPUS);
        grid.add(hint(viewModel.cpusHintProperty()), 1, 5);
        return grid;
    }

    private Node storagePage() {
        CheckBox enabled = new CheckBox();
        enabled.setId("wizard-storage-enabled");
        enabled.selectedProperty().bindBidirectional(viewModel.storageEnabledProperty());
        enabled.textProperty().bind(Bindings.createStringBinding(() -> viewModel.methodProperty().get() != null
                && viewModel.methodProperty().get().isContainer() ? "Share a host directory with the container"
                : "Enable storage for this virtual machine", viewModel.methodProperty()));
        // Machines: a new image in the default pool, or a path.
        ToggleGroup kind = new ToggleGroup();
        RadioButton create = new RadioButton("Create a disk image for the virtual machine");
        create.setId("wizard-create-disk");
        RadioButton custom = new RadioButton("Select or create custom storage");
        custom.setId("wizard-custom-disk");
        create.setToggleGroup(kind);
        custom.setToggleGroup(kind);
        create.setSelected(viewModel.createDiskProperty().get());
        custom.setSelected(!create.isSelected());
        kind.selectedToggleProperty().addListener((o, was, now) -> viewModel.createDiskProperty().set(now == create));
        GridPane machine = grid();
        machine.add(create, 0, 0, 2, 1);
        row(machine, 1, "Size (GiB):", spinner("wizard-disk-size", viewModel.diskGiBProperty(), 1, 1 << 20, 1),
                WizardField.DISK_SIZE);
        machine.add(hint(viewModel.poolHintProperty()), 1, 3);
        machine.add(custom, 0, 4, 2, 1);
        row(machine, 5, "Path:", text("wizard-disk-path", viewModel.diskPathProperty()), WizardField.DISK_PATH);
        GridPane container = grid();
        row(container, 0, "Host directory:", text("wizard-share-source", viewModel.shareSourceProperty()),
                WizardField.SHARE);
        row(container, 2, "Seen in the container as:", text("wizard-share-target", viewModel.shareTargetProperty()),
                null);
        var isContainer = Bindings.createBooleanBinding(() -> viewModel.methodProperty().get() != null
                && viewModel.methodProperty().get().isContainer(), viewModel.methodProperty());
        machine.visibleProperty().bind(isContainer.not());
        container.visibleProperty().bind(isContainer);
        machine.disableProperty().bind(enabled.selectedProperty().not());
        container.disableProperty().bind(enabled.selectedProperty().not());
        StackPane which = new StackPane(machine, container);
        which.setAlignment(Pos.TOP_LEFT);
        return new VBox(10, enabled, which);
    }

    private Node finishPage() {
        GridPane grid = grid();
        row(grid, 0, "Name:", text("wizard-name", viewModel.nameProperty()), WizardField.NAME);
        GridPane summary = grid();
        summary.setId("wizard-summary");
        viewModel.stepProperty().addListener((obs, was, now) -> {
            if (now == WizardStep.FINISH) {
                summary.getChildren().clear();
                int r = 0;
                for (String[] line : viewModel.summary()) {
                    summary.addRow(r++, new Label(line[0]), new Label(line[1]));
                }
            }
        });
        CheckBox customize = new CheckBox("Customize configuration before install");
        customize.setId("wizard-customize");
        customize.selectedProperty().bindBidirectional(viewModel.customizeProperty());
        ComboBox<NetworkChoice> network = new ComboBox<>(viewModel.networks());
        network.setId("wizard-network");
        network.valueProperty().bindBidirectional(viewModel.networkProperty());
        GridPane net = grid();
        row(net, 0, "Network selection:", network, null);
        return new VBox(10, grid, summary, customize, net);
    }

    private static GridPane grid() {
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(2);
        ModalStages.labelsWhole(grid);
        return grid;
    }

    /** A labelled field with, when it can be refused, its message on the row below. */
    private void row(GridPane grid, int row, String label, Node field, WizardField error) {
        GridPane.setHgrow(field, Priority.ALWAYS);
        if (field instanceof Region region) {
            region.setMaxWidth(Double.MAX_VALUE);
        }
        grid.add(new Label(label), 0, row);
        grid.add(field, 1, row);
        if (error != null) {
            Label message = new Label();
            message.setId("error-" + error.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            message.getStyleClass().addAll("field-error", "error-text");
            message.setWrapText(true);
            message.textProperty().bind(viewModel.errorProperty(error));
            message.managedProperty().bind(message.textProperty().isNotEmpty());
            grid.add(message, 1, row + 1);
        }
    }

    private static TextField text(String id, StringProperty value) {
        TextField field = new TextField();
        field.setId(id);
        field.textProperty().bindBidirectional(value);
        return field;
    }

    private static Spinner<Integer> spinner(String id, IntegerProperty value, int min, int max, int step) {
        Spinner<Integer> spinner = new Spinner<>(min, max, Math.max(min, value.get()), step);
        spinner.setId(id);
        spinner.setEditable(true);
        // Spinners hold an Integer, the model an int: follow each other by listener.
        spinner.valueProperty().addListener((o, was, now) -> {
            if (now != null) {
                value.set(now);
            }
        });
        value.addListener((o, was, now) -> spinner.getValueFactory().setValue(now.intValue()));
        // A typed value counts only once committed; commit it when focus leaves the field.
        spinner.focusedProperty().addListener((o, was, now) -> {
            if (!now) {
                spinner.increment(0);
            }
        });
        return spinner;
    }

    private static Label hint(ObservableValue<String> text) {
        Label hint = new Label();
        hint.textProperty().bind(text);
        hint.getStyleClass().add("hint");
        return hint;
    }

    private static Region spacer() {
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        return spacer;
    }
}
