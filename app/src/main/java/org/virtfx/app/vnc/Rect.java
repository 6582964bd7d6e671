package org.virtfx.app.vnc;

/** A rectangle of the framebuffer, in pixels. */
public record Rect(int x, int y, int width, int height) {
}
