package org.virtfx.bench.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.virtfx.bench.manager.AppJava;

/**
 * How an installed VirtFX (the package's {@code /opt/virtfx}) starts its window, as
 * {@code /usr/bin/virtfx} does: the launcher's own runtime, the JVM options and class path of its
 * jpackage configuration ({@code lib/app/virtfx-software.cfg} where the machine has no GPU, with
 * {@code GDK_GL=disable}; {@code lib/app/virtfx.cfg} otherwise), {@code $APPDIR} resolved. The
 * class-data archive those options name maps only while the class path begins with the one it
 * was dumped with, so a bench's own classes go after the installed ones.
 *
 * @param java the command up to the class path: env, the runtime's java and the launcher's options
 * @param classPath the installed jars, in the launcher's order
 */
record InstalledApp(List<String> java, List<String> classPath) {
    private static final String APPDIR = "$APPDIR";

    InstalledApp {
        java = List.copyOf(java);
        classPath = List.copyOf(classPath);
    }

    static boolean isOne(Path dir) {
        return Files.isRegularFile(dir.resolve("lib/app/virtfx.cfg"));
    }

    /** The window's launcher of the app installed at {@code dir}, chosen as its /usr/bin/virtfx chooses it. */
    static InstalledApp read(Path dir) throws IOException {
        return read(dir, !AppJava.hasGpu(Path.of("/dev")));
    }

    /** The launcher that draws in software ({@code virtfx-software}) or the other one ({@code virtfx}). */
    static InstalledApp read(Path dir, boolean software) throws IOException {
        Path app = dir.resolve("lib/app");
        Path cfg = app.resolve(software ? "virtfx-software.cfg" : "virtfx.cfg");
        List<String> java = new ArrayList<>();
        if (software) {
            java.addAll(List.of("env", "GDK_GL=disable"));
        }
        java.add(dir.resolve("lib/runtime/bin/java").toString());
        List<String> classPath = new ArrayList<>();
        for (String line : Files.readAllLines(cfg)) {
            String value = line.substring(line.indexOf('=') + 1).replace(APPDIR, app.toString());
            if (line.startsWith("java-options=")) {
                java.add(value);
            } else if (line.startsWith("app.classpath=")) {
                classPath.add(value);
            }
        }
        if (classPath.isEmpty()) {
            throw new IllegalStateException(cfg + " names no app.classpath");
        }
        return new InstalledApp(java, classPath);
    }

    /** The installed class path, then {@code extra} (a bench's own classes). */
    String classPathWith(String extra) {
        return String.join(":", classPath) + ":" + extra;
    }
}
