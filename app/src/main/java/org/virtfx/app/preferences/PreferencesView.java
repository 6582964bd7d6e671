package org.virtfx.app.preferences;

import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.virtfx.app.settings.ConfirmKind;
import org.virtfx.app.settings.ConsoleScaling;
import org.virtfx.app.settings.NewVmDefaults;
import org.virtfx.app.settings.Theme;

/**
 * Preferences: General, Polling, New VM, Console and Feedback tabs, as virt-manager's (with the
 * options VirtFX acts on); changes apply at once, there is only Close.
 */
public final class PreferencesView {
    private final Preferences preferences;

    public PreferencesView(Preferences preferences) {
        this.preferences = preferences;
    }

    public Stage show(Window owner, String styleSheet) {
        Stage stage = new Stage();
        stage.initOwner(owner);
        stage.setTitle("Preferences");
        TabPane tabs = new TabPane(new Tab("General", general()), new Tab("Polling", polling()),
                new Tab("New VM", newVm()), new Tab("Console", console()), new Tab("Feedback", feedback()));
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        Button close = new Button("Close");
        close.setId("preferences-close");
        close.setCancelButton(true);
        close.setOnAction(e -> stage.close());
        HBox buttons = new HBox(close);
        buttons.setPadding(new Insets(8));
        buttons.setStyle("-fx-alignment: center-right;");
        Scene scene = new Scene(new BorderPane(tabs, null, null, buttons, null), 460, 340);
        scene.getStylesheets().add(styleSheet);
        stage.setScene(scene);
        stage.show();
        return stage;
    }

    private Node general() {
        CheckBox xml = new CheckBox("Enable XML editing");
        xml.setId("pref-xml-editing");
        xml.selectedProperty().bindBidirectional(preferences.xmlEditingProperty());
        ComboBox<Theme> theme = new ComboBox<>();
        theme.setId("pref-theme");
        theme.getItems().setAll(Theme.values());
        theme.setConverter(new ThemeNames());
        theme.valueProperty().bindBidirectional(preferences.themeProperty());
        return page(xml, new HBox(8, new Label("Theme:"), theme));
    }

    private Node polling() {
        Spinner<Integer> seconds = new Spinner<>(1, 60, preferences.pollSecondsProperty().get());
        seconds.setId("pref-poll-seconds");
        seconds.setEditable(true);
        seconds.valueProperty().addListener((o, was, now) -> {
            if (now != null) {
                preferences.pollSecondsProperty().set(now);
            }
        });
        return page(new HBox(8, new Label("Update status every"), seconds, new Label("seconds")),
                new Label("Windows opened afterwards poll at the new interval."));
    }

    private Node newVm() {
        ObjectProperty<NewVmDefaults> defaults = preferences.newVmProperty();
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        Label heading = new Label("New VM Defaults");
        heading.setStyle("-fx-font-weight: bold;");
        grid.add(heading, 0, 0, 2, 1);
        addChoice(grid, 1, "Graphics type:", "pref-graphics", NewVmDefaults.GRAPHICS, defaults.get().graphics(),
                key -> defaults.set(defaults.get().withGraphics(key)));
        addChoice(grid, 2, "Storage format:", "pref-storage-format", NewVmDefaults.STORAGE_FORMATS,
                defaults.get().storageFormat(), key -> defaults.set(defaults.get().withStorageFormat(key)));
        addChoice(grid, 3, "CPU default:", "pref-cpu-default", NewVmDefaults.CPUS, defaults.get().cpu(),
                key -> defaults.set(defaults.get().withCpu(key)));
        addChoice(grid, 4, "x86 Firmware:", "pref-firmware", NewVmDefaults.FIRMWARES, defaults.get().firmware(),
                key -> defaults.set(defaults.get().withFirmware(key)));
        grid.setPadding(new Insets(10));
        return grid;
    }

    private static void addChoice(GridPane grid, int row, String label, String id, List<NewVmDefaults.Option> options,
                                  String initial, Consumer<String> chosen) {
        ComboBox<NewVmDefaults.Option> combo = new ComboBox<>();
        combo.setId(id);
        combo.getItems().setAll(options);
        options.stream().filter(o -> o.key().equals(initial)).findFirst().ifPresent(combo::setValue);
        combo.valueProperty().addListener((o, was, now) -> {
            if (now != null) {
                chosen.accept(now.key());
            }
        });
        grid.addRow(row, new Label(label), combo);
    }

    private Node console() {
        Label heading = new Label("Consoles");
        heading.setStyle("-fx-font-weight: bold;");
        CheckBox autoconnect = new CheckBox("Console autoconnect");
        autoconnect.setId("pref-console-autoconnect");
        autoconnect.setTooltip(new Tooltip("If disabled, the VM window will not connect to the running VM's text"
                + " console until asked to."));
        autoconnect.selectedProperty().bindBidirectional(preferences.consoleAutoconnectProperty());
        ComboBox<ConsoleScaling> scaling = new ComboBox<>();
        scaling.setId("pref-console-scaling");
        scaling.getItems().setAll(ConsoleScaling.values());
        scaling.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(ConsoleScaling choice) {
                return choice == null ? "" : choice.label();
            }

            @Override
            public ConsoleScaling fromString(String text) {
                return null;
            }
        });
        scaling.valueProperty().bindBidirectional(preferences.consoleScalingProperty());
        HBox scalingRow = new HBox(8, new Label("Graphical console scaling:"), scaling);
        scalingRow.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        return page(heading, scalingRow, autoconnect);
    }

    private Node feedback() {
        VBox box = new VBox(6, new Label("Confirmations:"));
        box.getChildren().add(confirm("Force Poweroff", ConfirmKind.FORCE_OFF));
        box.getChildren().add(confirm("Poweroff/Reboot/Save", ConfirmKind.POWER_OFF));
        box.getChildren().add(confirm("Pause", ConfirmKind.PAUSE));
        box.getChildren().add(confirm("Deleting storage", ConfirmKind.DELETE));
        box.getChildren().add(confirm("Device removal", ConfirmKind.DEVICE_REMOVAL));
        box.setPadding(new Insets(10));
        return box;
    }

    private CheckBox confirm(String label, ConfirmKind kind) {
        CheckBox box = new CheckBox(label);
        box.setId("pref-confirm-" + kind.key());
        box.selectedProperty().bindBidirectional(preferences.confirmProperty(kind));
        return box;
    }

    private static Node page(Node... nodes) {
        VBox box = new VBox(10, nodes);
        box.setPadding(new Insets(10));
        return box;
    }
}
