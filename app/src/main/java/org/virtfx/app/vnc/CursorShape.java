package org.virtfx.app.vnc;

/**
 * The pointer's image from the Cursor pseudo-encoding: ARGB pixels, fully transparent where the
 * server's mask is clear, and the hot spot (the pixel that points) inside it. An empty shape
 * (0x0) means the server hides the cursor.
 */
public record CursorShape(int width, int height, int hotX, int hotY, int[] argb) {
}
