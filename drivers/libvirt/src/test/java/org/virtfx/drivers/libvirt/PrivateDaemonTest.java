package org.virtfx.drivers.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtfx.core.connect.ConnectionUri;
import org.virtfx.core.connect.Feature;
import org.virtfx.core.domain.DeviceScope;
import org.virtfx.core.domain.DomainConsole;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.event.ConnectionClosedEvent;
import org.virtfx.core.event.DomainEvent;
import org.virtfx.core.event.LifecycleEvent;
import org.virtfx.core.host.HostDevice;
import org.virtfx.drivers.libvirt.binding.ConnectAuth;

/**
 * The binding against a real libvirtd (started by the test in namespaces of its own, see
 * {@link PrivateLibvirtd}) and a real TCG guest: events, the serial console through a libvirt
 * stream, the VNC server through the graphics descriptor, and the connection's end when the
 * daemon dies or hangs.
 */
class PrivateDaemonTest {
    /** TCG boots the test kernel in seconds; a loaded CI machine gets ample room. */
    private static final Duration BOOT = Duration.ofSeconds(120);

    private PrivateLibvirtd daemon;
    private LibvirtConnection connection;
    private final BlockingQueue<LifecycleEvent> heard = new LinkedBlockingQueue<>();

    @BeforeEach
    void startDaemon() throws IOException, InterruptedException {
        daemon = PrivateLibvirtd.start();
    }

    @AfterEach
    void stopDaemon() throws IOException, InterruptedException {
        if (connection != null) {
            connection.close();
        }
        if (daemon != null) {
            daemon.close();
        }
    }

    private void connect(Keepalive keepalive) {
        connection = LibvirtConnection.open(ConnectionUri.parse(daemon.uri()), ConnectAuth.NONE, keepalive);
        connection.events().subscribe(heard::add);
    }

    private <E extends LifecycleEvent> E next(Class<E> type, Duration within) throws InterruptedException {
        return HeardEvents.next(heard, type, within, () -> "; libvirtd's log:\n" + daemon.logTail());
    }

    private DomainEvent nextDomainEvent() throws InterruptedException {
        return next(DomainEvent.class, Duration.ofSeconds(30));
    }

    /**
     * The next domain event of this type, past the others libvirt tells around it ("resumed"
     * before "started" as QEMU's CPUs start, "shutdown" before "stopped" on destroy).
     */
    private DomainEvent nextDomainEvent(DomainEvent.Type type) throws InterruptedException {
        DomainEvent event;
        do {
            event = nextDomainEvent();
        } while (event.type() != type);
        return event;
    }

    @Test
    void aTcgGuestBootsWithEventsItsSerialConsoleAndAVncServerReachedOnlyThroughTheGraphicsDescriptor()
            throws Exception {
        LibvirtTestGuest guest = LibvirtTestGuest.get();
        connect(Keepalive.USUAL);
        assertTrue(connection.supports(Feature.TEXT_CONSOLE));
        assertTrue(connection.supports(Feature.GRAPHICS_CONSOLE), "a local socket passes the graphics descriptor");

        DomainSummary defined = connection.domains().define(guest.domainXml("tcg-guest"));
        UUID uuid = defined.uuid();
        assertEquals(DomainEvent.Type.DEFINED, nextDomainEvent().type());

        connection.domains().start(uuid);
        DomainEvent started = nextDomainEvent(DomainEvent.Type.STARTED);
        assertEquals("booted", started.detail());
        assertEquals(DomainState.RUNNING, started.domain().state());

        try (DomainConsole console = connection.domains().openConsole(uuid)) {
            ConsoleReader reader = new ConsoleReader(console.input());
            // The banner may have gone by before the console was open; a command run by the
            // guest's shell shows both directions work.
            reader.typeUntilSeen(console.output(), "echo VIRTFX-$((6*7))", "VIRTFX-42", BOOT);
            assertTrue(reader.text().contains("# "), "the shell's prompt: " + reader.text());

            try (ByteChannel vnc = connection.domains().openGraphics(uuid)) {
                ByteBuffer greeting = ByteBuffer.allocate(12);
                while (greeting.hasRemaining()) {
                    assertTrue(vnc.read(greeting) > 0, "the VNC server closed before its greeting");
                }
                assertEquals("RFB 003.008\n", new String(greeting.array(), StandardCharsets.US_ASCII));
                CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(() -> {
                    try {
                        return vnc.read(ByteBuffer.allocate(1));
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                });
                Thread.sleep(200);
                vnc.close();
                ExecutionException woken = assertThrows(ExecutionException.class, () -> waiting.get(5, TimeUnit.SECONDS));
                assertTrue(woken.getCause().getCause() instanceof AsynchronousCloseException,
                        "closing wakes a blocked read: " + woken);
            }

            connection.domains().suspend(uuid);
            assertEquals(DomainEvent.Type.SUSPENDED, nextDomainEvent().type());
            connection.domains().resume(uuid);
            assertEquals(DomainEvent.Type.RESUMED, nextDomainEvent().type());

            connection.domains().destroy(uuid);
            // QEMU reports the SIGTERM as a shutdown ("host") before libvirt says "destroyed".
            DomainEvent stopped = nextDomainEvent(DomainEvent.Type.STOPPED);
            assertEquals("destroyed", stopped.detail());
            assertTrue(reader.ended(Duration.ofSeconds(10)), "the console ends when the guest stops");
        }
        connection.domains().undefine(uuid);
        nextDomainEvent(DomainEvent.Type.UNDEFINED);
        assertEquals(Optional.empty(), connection.disconnected());
    }

    @Test
    void aDiskIsPluggedIntoTheRunningGuestAndItsDefinitionAndTakenOutAgain(@TempDir Path dir) throws Exception {
        LibvirtTestGuest guest = LibvirtTestGuest.get();
        connect(Keepalive.USUAL);
        assertTrue(connection.supports(Feature.LIVE_DEVICE_CHANGES));
        // A pc machine's PCI bus takes hot-plugged devices only with ACPI.
        UUID uuid = connection.domains().define(guest.domainXml("plug-guest")
                .replace("</os>", "</os>\n<features><acpi/></features>")).uuid();
        connection.domains().start(uuid);
        try (DomainConsole console = connection.domains().openConsole(uuid)) {
            // Booted to its shell: its ACPI hears the unplug request below.
            new ConsoleReader(console.input()).typeUntilSeen(console.output(), "echo VIRTFX-$((6*7))", "VIRTFX-42", BOOT);
        }
        Path image = dir.resolve("extra.img");
        try (var file = new java.io.RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(16L << 20);
        }
        String disk = "<disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='" + image
                + "'/><target dev='vdb' bus='virtio'/></disk>";
        Set<DeviceScope> both = EnumSet.of(DeviceScope.LIVE, DeviceScope.CONFIG);

        connection.domains().attachDevice(uuid, disk, both);
        assertTrue(connection.domains().xml(uuid, false).contains("<target dev='vdb' bus='virtio'/>"), "live");
        assertTrue(connection.domains().xml(uuid, true).contains("<target dev='vdb' bus='virtio'/>"), "persistent");

        connection.domains().detachDevice(uuid, disk, both);
        assertFalse(connection.domains().xml(uuid, true).contains("dev='vdb'"), "persistent");
        long until = System.nanoTime() + BOOT.toNanos();
        while (connection.domains().xml(uuid, false).contains("dev='vdb'")) {
            // The guest lets go of a virtio disk when it has handled the unplug request.
            assertTrue(System.nanoTime() < until, "the guest never released vdb");
            Thread.sleep(200);
        }
        VirtException gone = assertThrows(VirtException.class,
                () -> connection.domains().detachDevice(uuid, disk, EnumSet.of(DeviceScope.CONFIG)));
        assertTrue(gone.getMessage().contains("vdb"), gone.getMessage());
        connection.domains().destroy(uuid);
        connection.domains().undefine(uuid);
    }

    /**
     * What the guest's VGA text screen shows, told by the screenshot alone: the test draws on the
     * guest's first virtual terminal through its serial shell, and types on its keyboard through
     * libvirt, which a reader of that terminal on the serial shell reports.
     */
    @Test
    void theScreenshotShowsWhatTheGuestDrawsKeysReachItsKeyboardAndVcpusArePluggedIn() throws Exception {
        LibvirtTestGuest guest = LibvirtTestGuest.get();
        connect(Keepalive.USUAL);
        assertTrue(connection.supports(Feature.LIVE_RESOURCE_CHANGES));
        // ACPI, so the guest hears of the vCPU plugged in below.
        UUID uuid = connection.domains().define(guest.domainXml("screen-guest")
                .replace("<vcpu>1</vcpu>", "<vcpu current='1'>2</vcpu>")
                .replace("</os>", "</os>\n<features><acpi/></features>")).uuid();
        connection.domains().start(uuid);
        try (DomainConsole console = connection.domains().openConsole(uuid)) {
            ConsoleReader reader = new ConsoleReader(console.input());
            reader.typeUntilSeen(console.output(), "echo VIRTFX-$((6*7))", "VIRTFX-42", BOOT);

            reader.typeUntilSeen(console.output(), "printf '\\033[H\\033[2J' > /dev/tty1; echo CLEARED-$((6*7))",
                    "CLEARED-42", Duration.ofSeconds(30));
            Screen cleared = Screen.of(connection.domains().screenshot(uuid));
            reader.typeUntilSeen(console.output(), "for i in $(seq 20); do echo " + "M".repeat(70)
                    + "; done > /dev/tty1; echo DRAWN-$((6*7))", "DRAWN-42", Duration.ofSeconds(30));
            Screen drawn = Screen.of(connection.domains().screenshot(uuid));
            // QEMU's VGA text mode: 80x25 cells of 9x16 pixels.
            assertEquals(720, drawn.width());
            assertEquals(400, drawn.height());
            assertTrue(cleared.lit() < 1_000, "a cleared screen is dark but for the cursor: " + cleared.lit());
            assertTrue(drawn.lit() > 20_000, "20 lines of 70 M's light the screen: " + drawn.lit());

            // A reader of the first terminal, where the guest's keyboard types.
            reader.typeUntilSeen(console.output(), "(read line < /dev/tty1; echo TYPED-$line-END) & sleep 1; echo READING-$((6*7))",
                    "READING-42", Duration.ofSeconds(30));
            for (int key : new int[] {47, 33, 45, 28}) { // KEY_V, KEY_F, KEY_X, KEY_ENTER
                connection.domains().sendKey(uuid, 0, key);
            }
            reader.await("TYPED-vfx-END", Duration.ofSeconds(30));
            assertTrue(reader.seen("TYPED-vfx-END"), "the guest's terminal read the keys: " + reader.text());

            connection.domains().setVcpus(uuid, 2, EnumSet.of(DeviceScope.LIVE));
            reader.typeUntilSeen(console.output(), "echo CPUS-$(cat /sys/devices/system/cpu/present)-END",
                    "CPUS-0-1-END", Duration.ofSeconds(60));
            assertEquals(2, connection.domains().stats(uuid).vcpus());
            assertTrue(connection.domains().xml(uuid, true).contains("current='1'>2</vcpu>"),
                    "a live change leaves the definition");
            connection.domains().setMemory(uuid, 200 * 1024, EnumSet.of(DeviceScope.LIVE, DeviceScope.CONFIG));
            assertTrue(connection.domains().xml(uuid, true).contains("<currentMemory unit='KiB'>204800</currentMemory>"),
                    connection.domains().xml(uuid, true));
            VirtException above = assertThrows(VirtException.class,
                    () -> connection.domains().setMemory(uuid, 512 * 1024, EnumSet.of(DeviceScope.LIVE)));
            assertTrue(above.getMessage().contains("cannot set memory higher than max memory"), above.getMessage());
        } finally {
            connection.domains().destroy(uuid);
            connection.domains().undefine(uuid);
        }
    }

    /** A binary PPM screenshot: its size, and how many of its pixels are lit. */
    private record Screen(int width, int height, int lit) {
        static Screen of(byte[] ppm) {
            String[] header = new String(ppm, 0, Math.min(ppm.length, 32), StandardCharsets.US_ASCII).split("\\s+", 5);
            assertEquals("P6", header[0], "a binary PPM");
            int width = Integer.parseInt(header[1]);
            int height = Integer.parseInt(header[2]);
            assertEquals("255", header[3]);
            int start = ppm.length - 3 * width * height;
            int lit = 0;
            for (int p = start; p < ppm.length; p += 3) {
                if ((ppm[p] & 0xff) + (ppm[p + 1] & 0xff) + (ppm[p + 2] & 0xff) > 3 * 64) {
                    lit++;
                }
            }
            return new Screen(width, height, lit);
        }
    }

    @Test
    void closingTheConsoleWakesItsReader() throws Exception {
        LibvirtTestGuest guest = LibvirtTestGuest.get();
        connect(Keepalive.USUAL);
        UUID uuid = connection.domains().define(guest.domainXml("quiet-guest")).uuid();
        connection.domains().start(uuid);
        DomainConsole console = connection.domains().openConsole(uuid);
        CompletableFuture<Integer> reading = CompletableFuture.supplyAsync(() -> {
            try {
                byte[] buffer = new byte[4096];
                int n;
                while ((n = console.input().read(buffer)) >= 0) {
                    // What the guest boots with; the read that matters is the one close interrupts.
                    assertTrue(n > 0);
                }
                return -1;
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(500);
        console.close();
        ExecutionException woken = assertThrows(ExecutionException.class, () -> reading.get(5, TimeUnit.SECONDS));
        assertTrue(woken.getCause().getCause() instanceof AsynchronousCloseException, woken.toString());
        assertThrows(IOException.class, () -> console.output().write('x'));
        assertEquals(DomainState.RUNNING, connection.domains().byUuid(uuid).orElseThrow().state(),
                "closing the console leaves the guest running");
        connection.domains().destroy(uuid);
    }

    @Test
    void theHostsPciAndUsbDevicesAreListedForThePickers() throws Exception {
        connect(Keepalive.USUAL);
        Set<String> pci;
        try (Stream<Path> devices = Files.list(Path.of("/sys/bus/pci/devices"))) {
            pci = devices.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
        List<HostDevice> listed = connection.host().devices(HostDevice.Kind.PCI);
        assertEquals(pci, listed.stream().map(HostDevice::address).collect(Collectors.toSet()),
                "every PCI device of the host, at the address lspci gives it");
        assertTrue(listed.stream().allMatch(d -> d.kind() == HostDevice.Kind.PCI && d.vendorId().startsWith("0x")));
        long usb = 0;
        Path usbDevices = Path.of("/sys/bus/usb/devices");
        if (Files.isDirectory(usbDevices)) {
            try (Stream<Path> devices = Files.list(usbDevices)) {
                usb = devices.filter(p -> Files.exists(p.resolve("devnum"))).count();
            }
        }
        assertEquals(usb, connection.host().devices(HostDevice.Kind.USB).size(), "USB devices, root hubs included");
    }

    @Test
    void aDaemonThatDiesClosesTheConnectionAtOnceSayingSo() throws Exception {
        connect(Keepalive.USUAL);
        daemon.kill();
        ConnectionClosedEvent closed = next(ConnectionClosedEvent.class, Duration.ofSeconds(10));
        assertEquals("end of file from the server", closed.reason());
        assertEquals(Optional.of("end of file from the server"), connection.disconnected());
    }

    @Test
    void aDaemonThatHangsClosesTheConnectionWithinTheKeepaliveLimit() throws Exception {
        Keepalive quick = new Keepalive(1, 2);
        connect(quick);
        assertFalse(connection.disconnected().isPresent());
        long frozen = System.nanoTime();
        daemon.freeze();
        ConnectionClosedEvent closed = next(ConnectionClosedEvent.class, quick.limit().plusSeconds(5));
        Duration took = Duration.ofNanos(System.nanoTime() - frozen);
        assertEquals("keepalive timeout", closed.reason());
        assertTrue(took.compareTo(quick.limit().plusSeconds(2)) <= 0, "closed after " + took);
        System.out.println("keepalive (1 s, 2 probes): a hung daemon closed the connection after " + took.toMillis() + " ms");
    }
}
