package org.virtfx.app.addhardware;

import java.util.concurrent.Callable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import org.virtfx.app.details.FormGrid;

/** The form of a serial port, parallel port or USB redirection: fields shown as the type needs them. */
final class CharForm {
    private CharForm() {
    }

    static FormGrid fill(FormGrid grid, CharDevice device, String idPrefix) {
        BooleanBinding path = when(device, () -> CharDevice.takesPath(device.typeProperty().get()));
        BooleanBinding mode = when(device, () -> device.offersMode() && CharDevice.takesMode(device.typeProperty().get()));
        BooleanBinding tcp = when(device, () -> "tcp".equals(device.typeProperty().get()));
        grid.pick("Device type:", idPrefix + "type", device.typeProperty(), device.types())
                .text("Path:", idPrefix + "path", device.pathProperty()).shownWhen(path)
                .pick("Mode:", idPrefix + "mode", device.modeProperty(), CharDevice.MODES).shownWhen(mode)
                .text("Host:", idPrefix + "host", device.hostProperty()).shownWhen(tcp)
                .text("Port:", idPrefix + "port", device.portProperty()).shownWhen(tcp);
        if (device.offersMode()) {
            grid.check("Use Telnet", idPrefix + "telnet", device.telnetProperty()).shownWhen(tcp);
        }
        return grid;
    }

    private static BooleanBinding when(CharDevice device, Callable<Boolean> test) {
        return Bindings.createBooleanBinding(test, device.typeProperty());
    }
}
