package org.virtfx.drivers.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.virtfx.core.domain.DomainConsole;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.domain.StateReason;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.event.DomainEvent;
import org.virtfx.core.event.DomainEvent.Type;
import org.virtfx.drivers.qemu.argv.Accel;
import org.virtfx.drivers.qemu.process.TestGuest;
import org.virtfx.plumbing.netdev.RootTests;

/**
 * The driver API on real QEMU under TCG: the test guest booted by direct kernel boot, its
 * serial console read and typed into through the connection, QMP events seen as domain events.
 */
@Timeout(120)
class VmLifecycleTest {

    @BeforeEach
    void root() {
        RootTests.requireRoot();
    }

    /** Reads a console into a buffer on a thread of its own, as a terminal window would. */
    static final class ConsoleReader implements AutoCloseable {
        private final DomainConsole console;
        private final ByteArrayOutputStream seen = new ByteArrayOutputStream();

        ConsoleReader(DomainConsole console) {
            this.console = console;
            Thread reader = new Thread(() -> {
                byte[] buffer = new byte[4096];
                try (InputStream in = console.input()) {
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        synchronized (seen) {
                            seen.write(buffer, 0, n);
                        }
                    }
                } catch (IOException closed) {
                    // The console was closed or QEMU exited.
                }
            }, "console-reader");
            reader.setDaemon(true);
            reader.start();
        }

        String text() {
            synchronized (seen) {
                return seen.toString(StandardCharsets.UTF_8);
            }
        }

        void await(String text) {
            VmLifecycleTest.await(() -> text().contains(text), "console shows '" + text + "', saw: " + text());
        }

        void type(String line) throws IOException {
            console.output().write((line + "\r").getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void close() {
            console.close();
        }
    }

    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    static List<String> events(QemuTestHost host, UUID uuid) {
        return host.events.stream().filter(e -> e.domain().uuid().equals(uuid)).map(e -> e.type() + ":" + e.detail())
                .toList();
    }

    static void assertNothingLeft(QemuTestHost host, UUID uuid, long pid) throws IOException {
        assertTrue(ProcessHandle.of(pid).isEmpty(), "QEMU " + pid + " still runs or was not reaped");
        Path run = host.directory.resolve("run");
        try (Stream<Path> files = Files.exists(run) ? Files.list(run) : Stream.empty()) {
            // Lock files stay once made, as lock files must (DomainLocks), and so does the last
            // domain id handed out (DomainIds).
            List<String> left = files.map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals("networks") && !n.equals("locks") && !n.equals("domain-ids")).toList();
            assertEquals(List.of(), left, "state left after " + uuid + " stopped");
        }
        assertEquals(List.of(), host.taps(), "taps left behind");
    }

    @Test
    void bootsAnswersOnItsConsolePausesResumesAndPowersOffByAcpi() throws Exception {
        try (QemuTestHost host = QemuTestHost.open()) {
            UUID uuid = host.define("vm1", "").uuid();
            host.connection.domains().start(uuid);
            long pid = host.connection.qemuDomains().pid(uuid);
            assertEquals(DomainState.RUNNING, host.connection.domains().byUuid(uuid).orElseThrow().state());
            String live = host.connection.domains().xml(uuid, false);
            // The host's first start: id 1, as libvirt numbers it.
            assertTrue(live.startsWith("<domain type='qemu' id='1'>"), live);
            assertTrue(live.contains("<virtfx:acceleration xmlns:virtfx=\"" + VmStart.METADATA_NS
                    + "\" accel=\"tcg\">TCG: the domain's type is 'qemu'</virtfx:acceleration>"), live);
            assertEquals(Accel.TCG, host.connection.acceleration(uuid).accel());
            try (ConsoleReader console = new ConsoleReader(host.connection.domains().openConsole(uuid))) {
                console.await(TestGuest.BANNER);
                console.await("# ");
                console.type("echo $((6*7))");
                console.await("\n42");

                VirtException noScreen = assertThrows(VirtException.class,
                        () -> host.connection.domains().screenshot(uuid));
                assertEquals("internal error: unable to execute QEMU command 'screendump': There is no console to take"
                        + " a screendump from", noScreen.getMessage());

                host.connection.domains().suspend(uuid);
                assertEquals(DomainState.PAUSED, host.connection.domains().byUuid(uuid).orElseThrow().state());
                VirtException again = assertThrows(VirtException.class, () -> host.connection.domains().suspend(uuid));
                assertEquals("Requested operation is not valid: domain is already paused", again.getMessage());
                host.connection.domains().resume(uuid);

                host.connection.domains().shutdown(uuid);
                await(() -> !host.connection.domains().byUuid(uuid).orElseThrow().isActive(), "the guest powers off");
            }
            assertEquals(StateReason.SHUTDOWN, host.connection.domains().byUuid(uuid).orElseThrow().reason());
            await(() -> events(host, uuid).contains("STOPPED:shutdown"), "the STOPPED event is published");
            assertEquals(List.of("DEFINED:added", "STARTED:booted", "SUSPENDED:paused", "RESUMED:unpaused",
                    "STOPPED:shutdown"), events(host, uuid));
            assertNothingLeft(host, uuid, pid);
            VirtException stopped = assertThrows(VirtException.class, () -> host.connection.domains().destroy(uuid));
            assertEquals("Requested operation is not valid: domain is not running", stopped.getMessage());
        }
    }

    @Test
    void theGraphicalConsoleIsAChannelToQemusVncServerThatGreetsWithRfb() throws Exception {
        try (QemuTestHost host = QemuTestHost.open()) {
            UUID uuid = host.define("vnc", "<graphics type='vnc'><listen type='socket'/></graphics>"
                    + "<video><model type='vga'/></video>").uuid();
            VirtException notRunning = assertThrows(VirtException.class, () -> host.connection.domains().openGraphics(uuid));
            assertEquals("Requested operation is not valid: domain is not running", notRunning.getMessage());
            host.connection.domains().start(uuid);
            try (ByteChannel vnc = host.connection.domains().openGraphics(uuid)) {
                ByteBuffer greeting = ByteBuffer.allocate(12);
                while (greeting.hasRemaining() && vnc.read(greeting) >= 0) {
                    // QEMU sends its 12-byte protocol version at once.
                }
                assertEquals("RFB 003.008\n", new String(greeting.array(), StandardCharsets.US_ASCII));
            }
            host.connection.domains().destroy(uuid);
        }
    }

    @Test
    void aVncDisplayWithNowhereToListenIsServedOnTheVmsSocketNeverOnTcp() throws Exception {
        try (QemuTestHost host = QemuTestHost.open()) {
            // What virt-install writes; libvirt with vnc_auto_unix_socket serves it on a socket too.
            UUID uuid = host.define("autovnc", "<graphics type='vnc' port='-1' autoport='yes'><listen type='address'/>"
                    + "</graphics><video><model type='vga'/></video>").uuid();
            host.connection.domains().start(uuid);
            String live = host.connection.domains().xml(uuid, false);
            assertTrue(live.contains("<listen type='socket' socket='"), live);
            assertFalse(live.contains("autoport"), live);
            try (ByteChannel vnc = host.connection.domains().openGraphics(uuid)) {
                ByteBuffer greeting = ByteBuffer.allocate(12);
                while (greeting.hasRemaining() && vnc.read(greeting) >= 0) {
                    // QEMU sends its 12-byte protocol version at once.
                }
                assertEquals("RFB 003.008\n", new String(greeting.array(), StandardCharsets.US_ASCII));
            }
            assertTrue(host.connection.domains().xml(uuid, true).contains("<listen type='address'/>"),
                    "the definition keeps what was written");
            host.connection.domains().destroy(uuid);
            VirtException tcp = assertThrows(VirtException.class,
                    () -> host.define("tcpvnc", "<graphics type='vnc' port='5905' autoport='no'/>"));
            assertTrue(tcp.getMessage().startsWith("unsupported configuration"), tcp.getMessage());
        }
    }

    @Test
    void aVmWithoutGraphicsSaysSoWhenItsGraphicalConsoleIsOpened() throws Exception {
        try (QemuTestHost host = QemuTestHost.open()) {
            UUID uuid = host.define("novnc", "").uuid();
            host.connection.domains().start(uuid);
            VirtException none = assertThrows(VirtException.class, () -> host.connection.domains().openGraphics(uuid));
            assertEquals("Requested operation is not valid: domain 'novnc' has no graphical console", none.getMessage());
            host.connection.domains().destroy(uuid);
        }
    }

    @Test
    void aScreenshotIsTheGuestsScreenAsABinaryPpm() throws Exception {
        try (QemuTestHost host = QemuTestHost.open()) {
            UUID uuid = host.define("screen", "<graphics type='vnc'><listen type='socket'/></graphics>"
                    + "<video><model type='vga'/></video>").uuid();
            host.connection.domains().start(uuid);
            byte[] screen = host.connection.domains().screenshot(uuid);
            String header = new String(screen, 0, Math.min(20, screen.length), StandardCharsets.US_ASCII);
            java.util.regex.Matcher size = java.util.regex.Pattern.compile("P6\n(\\d+) (\\d+)\n255\n").matcher(header);
            assertTrue(size.lookingAt(), header);
            int pixels = Integer.parseInt(size.group(1)) * Integer.parseInt(size.group(2));
            assertEquals(size.end() + 3L * pixels, screen.length);
            try (Stream<Path> files = Files.list(host.directory.resolve("run").resolve(uuid.toString()))) {
                assertTrue(files.noneMatch(p -> p.toString().endsWith(".ppm")), "the screendump file is removed");
            }
            host.connection.domains().destroy(uuid);
        }
    }

    @Test
    void destroyMidBootKillsReapsAndRemovesTheTapAtOnce() throws Exception {
        try (QemuTestHost host = QemuTestHost.open()) {
            UUID uuid = host.define("vm2", QemuTestHost.nic()).uuid();
            host.connection.domains().start(uuid);
            long pid = host.connection.qemuDomains().pid(uuid);
            String live = host.connection.domains().xml(uuid, false);
            String tap = live.replaceAll("(?s).*<target dev='(vnet\\d+)'/>.*", "$1");
            assertEquals(QemuTestHost.BRIDGE, host.devices.find(tap).orElseThrow().master().orElse(""), live);
            long t0 = System.nanoTime();
            host.connection.domains().destroy(uuid);
            long took = System.nanoTime() - t0;
            assertEquals(StateReason.DESTROYED, host.connection.domains().byUuid(uuid).orElseThrow().reason());
            assertNothingLeft(host, uuid, pid);
            assertEquals(List.of("DEFINED:added", "STARTED:booted", "STOPPED:destroyed"), events(host, uuid));
            System.out.printf("destroy through the driver: %.1f ms%n", took / 1e6);
        }
    }

    @Test
    void rebootByAcpiResetsTheGuestAndItKeepsRunning() throws Exception {
        try (QemuTestHost host = QemuTestHost.open()) {
            UUID uuid = host.define("vm3", "").uuid();
            host.connection.domains().start(uuid);
            long pid = host.connection.qemuDomains().pid(uuid);
            try (ConsoleReader console = new ConsoleReader(host.connection.domains().openConsole(uuid))) {
                console.await("# ");
                int before = console.text().length();
                host.connection.domains().reboot(uuid);
                await(() -> console.text().indexOf(TestGuest.BANNER, before) >= 0, "the guest boots again");
            }
            assertEquals(pid, host.connection.qemuDomains().pid(uuid));
            assertEquals(DomainState.RUNNING, host.connection.domains().byUuid(uuid).orElseThrow().state());
            assertTrue(events(host, uuid).contains("REBOOTED:reset"), events(host, uuid).toString());
            long resets = events(host, uuid).stream().filter(e -> e.equals("REBOOTED:reset")).count();
            host.connection.domains().reset(uuid);
            await(() -> events(host, uuid).stream().filter(e -> e.equals("REBOOTED:reset")).count() > resets,
                    "a reset is told");
        }
    }

    @Test
    void definitionsPersistAndAutostartWithANewState() throws Exception {
        try (QemuTestHost host = QemuTestHost.open()) {
            UUID uuid = host.define("vm4", "").uuid();
            host.connection.domains().setAutostart(uuid, true);
            try (QemuConnection again = new QemuConnection(host.connection.uri(),
                    QemuTestHost.config(host.directory, host.namespace), StartProbe.NONE)) {
                assertEquals("vm4", again.domains().byUuid(uuid).orElseThrow().name());
                assertTrue(again.qemuDomains().autostart().isEmpty());
                assertTrue(again.domains().byUuid(uuid).orElseThrow().isActive());
                again.domains().destroy(uuid);
            }
            host.connection.domains().undefine(uuid);
            assertFalse(Files.exists(host.directory.resolve("etc/vm4.xml")));
        }
    }

    /**
     * An application restart, as far as the driver sees it: the state that started the VM lets
     * go of it, and a new state over the same directories finds it through its pid file and
     * monitor socket, drives it over QMP and sees it end by the monitor's end of file.
     */
    @Test
    void aNewStateFindsRunningVmsAgainAndSeesThemEnd() throws Exception {
        try (QemuTestHost host = QemuTestHost.open()) {
            QemuDriverConfig config = QemuTestHost.config(host.directory, host.namespace);
            UUID uuid;
            long pid;
            String tap;
            try (QemuConnection first = new QemuConnection(host.connection.uri(), config, StartProbe.NONE)) {
                uuid = first.domains().define(QemuTestHost.guestXml("kept", QemuTestHost.nic())).uuid();
                first.domains().start(uuid);
                pid = first.qemuDomains().pid(uuid);
                tap = first.domains().xml(uuid, false).replaceAll("(?s).*<target dev='(vnet\\d+)'/>.*", "$1");
            }
            assertTrue(ProcessHandle.of(pid).isPresent(), "closing the last connection leaves the VM running");
            try (QemuConnection again = new QemuConnection(host.connection.uri(), config, StartProbe.NONE)) {
                List<DomainEvent> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
                again.events().subscribe(e -> seen.add((DomainEvent) e));
                assertEquals(DomainState.RUNNING, again.domains().byUuid(uuid).orElseThrow().state());
                assertEquals(pid, again.qemuDomains().pid(uuid));
                assertEquals(Accel.TCG, again.acceleration(uuid).accel());
                again.domains().suspend(uuid);
                again.domains().resume(uuid);
                // Killed outside the driver: the monitor's end tells at once.
                ProcessHandle.of(pid).orElseThrow().destroyForcibly();
                await(() -> !again.domains().byUuid(uuid).orElseThrow().isActive(), "the adopted VM's end is seen");
                assertEquals(StateReason.CRASHED, again.domains().byUuid(uuid).orElseThrow().reason());
                await(() -> seen.stream().anyMatch(e -> e.type() == Type.STOPPED), "a STOPPED event");
            }
            await(() -> host.devices.find(tap).isEmpty(), "the adopted VM's tap is removed");
            assertFalse(Files.exists(host.directory.resolve("run").resolve(uuid.toString())));
        }
    }

    @Test
    void whatTheCommandLineCannotRunIsRefusedAtDefine() {
        try (QemuTestHost host = QemuTestHost.open()) {
            VirtException e = assertThrows(VirtException.class, () -> host.define("bad",
                    "<hostdev mode='subsystem' type='pci'/>"));
            assertTrue(e.getMessage().startsWith("unsupported configuration: "), e.getMessage());
            VirtException type = assertThrows(VirtException.class, () -> host.connection.domains().define(
                    QemuTestHost.guestXml("lxc", "").replace("type='qemu'", "type='lxc'")));
            assertEquals("unsupported configuration: Emulator '/usr/bin/qemu-system-x86_64' does not support virt"
                    + " type 'lxc'", type.getMessage());
            assertTrue(host.connection.domains().list().isEmpty());
        }
    }

    @Test
    void anUnknownNetworkFailsTheStartAndLeavesNothing() throws IOException {
        try (QemuTestHost host = QemuTestHost.open()) {
            UUID uuid = host.define("vm5", "<interface type='network'><source network='nowhere'/></interface>").uuid();
            VirtException e = assertThrows(VirtException.class, () -> host.connection.domains().start(uuid));
            assertEquals("Network not found: no network with matching name 'nowhere'", e.getMessage());
            assertFalse(host.connection.domains().byUuid(uuid).orElseThrow().isActive());
            assertNothingLeft(host, uuid, ProcessHandle.current().pid() + 1_000_000);
        }
    }
}
