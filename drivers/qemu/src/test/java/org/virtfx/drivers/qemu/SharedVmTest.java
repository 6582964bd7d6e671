package org.virtfx.drivers.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.event.DomainEvent;
import org.virtfx.drivers.qemu.process.TestGuest;
import org.virtfx.plumbing.netdev.RootTests;
import org.virtfx.plumbing.process.ProcessEnds;
import org.virtfx.plumbing.process.ProcessTable;

/**
 * No daemon: several VirtFX processes manage the same running VMs. The process that started a
 * VM holds its event monitor; the others are its guests, with commands in short sessions on
 * QEMU's second monitor. A look (a list or lookup) shows what another process's finished job
 * did: a start, a pause, a resume, a destroy. These run this test's JVM as one process and
 * {@link QemuChild} JVMs as the others, on one host's directories.
 */
class SharedVmTest {
    private static final int VMS = 3;

    @BeforeEach
    void root() {
        RootTests.requireRoot();
    }

    /**
     * This process (A) starts the VMs; B, opened before, and C, opened after, list them running
     * at once; B's suspend, resume and destroy show in A's next look, and A starts the VM again.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void processesOpenedBeforeAndAfterAStartShareTheVm() throws Exception {
        try (QemuTestHost host = QemuTestHost.open(); Served b = Served.open(host)) {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < VMS; i++) {
                names.add("s" + i);
                host.define("s" + i, QemuTestHost.nic() + "<graphics type='vnc'><listen type='socket'/></graphics>");
            }
            Listing idle = listIn(host);
            for (String name : names) {
                host.connection.domains().start(uuid(host, name));
            }

            long looking = System.nanoTime();
            Map<String, String> seenByB = b.list();
            long lookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - looking);
            Listing held = listIn(host);
            for (String name : names) {
                assertEquals("running", seenByB.get(name), "B, opened before the start: " + seenByB);
                assertEquals("running", held.states().get(name), "C, opened after: " + held);
            }

            assertEquals("done", b.send("suspend s0"));
            assertEquals(DomainState.PAUSED, host.connection.domains().byName("s0").orElseThrow().state(),
                    "A's look after B's suspend");
            assertEquals("paused", listIn(host).states().get("s0"), "a process opened after the suspend");
            assertEquals("done", b.send("resume s0"));
            assertEquals(DomainState.RUNNING, host.connection.domains().byName("s0").orElseThrow().state(),
                    "A's look after B's resume");

            long pid = host.connection.qemuDomains().pid(uuid(host, "s0"));
            assertEquals("done", b.send("destroy s0"));
            assertEquals(DomainState.SHUTOFF, host.connection.domains().byName("s0").orElseThrow().state(),
                    "A's look after B's destroy");
            assertTrue(ProcessEnds.ended(pid), "QEMU is gone");
            host.connection.domains().start(uuid(host, "s0"));
            assertEquals("running", b.list().get("s0"), "B's look after A's new start");
            assertEquals(VMS, host.taps().size(), "one tap for each VM: " + host.taps());

            System.out.println("shared VMs: second_open_idle_ms=" + idle.openedMillis() + " second_open_held_ms="
                    + held.openedMillis() + " held_vms=" + VMS + " look_after_start_ms=" + lookMillis);
        }
    }

    /**
     * B (this process) has the VM as a guest of A, which started it; A is killed with SIGKILL,
     * and B still pauses, resumes and destroys it, taking the event monitor over, and nothing of
     * the VM is left: no QEMU, tap, record, live XML or directory.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aVmWhoseHoldingProcessIsKilledStaysManageable() throws Exception {
        try (QemuTestHost host = QemuTestHost.open()) {
            UUID uuid = host.define("k", QemuTestHost.nic()).uuid();
            QemuDriverConfig config = QemuTestHost.config(host.directory, host.namespace);
            long pid;
            try (Served a = Served.open(host)) {
                assertEquals("done", a.send("start k"));
                assertEquals(DomainState.RUNNING, host.connection.domains().byUuid(uuid).orElseThrow().state());
                QemuRuntime runtime = host.connection.qemuDomains().objects().require(uuid).runtime();
                assertFalse(runtime.ownsMonitor(), "A holds the monitor, B is its guest");
                pid = runtime.process().pid();
                a.kill();
            }
            host.connection.domains().suspend(uuid);
            assertEquals(DomainState.PAUSED, host.connection.domains().byUuid(uuid).orElseThrow().state());
            assertTrue(host.connection.qemuDomains().objects().require(uuid).runtime().ownsMonitor(),
                    "B took over the monitor of the killed holder");
            assertEquals("paused", host.connection.qemuDomains().objects().require(uuid).runtime().process()
                    .execute("query-status", java.time.Duration.ofSeconds(30)).path("status").asText());
            host.connection.domains().resume(uuid);
            assertEquals(DomainState.RUNNING, host.connection.domains().byUuid(uuid).orElseThrow().state());
            host.connection.domains().destroy(uuid);

            assertEquals(DomainState.SHUTOFF, host.connection.domains().byUuid(uuid).orElseThrow().state());
            assertTrue(ProcessEnds.ended(pid), "QEMU is gone");
            assertEquals(List.of(), host.taps(), "no tap left");
            assertEquals(List.of(), ProcessTable.naming(host.directory.toString()), "no process left");
            assertFalse(Files.exists(config.stateDirectory().resolve(uuid.toString())), "the VM's directory is gone");
            assertFalse(Files.exists(VmStateFile.path(config, "k")), "the record is gone");
            assertFalse(Files.exists(VmStop.liveXml(config, "k")), "the live XML is gone");
        }
    }

    /**
     * The GUI lists once and then follows events. This process (A) does the same while B,
     * another process, starts, suspends and destroys a VM: A is told each change by an event,
     * from the driver's own look once a second and its watch of QEMU's pid, without listing.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aProcessThatOnlyFollowsEventsIsToldOfAnotherProcesssChanges() throws Exception {
        try (QemuTestHost host = QemuTestHost.open()) {
            UUID uuid = host.define("e", QemuTestHost.nic()).uuid();
            try (Served b = Served.open(host)) {
                followEvents(host, b, uuid);
            }
        }
    }

    /**
     * B, opened before, defines a VM after this process (A) opened: A's next lookup finds it and
     * A's look sends the DEFINED event; it starts and runs as usual. B undefines it while it runs:
     * A shows it transient; once it is destroyed, it leaves A's list. A VM A defines shows in B.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aVmDefinedOrUndefinedByAnotherProcessShowsInTheNextLook() throws Exception {
        try (QemuTestHost host = QemuTestHost.open(); Served b = Served.open(host)) {
            int before = host.events.size();
            assertEquals("done", b.send("define d1"));
            DomainSummary found = host.connection.domains().byName("d1").orElseThrow(() ->
                    new AssertionError("A does not see the VM B defined"));
            assertTrue(found.persistent());
            assertTrue(host.events.stream().skip(before).anyMatch(e -> e.domain().name().equals("d1")
                    && e.type().name().equals("DEFINED")), "A's look tells of B's define: " + host.events);

            host.connection.domains().start(found.uuid());
            assertEquals("running", b.list().get("d1"), "B's look after A's start");
            assertEquals("done", b.send("undefine d1"));
            DomainSummary transientNow = host.connection.domains().byName("d1").orElseThrow();
            assertEquals(DomainState.RUNNING, transientNow.state());
            assertFalse(transientNow.persistent(), "undefined elsewhere while running, the VM runs on as a transient one");
            assertEquals("done", b.send("destroy d1"));
            assertTrue(host.connection.domains().byName("d1").isEmpty(), "a stopped transient VM leaves the list");

            assertEquals("done", b.send("define d2"));
            assertTrue(host.connection.domains().list().stream().anyMatch(d -> d.name().equals("d2")));
            assertEquals("done", b.send("undefine d2"));
            assertTrue(host.connection.domains().list().stream().noneMatch(d -> d.name().equals("d2")),
                    "a VM undefined elsewhere leaves A's list");
            assertTrue(host.events.stream().skip(before).anyMatch(e -> e.domain().name().equals("d2")
                    && e.type().name().equals("UNDEFINED")), "with libvirt's event: " + host.events);

            host.define("d3", "");
            assertEquals("shutoff", b.list().get("d3"), "B sees the VM A defined after B opened");
            assertEquals(List.of(), host.taps(), "no tap left");
        }
    }

    /**
     * Domain ids as libvirt numbers them, from 1 and one more per start, whichever process
     * starts the VM, and the same id in every process (B is another JVM).
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void domainIdsCountFromOneAcrossProcessesAndEveryProcessShowsTheSame() throws Exception {
        try (QemuTestHost host = QemuTestHost.open(); Served b = Served.open(host)) {
            UUID first = host.define("i1", "").uuid();
            host.define("i2", "");
            host.connection.domains().start(first);
            assertEquals(1, host.connection.domains().byUuid(first).orElseThrow().id());
            assertEquals("done", b.send("start i2"));
            assertEquals(2, host.connection.domains().byName("i2").orElseThrow().id(), "B's start took the next id");
            assertEquals("1", b.ids().get("i1"), "B shows the id A's start took");

            host.connection.domains().destroy(first);
            assertEquals(-1, host.connection.domains().byUuid(first).orElseThrow().id());
            host.connection.domains().start(first);
            assertEquals(3, host.connection.domains().byUuid(first).orElseThrow().id(), "a new start, a new id");
            assertEquals("3", b.ids().get("i1"));
            assertEquals("i1", host.connection.domains().byId(3).orElseThrow().name());
            assertTrue(host.connection.domains().byId(1).isEmpty(), "the old id is gone with the old start");
            assertEquals("done", b.send("destroy i2"));
            host.connection.domains().destroy(first);
        }
    }

    /**
     * This process (A) is open while B starts a VM and saves it with managedsave: A shows "has
     * managed save" and the VM shut off, and A's start restores from B's image, which then goes;
     * B, in turn, sees that the image is gone.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aManagedSaveMadeByAnotherProcessShowsHereAndAStartHereRestoresIt() throws Exception {
        try (QemuTestHost host = QemuTestHost.open()) {
            UUID uuid = host.connection.domains().define(IdleGuest.xml(IdleGuest.write(host.directory), "m",
                    QemuTestHost.nic())).uuid();
            try (Served b = Served.open(host)) {
                assertEquals("done", b.send("start m"));
                assertFalse(host.connection.domains().hasManagedSave(uuid), "A, before the save");
                assertEquals("done", b.send("managedsave m"));
                assertTrue(host.connection.domains().hasManagedSave(uuid), "A, open during B's save");
                assertEquals(DomainState.SHUTOFF, host.connection.domains().byUuid(uuid).orElseThrow().state());

                int before = host.events.size();
                host.connection.domains().start(uuid);
                assertTrue(host.events.stream().skip(before).anyMatch(e -> e.domain().uuid().equals(uuid)
                        && e.type() == DomainEvent.Type.STARTED && e.detail().equals("restored")),
                        "A's start restored B's image: " + host.events);
                assertEquals("running", host.connection.qemuDomains().objects().require(uuid).runtime().process()
                        .execute("query-status", java.time.Duration.ofSeconds(30)).path("status").asText());
                assertFalse(Files.exists(host.connection.qemuDomains().managedSaveImage(uuid)), "the image is gone");
                assertFalse(host.connection.domains().hasManagedSave(uuid));
                assertEquals("managedsave=false", b.send("hasmanagedsave m"), "B, after A's restore");
                host.connection.domains().destroy(uuid);
            }
        }
    }

    /**
     * B starts the VM and holds its event monitor; this process (A) asks for an ACPI reboot: the
     * guest powers off, B resets it and it boots again in the same QEMU. A asks again and B is
     * killed with SIGKILL at once: A takes the monitor over and finishes the reboot (whether the
     * power-off came before or after the takeover), and nothing is left stopped or marked.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void anAcpiRebootFromAProcessWithoutTheMonitorRebootsTheGuestEvenWhenTheHolderIsKilled() throws Exception {
        try (QemuTestHost host = QemuTestHost.open()) {
            UUID uuid = host.define("r", "").uuid();
            try (Served b = Served.open(host)) {
                assertEquals("done", b.send("start r"));
                assertEquals(DomainState.RUNNING, host.connection.domains().byUuid(uuid).orElseThrow().state());
                QemuRuntime runtime = host.connection.qemuDomains().objects().require(uuid).runtime();
                assertFalse(runtime.ownsMonitor(), "B holds the monitor, A is its guest");
                long pid = runtime.process().pid();
                try (VmLifecycleTest.ConsoleReader console = new VmLifecycleTest.ConsoleReader(
                        host.connection.domains().openConsole(uuid))) {
                    console.await("# ");
                    int before = console.text().length();
                    host.connection.domains().reboot(uuid);
                    VmLifecycleTest.await(() -> console.text().indexOf(TestGuest.BANNER, before) >= 0,
                            "the guest boots again after A's reboot");
                    assertEquals("running", b.list().get("r"), "B, which reset it");

                    int banner = console.text().indexOf(TestGuest.BANNER, before);
                    VmLifecycleTest.await(() -> console.text().indexOf("# ", banner) >= 0, "a shell again");
                    int second = console.text().length();
                    host.connection.domains().reboot(uuid);
                    b.kill();
                    VmLifecycleTest.await(() -> console.text().indexOf(TestGuest.BANNER, second) >= 0,
                            "the guest boots again though B was killed");
                }
                assertEquals(pid, host.connection.qemuDomains().pid(uuid), "the same QEMU");
                VmLifecycleTest.await(runtime::ownsMonitor, "A takes the monitor over");
                assertEquals("running", runtime.process().execute("query-status", java.time.Duration.ofSeconds(30))
                        .path("status").asText());
                assertEquals(DomainState.RUNNING, host.connection.domains().byUuid(uuid).orElseThrow().state());
                assertFalse(Files.exists(runtime.directory().resolve("reboot")), "no reboot is left marked");
                host.connection.domains().destroy(uuid);
            }
        }
    }

    /**
     * This process (A) starts a VM; B plugs a NIC into it: A's next lookup shows it in the live
     * XML, with its tap and alias, and a NIC A plugs next is net1 beside it. B plugs another and is
     * killed at some moment of that plug; A's stop of the VM removes every tap made for it,
     * B's included, which A knows only from the state record.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aDeviceHotPluggedByAnotherProcessShowsHereAndItsTapGoesWithTheVm() throws Exception {
        try (QemuTestHost host = QemuTestHost.open()) {
            // ACPI: the pc machine's root bus takes hot-plugged devices only through it.
            UUID uuid = host.connection.domains().define(IdleGuest.xml(IdleGuest.write(host.directory), "h", "")
                    .replace("</os>", "</os><features><acpi/></features>")).uuid();
            host.connection.domains().start(uuid);
            try (Served b = Served.open(host)) {
                assertEquals("done", b.send("attach h " + QemuTestHost.nic("52:54:00:0b:00:01")));
                // A lookup is A's next look: it catches up with B's live XML on disk.
                host.connection.domains().byUuid(uuid).orElseThrow();
                String live = host.connection.domains().xml(uuid, false);
                String tap = host.taps().get(0).name();
                assertTrue(live.contains("52:54:00:0b:00:01") && live.contains("<target dev='" + tap + "'/>")
                        && live.contains("<alias name='net0'/>"), "A's live XML after B's plug: " + live);
                assertTrue(VmStateFile.find(QemuTestHost.config(host.directory, host.namespace), "h").orElseThrow()
                        .taps().stream().anyMatch(t -> t.name().equals(tap)), "the tap is in the record");

                host.connection.domains().attachDevice(uuid, QemuTestHost.nic("52:54:00:0a:00:02"),
                        java.util.Set.of(org.virtfx.core.domain.DeviceScope.LIVE));
                assertTrue(host.connection.domains().xml(uuid, false).contains("<alias name='net1'/>"),
                        "A's plug comes after B's: " + host.connection.domains().xml(uuid, false));
                assertEquals(2, host.taps().size(), host.taps().toString());

                b.sendOnly("attach h " + QemuTestHost.nic("52:54:00:0b:00:03"));
                int killAfterMillis = new java.util.Random().nextInt(400);
                System.out.println("SharedVmTest: B killed " + killAfterMillis + " ms into its plug");
                Thread.sleep(killAfterMillis);
                b.kill();
            }
            host.connection.domains().destroy(uuid);
            assertEquals(List.of(), host.taps(), "every tap went with the VM");
        }
    }

    /**
     * B starts a VM whose disk lies on a file system with 1 MiB free and holds its event monitor;
     * the guest writes 4 MiB to the disk and QEMU pauses it for the I/O error, as the disk's
     * {@code error_policy='stop'} says (QEMU's {@code werror=stop}). This process (A), B's guest, shows it paused with reason "I/O error"
     * on its next look, without taking the monitor over, and so does a process opened after.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aPauseQemuMakesByItselfShowsInTheOtherProcessesWithItsReason() throws Exception {
        try (QemuTestHost host = QemuTestHost.open()) {
            Path full = Files.createDirectories(host.directory.resolve("full"));
            run("mount", "-t", "tmpfs", "-o", "size=1m", "vfxfull", full.toString());
            try {
                Path image = full.resolve("disk.img");
                try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(image.toFile(), "rw")) {
                    file.setLength(64 << 20);
                }
                UUID uuid = host.define("io", "<disk type='file' device='disk'><driver name='qemu' type='raw' error_policy='stop'/>"
                        + "<source file='" + image + "'/><target dev='vda' bus='virtio'/></disk>").uuid();
                try (Served b = Served.open(host)) {
                    assertEquals("done", b.send("start io"));
                    assertEquals(DomainState.RUNNING, host.connection.domains().byUuid(uuid).orElseThrow().state());
                    QemuRuntime runtime = host.connection.qemuDomains().objects().require(uuid).runtime();
                    String cmdline = Files.readString(Path.of("/proc", String.valueOf(runtime.process().pid()), "cmdline"));
                    assertTrue(cmdline.contains("\"werror\":\"stop\",\"rerror\":\"stop\""), "QEMU is told: " + cmdline);
                    try (VmLifecycleTest.ConsoleReader console = new VmLifecycleTest.ConsoleReader(
                            host.connection.domains().openConsole(uuid))) {
                        console.await("# ");
                        console.type("dd if=/dev/zero of=/dev/vda bs=64k count=64; sync");
                        VmLifecycleTest.await(() -> host.connection.domains().byUuid(uuid).orElseThrow().state()
                                == DomainState.PAUSED, "A shows the pause QEMU made");
                    }
                    DomainSummary seen = host.connection.domains().byUuid(uuid).orElseThrow();
                    assertEquals(org.virtfx.core.domain.StateReason.IOERROR, seen.reason(), "with its reason");
                    assertFalse(runtime.ownsMonitor(), "without taking the monitor over");
                    assertEquals("paused", b.list().get("io"), "B, the holder");
                    assertEquals("paused", listIn(host).states().get("io"), "a process opened after");
                    assertTrue(host.events.stream().anyMatch(e -> e.domain().uuid().equals(uuid)
                            && e.type() == DomainEvent.Type.SUSPENDED && e.detail().equals("I/O error")),
                            "A tells it: " + host.events);
                    host.connection.domains().destroy(uuid);
                }
            } finally {
                // Lazily: a failure above may leave QEMU holding the file, and this must not hide it.
                run("umount", "-l", full.toString());
            }
        }
    }

    /**
     * B starts a guest with a pvpanic device and {@code <on_crash>preserve</on_crash>} and holds
     * its event monitor; the guest's kernel panics ({@code echo c > /proc/sysrq-trigger}) and
     * QEMU keeps it, stopped. This process (A) shows it crashed with reason "panicked", as
     * libvirt's VIR_DOMAIN_CRASHED_PANICKED, and so do B and a process opened after; a destroy
     * from here ends it. Each of the two pvpanic models is tried: ISA (found through ACPI) and PCI.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aGuestPanicKeptByOnCrashPreserveShowsCrashedInEveryProcess() throws Exception {
        try (QemuTestHost host = QemuTestHost.open(); Served b = Served.open(host)) {
            for (String model : List.of("isa", "pvpanic")) {
                String name = "panic-" + model;
                UUID uuid = host.connection.domains().define(QemuTestHost.guestXml(name, "<panic model='" + model + "'/>")
                        .replace("<devices>", "<on_crash>preserve</on_crash><devices>")).uuid();
                assertEquals("done", b.send("start " + name));
                assertEquals(DomainState.RUNNING, host.connection.domains().byUuid(uuid).orElseThrow().state());
                QemuRuntime runtime = host.connection.qemuDomains().objects().require(uuid).runtime();
                try (VmLifecycleTest.ConsoleReader console = new VmLifecycleTest.ConsoleReader(
                        host.connection.domains().openConsole(uuid))) {
                    console.await("# ");
                    console.type("echo c > /proc/sysrq-trigger");
                    VmLifecycleTest.await(() -> host.connection.domains().byUuid(uuid).orElseThrow().state()
                            == DomainState.CRASHED, model + ": A shows the guest crashed");
                }
                DomainSummary seen = host.connection.domains().byUuid(uuid).orElseThrow();
                assertEquals(org.virtfx.core.domain.StateReason.PANICKED, seen.reason(), model + ": with its reason");
                assertFalse(runtime.ownsMonitor(), "without taking the monitor over");
                assertEquals("crashed", b.list().get(name), model + ": B, the holder");
                assertEquals("crashed", listIn(host).states().get(name), model + ": a process opened after");
                assertEquals("guest-panicked", runtime.process().execute("query-status", java.time.Duration.ofSeconds(30))
                        .path("status").asText(), "QEMU kept the guest");
                host.connection.domains().destroy(uuid);
                assertEquals("shutoff", b.list().get(name), model + ": B after A's destroy");
            }
        }
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), String.join(" ", command) + ": " + output);
    }

    /** B runs each step; A waits (10 s at most) for the step's event and notes how long it took. */
    private static void followEvents(QemuTestHost host, Served b, UUID uuid) throws Exception {
        List<String> delays = new ArrayList<>();
        for (String[] step : new String[][] {{"start e", "STARTED"}, {"suspend e", "SUSPENDED"},
                {"resume e", "RESUMED"}, {"destroy e", "STOPPED"}}) {
            int before = host.events.size();
            assertEquals("done", b.send(step[0]));
            long done = System.nanoTime();
            while (host.events.stream().skip(before).noneMatch(e -> e.domain().uuid().equals(uuid)
                    && e.type().name().equals(step[1]))) {
                assertTrue(System.nanoTime() - done < TimeUnit.SECONDS.toNanos(10),
                        "no " + step[1] + " event after B's " + step[0] + ": " + host.events);
                Thread.sleep(5);
            }
            delays.add(step[1].toLowerCase() + "_event_ms=" + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - done));
        }
        assertEquals(List.of(), host.taps(), "no tap left");
        System.out.println("events of another process's changes: " + String.join(" ", delays));
    }

    private static UUID uuid(QemuTestHost host, String name) {
        return host.connection.domains().byName(name).orElseThrow().uuid();
    }

    /** What a process opened now lists, and how long it took to open. */
    private record Listing(long openedMillis, Map<String, String> states, String output) {
    }

    private static Listing listIn(QemuTestHost host) throws Exception {
        Path output = Files.createTempFile("virtfx-qemu-child-", ".out");
        try {
            Process child = new ProcessBuilder(QemuChild.commandLine(host, List.of(), "list", List.of()))
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!child.waitFor(2, TimeUnit.MINUTES)) {
                child.destroyForcibly();
                throw new AssertionError("the listing process did not end within two minutes");
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            assertTrue(text.lines().noneMatch(l -> l.startsWith("warning ")), text);
            Map<String, String> states = new LinkedHashMap<>();
            text.lines().filter(l -> l.startsWith("domain ")).map(l -> l.split(" ")).forEach(f -> states.put(f[1], f[2]));
            long opened = text.lines().filter(l -> l.startsWith("opened_ms=")).map(l -> Long.parseLong(l.substring(10)))
                    .findFirst().orElseThrow(() -> new AssertionError(text));
            return new Listing(opened, states, text);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** A {@link QemuChild} that stays open, as the GUI does, and runs the commands it is sent. */
    private static final class Served implements AutoCloseable {
        private final Process process;
        private final Writer in;
        private final BufferedReader out;
        private final Path errors;

        private Served(Process process, Path errors) {
            this.process = process;
            this.errors = errors;
            this.in = process.outputWriter(StandardCharsets.UTF_8);
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        static Served open(QemuTestHost host) throws IOException {
            Path errors = Files.createTempFile("virtfx-qemu-child-", ".err");
            Process process = new ProcessBuilder(QemuChild.commandLine(host, List.of(), "serve", List.of()))
                    .redirectError(errors.toFile()).start();
            Served served = new Served(process, errors);
            String first = served.out.readLine();
            if (!"ready".equals(first)) {
                served.close();
                throw new AssertionError("the child did not open: " + first + " " + Files.readString(errors));
            }
            return served;
        }

        /** Runs a command and returns its answer line: {@code done} or {@code error MESSAGE}. */
        String send(String command) throws IOException {
            in.write(command + "\n");
            in.flush();
            String answer = out.readLine();
            if (answer == null) {
                throw new AssertionError("the child ended: " + Files.readString(errors));
            }
            return answer;
        }

        /** Sends a command without waiting for its answer (the child may be killed during it). */
        void sendOnly(String command) throws IOException {
            in.write(command + "\n");
            in.flush();
        }

        /** The child's listing: each VM's state by name. */
        Map<String, String> list() throws IOException {
            return listed(2);
        }

        /** The child's listing: each VM's domain id by name (-1 while shut off). */
        Map<String, String> ids() throws IOException {
            return listed(3);
        }

        private Map<String, String> listed(int field) throws IOException {
            Map<String, String> values = new LinkedHashMap<>();
            for (String line = send("list"); !line.equals("end"); line = out.readLine()) {
                String[] fields = line.split(" ");
                if (!fields[0].equals("domain")) {
                    throw new AssertionError("unexpected answer to list: " + line);
                }
                values.put(fields[1], fields[field]);
            }
            return values;
        }

        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor();
        }

        @Override
        public void close() throws IOException {
            try {
                in.close();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (IOException | InterruptedException ended) {
                process.destroyForcibly();
            } finally {
                Files.deleteIfExists(errors);
            }
        }
    }
}
