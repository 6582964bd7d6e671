package org.virtfx.core.osinfo;

/** An OS's {@code <firmware arch type supported>}: whether it boots with "efi" or "bios" there. */
public record OsFirmware(String arch, String type, boolean supported) {
}
