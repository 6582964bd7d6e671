package org.virtfx.app.vnc;

/** What the server said at the end of the handshake: protocol version, screen size, format and desktop name. */
public record ServerInit(String version, int width, int height, PixelFormat pixelFormat, String name) {
}
