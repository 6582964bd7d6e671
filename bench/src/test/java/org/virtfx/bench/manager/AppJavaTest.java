package org.virtfx.bench.manager;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppJavaTest {
    @TempDir
    Path dev;

    @Test
    void aMachineWithNoDrmDeviceHasNoGpu() {
        assertFalse(AppJava.hasGpu(dev));
    }

    @Test
    void aDisplayOnlyDeviceWithoutARenderNodeIsNoGpu() throws IOException {
        // bochs-drm or a plain framebuffer: a card node, and Mesa would still draw on the CPU.
        Files.createFile(Files.createDirectories(dev.resolve("dri")).resolve("card0"));
        assertFalse(AppJava.hasGpu(dev));
    }

    @Test
    void aRenderNodeOrNvidiasDeviceIsAGpu() throws IOException {
        Path dri = Files.createDirectories(dev.resolve("dri"));
        Files.createFile(dri.resolve("renderD128"));
        assertTrue(AppJava.hasGpu(dev));
        Files.delete(dri.resolve("renderD128"));
        Files.createFile(dev.resolve("nvidia0"));
        assertTrue(AppJava.hasGpu(dev));
    }
}
