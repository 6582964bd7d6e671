package org.virtfx.bench.manager;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The start of the command that runs VirtFX's window as its launchers run it ({@code ./virtfx}
 * and the package's {@code /usr/bin/virtfx}): the java binary with their JVM flags, and on a
 * machine with no GPU, the same software rendering as theirs. Without a GPU device, Mesa can
 * only draw on the CPU; GTK would still load it when the display opens, and JavaFX to probe
 * its ES2 pipeline, and that Mesa (libLLVM alone is 44 MB) stays mapped although JavaFX then
 * draws with its own software pipeline. {@code GDK_GL=disable} keeps GTK from loading it and
 * {@code -Dprism.order=sw} keeps JavaFX from probing it.
 */
public final class AppJava {
    /**
     * The JVM flags of the {@code virtfx} script and the installer's launchers (keep them the
     * same): a serial-GC heap kept close to its live data (about 30 MB for 1,000 domains) by
     * its free-ratio bounds, given back whole at a full collection, with room for 10,000 domains; C1-only compilation starts faster
     * and uses less code cache than the C2 tier a server wants; no perf-data file, whose
     * sampler would wake every 50 ms.
     */
    public static final List<String> JVM_FLAGS = List.of("-Xms32m", "-Xmx512m",
            "-XX:MinHeapFreeRatio=20", "-XX:MaxHeapFreeRatio=40", "-XX:-ShrinkHeapInSteps", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=48m", "-Xss512k", "-XX:-UsePerfData");

    private AppJava() {
    }

    /** {@code [env GDK_GL=disable] java FLAGS... [-Dprism.order=sw]}: exec'd by env, so the pid is java's. */
    public static List<String> command() {
        boolean software = !hasGpu(Path.of("/dev"));
        List<String> command = new ArrayList<>();
        if (software) {
            command.add("env");
            command.add("GDK_GL=disable");
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_FLAGS);
        if (software) {
            command.add("-Dprism.order=sw");
        }
        return command;
    }

    /**
     * Whether {@code dev} has a GPU that can render: a DRM render node (every Mesa hardware
     * driver, virtio-gpu included) or NVIDIA's own device. The launchers' rule, in the same words.
     */
    public static boolean hasGpu(Path dev) {
        if (Files.exists(dev.resolve("nvidia0"))) {
            return true;
        }
        try (Stream<Path> nodes = Files.list(dev.resolve("dri"))) {
            return nodes.anyMatch(node -> node.getFileName().toString().startsWith("renderD"));
        } catch (IOException e) {
            return false; // no /dev/dri: no DRM device at all
        }
    }
}
