package org.virtfx.drivers.qemu.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** An asynchronous QMP event: its name (SHUTDOWN, STOP, RESET...), data (an empty object when none) and QEMU's time stamp. */
public record QmpEvent(String name, JsonNode data, Instant timestamp) {
}
