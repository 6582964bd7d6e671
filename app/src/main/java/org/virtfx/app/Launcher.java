package org.virtfx.app;

/** Entry point; replaced as the CLI and GUI land. */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        System.err.println("VirtFX is being built");
    }
}
