package org.virtfx.app.addhardware;

import java.util.Optional;

/** What Finish in Add Hardware asks for: the device element, and the image to create first, if any. */
public record NewHardware(String deviceXml, Optional<NewVolume> volume) {
}
