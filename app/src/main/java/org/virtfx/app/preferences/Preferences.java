package org.virtfx.app.preferences;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.virtfx.app.settings.ConfirmKind;
import org.virtfx.app.settings.ConsoleScaling;
import org.virtfx.app.settings.NewVmDefaults;
import org.virtfx.app.settings.Settings;
import org.virtfx.app.settings.Theme;

/**
 * The live preferences every window follows (polling, confirmations, XML editing, theme, new VM
 * defaults, console autoconnect and scaling). As in
 * virt-manager a change applies at once, with no OK button: each one is handed to
 * {@code changes} as an update of the stored settings, so whoever owns the settings (the
 * manager, which also stores the connection list) merges it instead of overwriting.
 */
public final class Preferences {
    private final IntegerProperty pollSeconds = new SimpleIntegerProperty();
    private final BooleanProperty xmlEditing = new SimpleBooleanProperty();
    private final ObjectProperty<Theme> theme = new SimpleObjectProperty<>();
    private final Map<ConfirmKind, BooleanProperty> confirm = new EnumMap<>(ConfirmKind.class);
    private final ObjectProperty<NewVmDefaults> newVm = new SimpleObjectProperty<>();
    private final BooleanProperty consoleAutoconnect = new SimpleBooleanProperty();
    private final ObjectProperty<ConsoleScaling> consoleScaling = new SimpleObjectProperty<>();

    public Preferences(Settings initial, Consumer<UnaryOperator<Settings>> changes) {
        pollSeconds.set(initial.pollIntervalSeconds());
        xmlEditing.set(initial.xmlEditing());
        theme.set(initial.theme());
        newVm.set(initial.newVm());
        consoleAutoconnect.set(initial.console().autoconnect());
        consoleScaling.set(initial.console().scaling());
        pollSeconds.addListener((obs, was, now) -> {
            if (now.intValue() >= 1) {
                changes.accept(s -> s.withPollInterval(now.intValue()));
            }
        });
        xmlEditing.addListener((obs, was, now) -> changes.accept(s -> s.withXmlEditing(now)));
        theme.addListener((obs, was, now) -> changes.accept(s -> s.withTheme(now)));
        newVm.addListener((obs, was, now) -> changes.accept(s -> s.withNewVm(now)));
        consoleAutoconnect.addListener((obs, was, now) ->
                changes.accept(s -> s.withConsole(s.console().withAutoconnect(now))));
        consoleScaling.addListener((obs, was, now) -> {
            if (now != null) {
                changes.accept(s -> s.withConsole(s.console().withScaling(now)));
            }
        });
        for (ConfirmKind kind : ConfirmKind.values()) {
            BooleanProperty asks = new SimpleBooleanProperty(initial.asks(kind));
            asks.addListener((obs, was, now) -> changes.accept(s -> s.withConfirmation(kind, now)));
            confirm.put(kind, asks);
        }
    }

    /** "Update status every N seconds"; values below 1 are not stored. */
    public IntegerProperty pollSecondsProperty() {
        return pollSeconds;
    }

    /** "Enable XML editing": the VM window's XML tabs become editable. */
    public BooleanProperty xmlEditingProperty() {
        return xmlEditing;
    }

    public ObjectProperty<Theme> themeProperty() {
        return theme;
    }

    /** Preferences ▸ New VM: graphics, storage format, CPU and firmware of new machines. */
    public ObjectProperty<NewVmDefaults> newVmProperty() {
        return newVm;
    }

    /** Preferences ▸ Console ▸ "Console autoconnect": the VM window opens its console by itself. */
    public BooleanProperty consoleAutoconnectProperty() {
        return consoleAutoconnect;
    }

    /** Preferences ▸ Console ▸ "Graphical console scaling", also the VM window's View ▸ Scale Display. */
    public ObjectProperty<ConsoleScaling> consoleScalingProperty() {
        return consoleScaling;
    }

    public BooleanProperty confirmProperty(ConfirmKind kind) {
        return confirm.get(kind);
    }
}
