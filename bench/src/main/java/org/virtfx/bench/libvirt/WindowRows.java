package org.virtfx.bench.libvirt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Looks at a window on the X display from outside, the same way for any toolkit: finds it by
 * title with {@code xwininfo} (Debian x11-utils) and tells whether its list shows rows by
 * capturing the lower part of the window with ImageMagick's {@code import}: before the rows are
 * painted that area is one colour (unmapped black, or an empty list's white), after it holds
 * names, states and icons.
 */
final class WindowRows {
    /** Standard deviation of the captured area's pixels (0 to 1) above which rows are drawn. */
    private static final double DRAWN = 0.05;

    private WindowRows() {
    }

    /** A mapped, viewable window of this title: its id and size. */
    record Window(String id, int width, int height) {
    }

    static Optional<Window> viewable(String title) throws IOException, InterruptedException {
        String info = run(List.of("xwininfo", "-name", title));
        if (info == null || !info.contains("Map State: IsViewable")) {
            return Optional.empty();
        }
        String id = null;
        int width = 0;
        int height = 0;
        for (String line : info.lines().map(String::strip).toList()) {
            if (line.startsWith("xwininfo: Window id:")) {
                id = line.split("\\s+")[3];
            } else if (line.startsWith("Width:")) {
                width = Integer.parseInt(line.substring(6).strip());
            } else if (line.startsWith("Height:")) {
                height = Integer.parseInt(line.substring(7).strip());
            }
        }
        return id == null ? Optional.empty() : Optional.of(new Window(id, width, height));
    }

    /**
     * Whether the list shows rows: the window's left 60 %, from 45 % to 90 % of its height, where
     * both managers draw domain rows below their connection's row and no toolbar or header sits.
     */
    static boolean rowsDrawn(Window window) throws IOException, InterruptedException {
        int top = window.height() * 45 / 100;
        String crop = (window.width() * 60 / 100) + "x" + (window.height() * 45 / 100) + "+0+" + top;
        String deviation = run(List.of("import", "-silent", "-window", window.id(), "-crop", crop, "+repage",
                "-format", "%[fx:standard_deviation]", "info:"));
        return deviation != null && !deviation.isBlank() && Double.parseDouble(deviation.strip()) > DRAWN;
    }

    /** The command's standard output, or null when it failed (no such window yet). */
    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return process.waitFor() == 0 ? out : null;
    }
}
