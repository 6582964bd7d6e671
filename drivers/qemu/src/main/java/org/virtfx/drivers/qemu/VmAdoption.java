package org.virtfx.drivers.qemu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.virtfx.core.config.LoadWarnings;
import org.virtfx.core.domain.DomainDefinition;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.domain.DomainXml;
import org.virtfx.core.domain.StateReason;
import org.virtfx.core.driver.DomainObject;
import org.virtfx.core.driver.DomainObjectList;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlParser;
import org.virtfx.drivers.qemu.argv.Accel;
import org.virtfx.drivers.qemu.process.LifecycleActions;
import org.virtfx.drivers.qemu.process.QemuProcess;
import org.virtfx.plumbing.netdev.DeviceNames;
import org.virtfx.plumbing.netdev.TapDevices;

/**
 * Reconnect: VMs left running by an earlier run of the application are found again, as
 * libvirt's QEMU driver reconnects when its daemon restarts. A start writes the live XML before
 * the guest runs and QEMU writes its pid file; a VM whose QEMU still runs with its monitor
 * socket on its command line is adopted over QMP, and a stale one's leftovers are removed.
 */
final class VmAdoption {
    private final QemuDriverConfig config;
    private final DomainObjectList<QemuRuntime> domains;
    private final VmStop stop;
    private final VmEvents events;
    private final TapDevices taps;
    private final LoadWarnings warnings;

    /** @param taps null for a session driver */
    VmAdoption(QemuDriverConfig config, DomainObjectList<QemuRuntime> domains, VmStop stop, VmEvents events,
               TapDevices taps, LoadWarnings warnings) {
        this.config = config;
        this.warnings = warnings;
        this.domains = domains;
        this.stop = stop;
        this.events = events;
        this.taps = taps;
    }

    /** Runs once the stored definitions are loaded. */
    void adoptAll() {
        if (!Files.isDirectory(config.stateDirectory())) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(config.stateDirectory(), "*.xml")) {
            for (Path file : files) {
                try {
                    adopt(file);
                } catch (VirtException e) {
                    warnings.skipped(file, "its VM is left unmanaged: " + e.getMessage());
                }
            }
        } catch (IOException e) {
            throw VirtException.system("cannot read VM state in " + config.stateDirectory(), e);
        }
    }

    private void adopt(Path liveXml) throws IOException {
        DomainDefinition live = new DomainXml().parse(Files.readString(liveXml), liveXml.toString());
        XmlElement root = new XmlParser().parse(live.xml(), liveXml.toString());
        Path directory = config.stateDirectory().resolve(live.uuid().toString());
        Path monitor = directory.resolve("monitor.sock");
        long pid = pid(directory.resolve("qemu.pid"));
        List<String> tapNames = tapNames(root);
        if (pid < 0 || !commandLineNames(pid, monitor)) {
            // QEMU ended while nobody watched: clean up after it.
            if (taps != null) {
                tapNames.forEach(taps::delete);
            }
            VmStop.deleteTree(directory);
            Files.deleteIfExists(liveXml);
            return;
        }
        DomainObject<QemuRuntime> domain = domains.addTransient(live);
        AtomicReference<QemuRuntime> running = new AtomicReference<>();
        QemuProcess qemu = QemuProcess.adopt(pid, monitor, directory.resolve("qemu.pid"),
                LifecycleActions.of(root), event -> {
                    QemuRuntime runtime = running.get();
                    if (runtime != null) {
                        events.on(domain, runtime, event);
                    }
                });
        DeviceNames.process().reserve(tapNames);
        QemuRuntime runtime = new QemuRuntime(qemu, tapNames, acceleration(root), directory);
        String status = qemu.qmp().execute("query-status", java.time.Duration.ofSeconds(30)).path("status").asText();
        boolean paused = !status.equals("running");
        domain.activate(runtime, live, (int) pid, paused ? DomainState.PAUSED : DomainState.RUNNING,
                paused ? StateReason.USER : StateReason.UNKNOWN);
        running.set(runtime);
        stop.watch(domain, runtime);
    }

    private static long pid(Path pidFile) {
        try {
            return Long.parseLong(Files.readString(pidFile).strip());
        } catch (IOException | NumberFormatException gone) {
            return -1;
        }
    }

    /** Whether process {@code pid} is the QEMU of this monitor socket, not another process under a reused pid. */
    private static boolean commandLineNames(long pid, Path monitor) {
        try {
            String cmdline = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8);
            return cmdline.contains(monitor.toString());
        } catch (IOException gone) {
            return false;
        }
    }

    private static List<String> tapNames(XmlElement root) {
        List<String> names = new ArrayList<>();
        for (XmlElement nic : root.child("devices").map(d -> d.children("interface")).orElse(List.of())) {
            nic.child("target").flatMap(t -> t.attribute("dev")).ifPresent(names::add);
        }
        return names;
    }

    /** The acceleration the start recorded in the live XML's metadata. */
    private static Acceleration acceleration(XmlElement root) {
        return root.child("metadata").flatMap(m -> m.child("virtfx:acceleration"))
                .map(a -> new Acceleration(a.attribute("accel").orElse("tcg").equals("kvm") ? Accel.KVM : Accel.TCG,
                        a.text()))
                .orElse(new Acceleration(Accel.TCG, "unknown: the VM was found running"));
    }
}
