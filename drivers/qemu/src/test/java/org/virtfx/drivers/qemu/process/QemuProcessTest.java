package org.virtfx.drivers.qemu.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlParser;
import org.virtfx.drivers.qemu.argv.Accel;
import org.virtfx.drivers.qemu.argv.CommandLineContext;
import org.virtfx.drivers.qemu.argv.HostEnds;
import org.virtfx.drivers.qemu.argv.QemuArgvBuilder;
import org.virtfx.drivers.qemu.argv.QemuCommandLine;
import org.virtfx.drivers.qemu.qmp.QmpEvent;
import org.virtfx.plumbing.testhost.LeasedFolder;

/**
 * Real QEMU, real guest: the command line from {@link QemuArgvBuilder}, started by
 * {@link QemuProcess} under TCG (so it passes without /dev/kvm), the Debian test guest booted
 * by direct kernel boot with its serial console on a UNIX socket.
 */
class QemuProcessTest {
    private static final String QEMU = "/usr/bin/qemu-system-x86_64";
    private static final Duration START = Duration.ofSeconds(20);

    /** Leased, so the QEMU of a test JVM killed mid-test is ended by the next one's sweep. */
    private LeasedFolder folder;
    private Path dir;

    @BeforeAll
    static void qemuIsInstalled() {
        if (!Files.isExecutable(Path.of(QEMU))) {
            TestGuest.unavailable(QEMU + " is not installed (Debian package qemu-system-x86)");
        }
    }

    @BeforeEach
    void makeFolder() {
        folder = LeasedFolder.create("vfxqemuproc");
        dir = folder.path();
    }

    @AfterEach
    void removeFolder() {
        folder.close();
    }

    private String guestXml(TestGuest guest, String extraDevices) {
        return "<domain type='kvm'><name>guest</name><uuid>6f1b6a8e-5b1c-4f57-9a55-0e6f6d1f2a01</uuid>"
                + "<memory unit='MiB'>256</memory><vcpu>1</vcpu>"
                + "<os><type arch='x86_64' machine='pc'>hvm</type><kernel>" + guest.kernel + "</kernel>"
                + "<initrd>" + guest.initrd + "</initrd><cmdline>console=ttyS0 quiet</cmdline></os>"
                + "<features><acpi/><apic/></features>"
                + "<on_poweroff>destroy</on_poweroff><on_reboot>restart</on_reboot><on_crash>destroy</on_crash>"
                + "<devices><emulator>" + QEMU + "</emulator>"
                + "<serial type='unix'><source mode='bind' path='" + dir.resolve("serial.sock") + "'/><target port='0'/></serial>"
                + "<console type='unix'><source mode='bind' path='" + dir.resolve("serial.sock") + "'/><target type='serial' port='0'/></console>"
                + extraDevices + "<memballoon model='none'/></devices></domain>";
    }

    private QemuCommandLine commandLine(String xml, String emulatorOverride) {
        XmlElement domain = new XmlParser().parse(xml, "(test)");
        if (emulatorOverride != null) {
            domain.child("devices").orElseThrow().child("emulator").orElseThrow().setText(emulatorOverride);
        }
        CommandLineContext ctx = new CommandLineContext(Accel.TCG, dir, dir.resolve("monitor.sock"), null,
                dir.resolve("VARS.fd"), List.of(), HostEnds.QEMU_OPENS, path -> false, System.getenv("PATH"), "root");
        return new QemuArgvBuilder().build(domain, ctx);
    }

    private QemuProcess start(String xml, LinkedBlockingQueue<QmpEvent> events) {
        XmlElement domain = new XmlParser().parse(xml, "(test)");
        return QemuProcess.start(commandLine(xml, null), dir.resolve("monitor.sock"), dir.resolve("qemu.pid"),
                LifecycleActions.of(domain), BalloonTarget.of(domain), START, events::add);
    }

    private void assertNothingLeft(long pid) {
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "QEMU " + pid + " still runs");
        assertFalse(Files.exists(dir.resolve("monitor.sock")), "monitor socket left behind");
        assertFalse(Files.exists(dir.resolve("qemu.pid")), "pid file left behind");
    }

    private static QmpEvent event(LinkedBlockingQueue<QmpEvent> events, String name) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            QmpEvent e = events.poll(100, TimeUnit.MILLISECONDS);
            if (e != null && e.name().equals(name)) {
                return e;
            }
        }
        throw new AssertionError("no " + name + " event");
    }

    @Test
    void bootsToAShellThatAnswersAndPowersOffOnAcpiPowerdown() throws Exception {
        TestGuest guest = TestGuest.get();
        LinkedBlockingQueue<QmpEvent> events = new LinkedBlockingQueue<>();
        long t0 = System.nanoTime();
        QemuProcess qemu = start(guestXml(guest, ""), events);
        assertEquals("prelaunch", qemu.qmp().execute("query-status", START).get("status").asText());
        try (SerialConsole console = new SerialConsole(dir.resolve("serial.sock"))) {
            qemu.cont();
            int at = console.await(TestGuest.BANNER, 0, START);
            long booted = System.nanoTime();
            console.await("# ", at, START);
            int before = console.length();
            console.type("echo $((6*7))");
            console.await("\n42", before, START);
            qemu.qmp().execute("system_powerdown", START);
            QmpEvent shutdown = event(events, "SHUTDOWN");
            assertTrue(shutdown.data().path("guest").asBoolean(), shutdown.data().toString());
            assertEquals(0, qemu.exited().get(20, TimeUnit.SECONDS));
            System.out.printf("test guest: banner %.2f s after start, powered off %.2f s after start (TCG)%n",
                    (booted - t0) / 1e9, (System.nanoTime() - t0) / 1e9);
        } finally {
            qemu.close();
        }
        assertNothingLeft(qemu.pid());
    }

    /**
     * A holder of the event monitor killed between a reboot's reset and its {@code cont} leaves
     * QEMU stopped in {@code prelaunch} with the reboot marked as resetting: the next holder's
     * catch-up lets the guest run and clears the mark, rather than showing a paused VM for good.
     */
    @Test
    void aRebootLeftBetweenResetAndContIsFinishedByTheNextHolder() throws Exception {
        TestGuest guest = TestGuest.get();
        QemuProcess qemu = start(guestXml(guest, ""), new LinkedBlockingQueue<>());
        try {
            RebootMark mark = new RebootMark(dir);
            mark.resetting();
            assertEquals("prelaunch", qemu.qmp().execute("query-status", START).get("status").asText());
            assertTrue(qemu.catchUp("prelaunch"), "the guest runs after the catch-up");
            assertEquals("running", qemu.qmp().execute("query-status", START).get("status").asText());
            assertEquals(RebootMark.State.NONE, mark.state(), "the reboot is no longer marked");
        } finally {
            qemu.destroy();
        }
        assertNothingLeft(qemu.pid());
    }

    @Test
    void destroyMidBootKillsAndReapsAtOnce() throws Exception {
        TestGuest guest = TestGuest.get();
        QemuProcess qemu = start(guestXml(guest, ""), new LinkedBlockingQueue<>());
        qemu.cont();
        Thread.sleep(300);
        long t0 = System.nanoTime();
        qemu.destroy();
        long took = System.nanoTime() - t0;
        // Reaped by the time destroy returns: not even a zombie is left.
        assertTrue(ProcessHandle.of(qemu.pid()).isEmpty(), "QEMU " + qemu.pid() + " not reaped");
        assertEquals(128 + 9, qemu.exited().get(1, TimeUnit.SECONDS));
        assertNothingLeft(qemu.pid());
        System.out.printf("destroy mid-boot: %.1f ms from SIGKILL to reaped%n", took / 1e6);
    }

    @Test
    void qemuDyingAtStartNamesItsReasonAndLeavesNothing() throws IOException {
        TestGuest guest = TestGuest.get();
        Path missing = dir.resolve("no-such-disk.qcow2");
        String xml = guestXml(guest, "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
                + "<source file='" + missing + "'/><target dev='vda' bus='virtio'/></disk>");
        VirtException e = assertThrows(VirtException.class, () -> start(xml, new LinkedBlockingQueue<>()));
        assertTrue(e.getMessage().startsWith("internal error: process exited while connecting to monitor: "), e.getMessage());
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("No such file or directory"),
                e.getMessage());
        assertFalse(Files.exists(dir.resolve("monitor.sock")));
        assertFalse(Files.exists(dir.resolve("qemu.pid")));
        assertNoQemuFor(dir);
    }

    @Test
    void aMissingBinaryIsOneClearError() {
        TestGuest guest = TestGuest.get();
        String xml = guestXml(guest, "");
        QemuCommandLine cmd = commandLine(xml, "/nonexistent/qemu-system-x86_64");
        VirtException e = assertThrows(VirtException.class, () -> QemuProcess.start(cmd, dir.resolve("monitor.sock"),
                dir.resolve("qemu.pid"), LifecycleActions.of(new XmlParser().parse(xml, "(test)")), OptionalLong.empty(), START,
                ev -> { }));
        assertEquals("internal error: Cannot find QEMU binary /nonexistent/qemu-system-x86_64: No such file or directory",
                e.getMessage());
        assertNoQemuFor(dir);
    }

    @Test
    void startsUefiWithVncVirtioDiskUserNetAndTheRestOfTheDesktopSet() throws Exception {
        Path disk = dir.resolve("disk.qcow2");
        Process img = new ProcessBuilder("qemu-img", "create", "-q", "-f", "qcow2", disk.toString(), "64M").start();
        assertEquals(0, img.waitFor());
        Path vars = dir.resolve("VARS.fd");
        Files.copy(Path.of("/usr/share/OVMF/OVMF_VARS_4M.fd"), vars);
        String xml = "<domain type='kvm'><name>desk</name><uuid>6f1b6a8e-5b1c-4f57-9a55-0e6f6d1f2a02</uuid>"
                + "<memory unit='MiB'>256</memory><currentMemory unit='MiB'>192</currentMemory><vcpu>2</vcpu>"
                + "<os><type arch='x86_64' machine='q35'>hvm</type>"
                + "<loader readonly='yes' type='pflash'>/usr/share/OVMF/OVMF_CODE_4M.fd</loader>"
                + "<nvram>" + vars + "</nvram><boot dev='hd'/><bootmenu enable='yes'/></os>"
                + "<features><acpi/><apic/><vmport state='off'/></features>"
                + "<cpu mode='custom'><topology sockets='1' dies='1' cores='2' threads='1'/></cpu>"
                + "<clock offset='utc'><timer name='rtc' tickpolicy='catchup'/><timer name='pit' tickpolicy='delay'/>"
                + "<timer name='hpet' present='no'/></clock>"
                + "<pm><suspend-to-mem enabled='no'/><suspend-to-disk enabled='no'/></pm>"
                + "<devices><emulator>" + QEMU + "</emulator>"
                + "<disk type='file' device='disk'><driver name='qemu' type='qcow2' cache='none'/><source file='" + disk
                + "'/><target dev='vda' bus='virtio'/></disk>"
                + "<controller type='usb' model='qemu-xhci'/><controller type='virtio-serial' index='0'/>"
                + "<interface type='user'><mac address='52:54:00:12:34:56'/><model type='virtio'/></interface>"
                + "<serial type='pty'><target port='0'/></serial>"
                + "<channel type='unix'><source mode='bind' path='" + dir.resolve("agent.sock") + "'/>"
                + "<target type='virtio' name='org.qemu.guest_agent.0'/></channel>"
                + "<input type='tablet' bus='usb'/><input type='keyboard' bus='usb'/>"
                + "<graphics type='vnc'><listen type='socket' socket='" + dir.resolve("vnc.sock") + "'/></graphics>"
                + "<video><model type='virtio' heads='1' primary='yes'/></video>"
                + "<sound model='ich9'/><watchdog model='itco' action='reset'/>"
                + "<rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>"
                + "<memballoon model='virtio'/></devices></domain>";
        LinkedBlockingQueue<QmpEvent> events = new LinkedBlockingQueue<>();
        QemuProcess qemu = start(xml, events);
        try {
            qemu.cont();
            assertEquals("running", qemu.qmp().execute("query-status", START).get("status").asText());
            assertTrue(Files.exists(dir.resolve("vnc.sock")), "VNC listens on its UNIX socket");
            assertEquals(2, qemu.qmp().execute("query-cpus-fast", START).size());
            VirtException e = assertThrows(VirtException.class, () -> qemu.qmp().execute("no-such-command", START));
            assertEquals("CommandNotFound", e.detail());
        } finally {
            qemu.destroy();
        }
        assertNothingLeft(qemu.pid());
    }

    /** No QEMU whose command line mentions this test's directory is left running. */
    private static void assertNoQemuFor(Path dir) {
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            assertTrue(all.noneMatch(p -> p.info().commandLine().map(c -> c.contains(dir.toString())).orElse(false)),
                    "a QEMU of this test still runs");
        }
    }
}
