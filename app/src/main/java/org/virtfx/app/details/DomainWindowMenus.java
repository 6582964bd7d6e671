package org.virtfx.app.details;

import java.io.File;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCombination;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import org.virtfx.app.clone.CloneDialog;
import org.virtfx.app.delete.DeleteDialog;
import org.virtfx.app.help.HelpMenu;
import org.virtfx.app.settings.ConsoleScaling;

/**
 * The VM window's menu bar, as virt-manager's: File (View Manager, Close, Quit), Virtual
 * Machine (Run, Pause, Shut Down ▸, Clone, Delete, Take Screenshot), View (Console / Details /
 * Snapshots, Fullscreen, Resize to VM, Scale Display ▸, Toolbar) and Send Key (with Type
 * Clipboard Text); then Help (Contents, About).
 */
final class DomainWindowMenus {
    private final DomainWindowViewModel viewModel;
    private final Stage stage;
    private final DomainWindowActions actions;

    DomainWindowMenus(DomainWindowViewModel viewModel, Stage stage, DomainWindowActions actions) {
        this.viewModel = viewModel;
        this.stage = stage;
        this.actions = actions;
    }

    /** @param resizeToVm View ▸ Resize to VM, which the console view does */
    MenuBar menuBar(Runnable viewManager, BooleanProperty fullscreen, BooleanProperty toolbarShown,
                    Runnable resizeToVm) {
        // Help is not in virt-manager's VM window; here F1 reaches the help from any window.
        MenuBar bar = new MenuBar(file(viewManager), machine(), view(fullscreen, toolbarShown, resizeToVm), sendKey(),
                new HelpMenu(stage).menu());
        bar.setId("vm-menu-bar");
        return bar;
    }

    private Menu file(Runnable viewManager) {
        Menu file = new Menu("File");
        if (viewManager != null) {
            file.getItems().addAll(item("View Manager", "file-view-manager", viewManager::run), new SeparatorMenuItem());
        }
        MenuItem close = item("Close", "file-close", stage::close);
        close.setAccelerator(KeyCombination.keyCombination("Shortcut+W"));
        MenuItem quit = item("Quit", "file-quit", Platform::exit);
        quit.setAccelerator(KeyCombination.keyCombination("Shortcut+Q"));
        file.getItems().addAll(close, quit);
        return file;
    }

    private Menu machine() {
        Menu machine = new Menu("Virtual Machine");
        machine.setId("machine-menu");
        MenuItem run = item("Run", "machine-run", viewModel::run);
        run.disableProperty().bind(actions.runDisabled());
        MenuItem pause = item("Pause", "machine-pause", viewModel::pauseOrResume);
        pause.textProperty().bind(actions.pauseText());
        pause.disableProperty().bind(actions.notActive());
        Menu shutdown = new Menu("Shut Down");
        shutdown.setId("machine-shutdown");
        shutdown.getItems().addAll(actions.shutdownItems());
        shutdown.disableProperty().bind(actions.notActive());
        MenuItem clone = item("Clone…", "machine-clone",
                () -> viewModel.cloneDialog().ifPresent(vm -> CloneDialog.show(stage, vm)));
        // virt-manager clones only a shut-off machine: its disks are copied as they are.
        clone.disableProperty().bind(actions.cloneDisabled());
        MenuItem delete = item("Delete…", "machine-delete",
                () -> viewModel.deleteDialog().ifPresent(vm -> DeleteDialog.show(stage, vm)));
        MenuItem screenshot = item("Take Screenshot…", "machine-screenshot", this::takeScreenshot);
        screenshot.disableProperty().bind(noGraphics());
        machine.getItems().addAll(run, pause, shutdown, new SeparatorMenuItem(), clone, delete,
                new SeparatorMenuItem(), screenshot);
        return machine;
    }

    private javafx.beans.binding.BooleanBinding noGraphics() {
        return viewModel.graphics().sessionProperty().isNull();
    }

    private void takeScreenshot() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Save Virtual Machine Screenshot");
        chooser.setInitialFileName(viewModel.screenshotFileName(LocalDateTime.now()));
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG images", "*.png"));
        File file = chooser.showSaveDialog(stage);
        if (file != null) {
            viewModel.graphics().saveScreenshot(file.toPath());
        }
    }

    private Menu view(BooleanProperty fullscreen, BooleanProperty toolbarShown, Runnable resizeToVm) {
        Menu view = new Menu("View");
        ToggleGroup modes = new ToggleGroup();
        Map<DomainWindowViewModel.Mode, String> labels = Map.of(DomainWindowViewModel.Mode.CONSOLE, "Console",
                DomainWindowViewModel.Mode.DETAILS, "Details", DomainWindowViewModel.Mode.SNAPSHOTS, "Snapshots");
        for (DomainWindowViewModel.Mode mode : DomainWindowViewModel.Mode.values()) {
            RadioMenuItem item = new RadioMenuItem(labels.get(mode));
            item.setId("view-" + mode.name().toLowerCase(java.util.Locale.ROOT));
            item.setToggleGroup(modes);
            item.setSelected(viewModel.modeProperty().get() == mode);
            item.setOnAction(e -> viewModel.modeProperty().set(mode));
            viewModel.modeProperty().addListener((obs, was, now) -> item.setSelected(now == mode));
            view.getItems().add(item);
        }
        CheckMenuItem full = new CheckMenuItem("Fullscreen");
        full.setId("view-fullscreen");
        full.setAccelerator(KeyCombination.keyCombination("F11"));
        full.selectedProperty().bindBidirectional(fullscreen);
        CheckMenuItem toolbar = new CheckMenuItem("Toolbar");
        toolbar.setId("view-toolbar");
        toolbar.selectedProperty().bindBidirectional(toolbarShown);
        MenuItem resize = item("Resize to VM", "view-resize-to-vm", resizeToVm);
        resize.disableProperty().bind(noGraphics());
        view.getItems().addAll(new SeparatorMenuItem(), full, resize, scaleDisplay(), new SeparatorMenuItem(), toolbar);
        return view;
    }

    private Menu scaleDisplay() {
        Menu scale = new Menu("Scale Display");
        scale.setId("view-scale");
        ToggleGroup choices = new ToggleGroup();
        for (ConsoleScaling choice : ConsoleScaling.values()) {
            RadioMenuItem item = new RadioMenuItem(choice.label());
            item.setId("scale-" + choice.key());
            item.setToggleGroup(choices);
            item.setSelected(viewModel.consoleScalingProperty().get() == choice);
            item.setOnAction(e -> viewModel.consoleScalingProperty().set(choice));
            viewModel.consoleScalingProperty().addListener((obs, was, now) -> item.setSelected(now == choice));
            scale.getItems().add(item);
        }
        return scale;
    }

    private Menu sendKey() {
        Menu menu = new Menu("Send Key");
        menu.setId("send-key-menu");
        menu.getItems().addAll(sendKeyItems());
        return menu;
    }

    /** Send Key's items, new each time (the menu bar's and the fullscreen toolbar's). */
    List<MenuItem> sendKeyItems() {
        List<MenuItem> items = new ArrayList<>();
        for (SendKey key : SendKey.menu()) {
            MenuItem item = item(key.label(), null, () -> viewModel.sendKey(key));
            // Keys go to a running guest only, as virDomainSendKey requires.
            item.disableProperty().bind(actions.notRunning());
            items.add(item);
        }
        MenuItem clipboard = item("Type Clipboard Text", "send-clipboard", () -> {
            String text = Clipboard.getSystemClipboard().getString();
            if (text != null) {
                viewModel.graphics().typeText(text);
            }
        });
        clipboard.disableProperty().bind(noGraphics());
        items.add(new SeparatorMenuItem());
        items.add(clipboard);
        return items;
    }

    static MenuItem item(String text, String id, Runnable action) {
        MenuItem item = new MenuItem(text);
        item.setId(id);
        item.setOnAction(e -> action.run());
        return item;
    }
}
