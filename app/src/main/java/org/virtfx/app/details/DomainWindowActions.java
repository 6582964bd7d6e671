package org.virtfx.app.details;

import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.binding.StringBinding;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import org.virtfx.core.domain.DomainState;

/**
 * When the VM window's lifecycle actions apply, shared by its toolbar and its Virtual Machine
 * menu so both grey out alike: Run while not running, Pause/Resume and Shut Down while active,
 * Clone while shut off, Send Key while running.
 */
final class DomainWindowActions {
    private final DomainWindowViewModel viewModel;
    private final ObjectBinding<DomainState> state;

    DomainWindowActions(DomainWindowViewModel viewModel) {
        this.viewModel = viewModel;
        state = Bindings.createObjectBinding(() -> viewModel.summaryProperty().get() == null ? DomainState.NOSTATE
                : viewModel.summaryProperty().get().state(), viewModel.summaryProperty());
    }

    BooleanBinding runDisabled() {
        return Bindings.createBooleanBinding(() -> state.get() == DomainState.RUNNING
                || state.get() == DomainState.NOSTATE, state);
    }

    BooleanBinding notActive() {
        return Bindings.createBooleanBinding(() -> !state.get().isActive(), state);
    }

    /** Shut off (or crashed), so the console page offers Run. */
    BooleanBinding shutOff() {
        return Bindings.createBooleanBinding(() -> !state.get().isActive() && state.get() != DomainState.NOSTATE, state);
    }

    BooleanBinding notRunning() {
        return Bindings.createBooleanBinding(() -> state.get() != DomainState.RUNNING, state);
    }

    BooleanBinding cloneDisabled() {
        return Bindings.createBooleanBinding(() -> state.get().isActive() || state.get() == DomainState.NOSTATE, state);
    }

    StringBinding pauseText() {
        return Bindings.createStringBinding(() -> state.get() == DomainState.PAUSED ? "Resume" : "Pause", state);
    }

    /** Shut Down ▸ as virt-manager has it; new items each time, since a menu item has one parent. */
    List<MenuItem> shutdownItems() {
        return List.of(DomainWindowMenus.item("Reboot", null, viewModel::reboot),
                DomainWindowMenus.item("Shut Down", null, viewModel::shutdown),
                DomainWindowMenus.item("Force Reset", null, viewModel::forceReset),
                DomainWindowMenus.item("Force Off", null, viewModel::forceOff), new SeparatorMenuItem(),
                DomainWindowMenus.item("Save", null, viewModel::save));
    }
}
