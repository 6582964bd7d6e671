package org.virtfx.drivers.lxc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.virtfx.core.config.CrossProcessLock;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.domain.DomainStats;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.domain.StateReason;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.event.DomainEvent;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlParser;
import org.virtfx.plumbing.netdev.LinkInfo;
import org.virtfx.plumbing.netdev.RootTests;

/** One container through its life: what a user sees inside it, on the host and in events. */
class ContainerLifecycleTest {

    @BeforeEach
    void root() {
        RootTests.requireRoot();
    }

    @Test
    void startedContainerHasItsOwnNamespacesNetworkAndMounts() throws Exception {
        try (LxcTestHost host = LxcTestHost.open()) {
            UUID uuid = host.define("web1", "/bin/sleep", "infinity").uuid();
            host.connection.domains().start(uuid);

            DomainSummary running = host.connection.domains().byUuid(uuid).orElseThrow();
            assertEquals(DomainState.RUNNING, running.state());
            long init = host.domains().initPid(uuid).orElseThrow();
            assertEquals("web1", inside(init, "-u", "hostname").strip());
            assertEquals("1", nspid(init), "init is pid 1 of its own pid namespace");
            for (String ns : List.of("pid", "mnt", "uts", "ipc", "net")) {
                assertFalse(Files.readSymbolicLink(Path.of("/proc", Long.toString(init), "ns", ns))
                        .equals(Files.readSymbolicLink(Path.of("/proc/self/ns", ns))), ns + " namespace is the host's");
            }
            String mounts = Files.readString(Path.of("/proc", Long.toString(init), "mounts"));
            assertTrue(mounts.contains(" /proc proc "), mounts);
            assertTrue(mounts.contains(" /sys sysfs "), mounts);
            assertTrue(mounts.contains(" /dev tmpfs "), mounts);
            assertTrue(mounts.contains(" /dev/pts devpts "), mounts);
            assertFalse(Files.readString(Path.of("/proc/self/mounts")).contains("devfs /dev tmpfs"),
                    "container mounts leaked to the host");

            String mac = macOf(host, uuid);
            String address = Files.readString(Path.of("/proc", Long.toString(init), "root/sys/class/net/eth0/address"));
            assertEquals(mac, address.strip(), "eth0 inside carries the domain's MAC");
            String flags = Files.readString(Path.of("/proc", Long.toString(init), "root/sys/class/net/eth0/flags"));
            assertEquals(1, Integer.decode(flags.strip()) & 1, "eth0 is up inside");
            String hostEnd = hostEndOf(host, uuid);
            LinkInfo end = host.devices.find(hostEnd).orElseThrow();
            assertEquals(LxcTestHost.BRIDGE, end.master().orElseThrow(), "host end is a port of the network's bridge");
            assertTrue(end.up());

            DomainStats stats = host.connection.domains().stats(uuid);
            assertTrue(stats.memoryKiB() > 0, "memory in use is reported");
            assertTrue(stats.cpuTimeNanos() > 0, "CPU time is reported");

            host.connection.domains().suspend(uuid);
            assertEquals(DomainState.PAUSED, host.connection.domains().byUuid(uuid).orElseThrow().state());
            // The freezer stops tasks in the kernel: "D" on cgroup v1, "T"-like on v2; never runnable.
            assertTrue(List.of("D", "T", "t").contains(processState(init)), "init is frozen: " + processState(init));
            host.connection.domains().resume(uuid);
            assertEquals(DomainState.RUNNING, host.connection.domains().byUuid(uuid).orElseThrow().state());

            long started = System.nanoTime();
            host.connection.domains().destroy(uuid);
            long destroyMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue(destroyMillis < 1000, "destroy waited " + destroyMillis + " ms: no grace period allowed");

            DomainSummary after = host.connection.domains().byUuid(uuid).orElseThrow();
            assertEquals(DomainState.SHUTOFF, after.state());
            assertEquals(StateReason.DESTROYED, after.reason());
            assertTrue(ProcessHandle.of(init).isEmpty(), "init is gone once destroy returns");
            assertNoCgroupLeft(host, uuid);
            await(() -> host.devices.find(hostEnd).isEmpty(), "the host end disappears with the container");
            assertEquals(List.of(DomainEvent.Type.DEFINED, DomainEvent.Type.STARTED, DomainEvent.Type.SUSPENDED,
                    DomainEvent.Type.RESUMED, DomainEvent.Type.STOPPED),
                    host.events.stream().map(DomainEvent::type).toList());
            assertEquals("destroyed", host.events.get(4).detail());
        }
    }

    @Test
    void shutdownAsksInitAndTheStopIsReportedWhenItExits() throws Exception {
        try (LxcTestHost host = LxcTestHost.open()) {
            UUID uuid = host.define("polite", "/bin/sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1 & wait; done").uuid();
            host.connection.domains().start(uuid);
            // A container's init ignores signals it has no handler for, so a SIGTERM that beat
            // the shell to its trap would be lost (as in libvirt): wait for the handler.
            long init = host.domains().initPid(uuid).orElseThrow();
            await(() -> catchesSigterm(init), "init's shell installs its TERM trap");
            host.connection.domains().shutdown(uuid);
            await(() -> !host.connection.domains().byUuid(uuid).orElseThrow().isActive(), "init exits on SIGTERM");
            await(() -> host.events.size() == 3, "the stop is published");
            DomainEvent last = host.events.get(2);
            assertEquals(DomainEvent.Type.STOPPED, last.type());
            assertEquals("shutdown", last.detail());
            assertNoCgroupLeft(host, uuid);
        }
    }

    @Test
    void containerWhoseInitEndsIsShutOffAtOnce() throws Exception {
        try (LxcTestHost host = LxcTestHost.open()) {
            UUID uuid = host.define("brief", "/bin/sh", "-c", "exit 3").uuid();
            host.connection.domains().start(uuid);
            await(() -> !host.connection.domains().byUuid(uuid).orElseThrow().isActive(),
                    "an init that exits ends the container");
            DomainSummary after = host.connection.domains().byUuid(uuid).orElseThrow();
            assertEquals(StateReason.CRASHED, after.reason(), "a non-zero exit is a crash");
            assertNoCgroupLeft(host, uuid);
        }
    }

    @Test
    void definitionsPersistAndRunningContainersAreFoundAgainAfterRestart() throws Exception {
        try (LxcTestHost host = LxcTestHost.open()) {
            UUID kept = host.define("kept", "/bin/sleep", "infinity").uuid();
            UUID idle = host.define("idle", "/bin/sleep", "infinity").uuid();
            UUID paused = host.define("paused", "/bin/sleep", "infinity").uuid();
            host.connection.domains().setAutostart(idle, true);
            host.connection.domains().start(kept);
            host.connection.domains().start(paused);
            host.connection.domains().suspend(paused);
            int id = host.connection.domains().byUuid(kept).orElseThrow().id();
            assertTrue(Files.exists(host.directory.resolve("etc/kept.xml")));
            assertTrue(Files.isSymbolicLink(host.directory.resolve("etc/autostart/idle.xml")));

            LxcConnection again = host.reopen();
            DomainSummary found = again.domains().byUuid(kept).orElseThrow();
            assertEquals(DomainState.RUNNING, found.state());
            assertEquals(id, found.id());
            assertTrue(again.domains().byUuid(idle).orElseThrow().autostart());
            assertTrue(again.domains().xml(kept, false).contains("<target dev='vnet"), "live XML found again");
            assertEquals(DomainState.PAUSED, again.domains().byUuid(paused).orElseThrow().state(),
                    "a paused container is found paused");
            again.domains().resume(paused);

            long init = again.lxcDomains().initPid(kept).orElseThrow();
            again.domains().destroy(kept);
            assertTrue(ProcessHandle.of(init).isEmpty());
            assertNoCgroupLeft(host, kept);

            again.domains().undefine(idle);
            assertFalse(Files.exists(host.directory.resolve("etc/idle.xml")));
            assertFalse(Files.exists(host.directory.resolve("etc/autostart/idle.xml")));
        }
    }

    @Test
    @Timeout(60)
    void aContainerThatEndsAfterCloseIsLeftToTheNextProcessNotCleanedByTheClosedOne() throws Exception {
        try (LxcTestHost host = LxcTestHost.open()) {
            UUID uuid = host.define("late", "/bin/sleep", "infinity").uuid();
            LxcConnection closing = host.reopen();
            closing.domains().start(uuid);
            long init = closing.lxcDomains().initPid(uuid).orElseThrow();
            ProcessHandle supervisor = ProcessHandle.of(closing.domains().byUuid(uuid).orElseThrow().id())
                    .orElseThrow();
            Path record = ContainerStateFile.path(host.directory.resolve("run"), "late");

            // The domain's lock is taken while the container ends, so the closing connection's
            // watcher cannot clean up yet and keeps trying, as behind a job of another process.
            CrossProcessLock lock = CrossProcessLock.at(host.directory.resolve("run/locks/" + uuid + ".lock"));
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Thread holder = new Thread(() -> lock.hold(Duration.ofSeconds(30), "the test's hold", () -> {
                held.countDown();
                awaitQuietly(release);
                return null;
            }));
            holder.start();
            held.await();
            ProcessHandle.of(init).orElseThrow().destroyForcibly();
            supervisor.onExit().get(10, TimeUnit.SECONDS);
            closing.close();
            release.countDown();
            holder.join();

            // A watcher still at work would clean up within one retry (50 ms) of the release:
            // twenty retries' time without a change shows there is none (no clock is asserted).
            Thread.sleep(1000);
            assertTrue(Files.exists(record), "the closed connection removed the record of a container that ended"
                    + " after close");
            assertTrue(Files.exists(ContainerStateFile.liveXml(host.directory.resolve("run"), "late")));

            LxcConnection next = host.reopen();
            assertFalse(next.domains().byUuid(uuid).orElseThrow().isActive());
            assertFalse(Files.exists(record), "the next process cleans up after the ended container");
            assertNoCgroupLeft(host, uuid);
        }
    }

    @Test
    void aBrokenOrClashingStoredDefinitionIsSkippedAndTheOthersLoad() throws Exception {
        try (LxcTestHost host = LxcTestHost.open()) {
            UUID web = host.define("web", "/bin/sleep", "infinity").uuid();
            UUID db = host.define("db", "/bin/sleep", "infinity").uuid();
            Path etc = host.directory.resolve("etc");
            // Another name under web's UUID, as a hand-copied file would have it, and a torn file.
            Files.writeString(etc.resolve("copy.xml"),
                    Files.readString(etc.resolve("web.xml")).replace("<name>web</name>", "<name>copy</name>"));
            Files.writeString(etc.resolve("torn.xml"), "<domain type='lxc'><name>torn</na");

            LxcConnection again = host.reopen();
            List<String> names = again.domains().list().stream().map(DomainSummary::name).sorted().toList();
            assertEquals(1, names.stream().filter(n -> n.equals("web") || n.equals("copy")).count(),
                    "one of the two files with web's UUID loads: " + names);
            assertTrue(names.contains("db"), "the others load: " + names);
            assertFalse(names.contains("torn"), names.toString());
            assertTrue(again.domains().byUuid(web).isPresent());
            assertEquals("db", again.domains().byUuid(db).orElseThrow().name());
        }
    }

    @Test
    @Timeout(30)
    void consoleIsInitsTerminalAndSurvivesAReconnect() throws Exception {
        try (LxcTestHost host = LxcTestHost.open()) {
            UUID uuid = host.define("talk", "/bin/sh", "-c",
                    "while read line; do echo \"got $line on $(tty) sized $(stty size)\"; done").uuid();
            host.connection.domains().start(uuid);
            ContainerConsole console = host.connection.openConsole(uuid);
            console.resize(100, 40);
            assertEquals("got abc on /dev/console sized 40 100", converse(console, "abc"));
            // A second client takes over, as after an application restart.
            ContainerConsole again = host.reopen().openConsole(uuid);
            again.resize(132, 50);
            assertEquals("got def on /dev/console sized 50 132", converse(again, "def"));
        }
    }

    /** Sends one line on the console and returns the answer line. */
    private static String converse(ContainerConsole console, String line) throws Exception {
        try (console) {
            StringBuffer seen = new StringBuffer();
            Thread reader = new Thread(() -> {
                byte[] buffer = new byte[1024];
                try {
                    int n;
                    while ((n = console.input().read(buffer)) > 0) {
                        seen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    }
                } catch (IOException closed) {
                    // The test closed the console.
                }
            });
            reader.setDaemon(true);
            reader.start();
            console.output().write((line + "\n").getBytes(StandardCharsets.UTF_8));
            console.output().flush();
            await(() -> seen.toString().contains("got " + line + " on") && seen.toString().endsWith("\n"),
                    "the container answers on its console");
            return seen.toString().lines().filter(l -> l.startsWith("got ")).findFirst().orElseThrow().strip();
        }
    }

    @Test
    void rebootRestartsInitInANewContainer() throws Exception {
        try (LxcTestHost host = LxcTestHost.open()) {
            UUID uuid = host.define("again", "/bin/sleep", "infinity").uuid();
            host.connection.domains().start(uuid);
            long before = host.domains().initPid(uuid).orElseThrow();
            host.connection.domains().reboot(uuid);
            long after = host.domains().initPid(uuid).orElseThrow();
            assertTrue(ProcessHandle.of(before).isEmpty(), "the old init is gone");
            assertTrue(ProcessHandle.of(after).isPresent());
            assertEquals(DomainState.RUNNING, host.connection.domains().byUuid(uuid).orElseThrow().state());
            assertEquals(List.of(DomainEvent.Type.DEFINED, DomainEvent.Type.STARTED, DomainEvent.Type.REBOOTED),
                    host.events.stream().map(DomainEvent::type).toList(), "a reboot is one event");
        }
    }

    @Test
    void driverFoundByServiceLoaderAutostartsDomainsWhenItOpens() throws Exception {
        try (LxcTestHost host = LxcTestHost.open()) {
            UUID uuid = host.define("boot", "/bin/sleep", "infinity").uuid();
            host.connection.domains().setAutostart(uuid, true);
            String uri = "lxc:///embed?root=" + host.directory + "&netns=" + host.namespace.name();
            try (org.virtfx.core.connect.Connection embedded = org.virtfx.core.connect.DriverRegistry.discover()
                    .open(uri)) {
                assertEquals("lxc", embedded.driverName());
                DomainSummary started = embedded.domains().byUuid(uuid).orElseThrow();
                assertEquals(DomainState.RUNNING, started.state(), "autostart ran when the driver opened");
                try (org.virtfx.core.connect.Connection second = org.virtfx.core.connect.DriverRegistry.discover()
                        .open(uri)) {
                    UUID other = second.domains().define("<domain type='lxc'><name>other</name><memory>65536</memory>"
                            + "<os><type>exe</type><init>/bin/sleep</init></os></domain>").uuid();
                    assertTrue(embedded.domains().byUuid(other).isPresent(), "connections share one driver state");
                    second.domains().undefine(other);
                }
                assertEquals(DomainState.RUNNING, embedded.domains().byUuid(uuid).orElseThrow().state(),
                        "closing one connection leaves the state to the others");
                embedded.domains().destroy(uuid);
            }
        }
    }

    @Test
    void bridgeAndEthernetInterfacesWithGuestNamesAndLinkState() throws Exception {
        try (LxcTestHost host = LxcTestHost.open()) {
            UUID uuid = host.connection.domains().define("<domain type='lxc'><name>nics</name><memory>65536</memory>"
                    + "<os><type>exe</type><init>/bin/sleep</init><initarg>infinity</initarg></os><devices>"
                    + "<interface type='bridge'><source bridge='" + LxcTestHost.BRIDGE + "'/><guest dev='lan0'/>"
                    + "</interface><interface type='ethernet'><target dev='vfxeth7'/><link state='down'/></interface>"
                    + "</devices></domain>").uuid();
            host.connection.domains().start(uuid);
            long init = host.domains().initPid(uuid).orElseThrow();
            Path net = Path.of("/proc", Long.toString(init), "root/sys/class/net");
            assertEquals(1, Integer.decode(Files.readString(net.resolve("lan0/flags")).strip()) & 1, "lan0 is up");
            assertEquals(0, Integer.decode(Files.readString(net.resolve("eth1/flags")).strip()) & 1,
                    "<link state='down'/> leaves eth1 down");
            XmlElement devices = new XmlParser().parse(host.connection.domains().xml(uuid, false), "live")
                    .child("devices").orElseThrow();
            String bridged = devices.children("interface").get(0).child("target").orElseThrow().attribute("dev")
                    .orElseThrow();
            assertEquals(LxcTestHost.BRIDGE, host.devices.find(bridged).orElseThrow().master().orElseThrow());
            LinkInfo ethernet = host.devices.find("vfxeth7").orElseThrow(() -> new AssertionError(
                    "the ethernet interface's host end has the name its <target> gives"));
            assertTrue(ethernet.master().isEmpty());
            assertTrue(ethernet.up());
        }
    }

    @Test
    void interfaceAddressesAndRoutesAreSetInsideBeforeInitRuns() throws Exception {
        try (LxcTestHost host = LxcTestHost.open()) {
            // init records what it finds at once: the addresses must be there before it runs.
            UUID uuid = host.connection.domains().define("<domain type='lxc'><name>addressed</name><memory>65536</memory>"
                    + "<os><type>exe</type><init>/bin/sh</init><initarg>-c</initarg>"
                    + "<initarg>cat /proc/net/fib_trie /proc/net/route /proc/net/if_inet6; sleep infinity</initarg></os>"
                    + "<devices><interface type='bridge'><source bridge='" + LxcTestHost.BRIDGE + "'/>"
                    + "<ip address='192.0.2.50' prefix='24'/><ip family='ipv6' address='fd00:5::50' prefix='64'/>"
                    + "<route family='ipv4' address='0.0.0.0' prefix='0' gateway='192.0.2.1'/></interface>"
                    + "</devices></domain>").uuid();
            host.connection.domains().start(uuid);
            long init = host.domains().initPid(uuid).orElseThrow();

            String routes = Files.readString(Path.of("/proc", Long.toString(init), "net/route"));
            assertTrue(routes.lines().anyMatch(l -> l.startsWith("eth0\t00000000\t010200C0")), routes);
            String v6 = Files.readString(Path.of("/proc", Long.toString(init), "net/if_inet6"));
            assertTrue(v6.contains("fd000005000000000000000000000050"), v6);
            await(() -> log(host, "addressed").contains("192.0.2.50"), "init saw its address at start");
        }
    }

    @Test
    void routesOnAnInterfaceThatStaysDownAreRefusedAtDefine() {
        try (LxcTestHost host = LxcTestHost.open()) {
            VirtException e = org.junit.jupiter.api.Assertions.assertThrows(VirtException.class, () ->
                    host.connection.domains().define("<domain type='lxc'><name>downroute</name><memory>65536</memory>"
                    + "<os><type>exe</type><init>/bin/true</init></os><devices><interface type='ethernet'>"
                    + "<ip address='192.0.2.51' prefix='24'/><route address='0.0.0.0' prefix='0' gateway='192.0.2.1'/>"
                    + "<link state='down'/></interface></devices></domain>"));
            assertTrue(e.getMessage().contains("routes of interface 0 need its link state up"), e.getMessage());
        }
    }

    @Test
    void initRunsAsTheInitUserAndGroupByNameOrNumber() throws Exception {
        try (LxcTestHost host = LxcTestHost.open()) {
            UUID named = define(host, "asnobody", "<inituser>nobody</inituser><initgroup>nogroup</initgroup>");
            UUID numbered = define(host, "as1234", "<inituser>1234</inituser><initgroup>4321</initgroup>");
            host.connection.domains().start(named);
            host.connection.domains().start(numbered);

            assertEquals(List.of("65534", "65534"), ids(host.domains().initPid(named).orElseThrow()));
            assertEquals(List.of("1234", "4321"), ids(host.domains().initPid(numbered).orElseThrow()));
        }
    }

    @Test
    void anInitUserTheContainerDoesNotKnowFailsTheStartByName() {
        try (LxcTestHost host = LxcTestHost.open()) {
            UUID uuid = define(host, "asghost", "<inituser>vfxnosuchuser</inituser>");

            VirtException e = org.junit.jupiter.api.Assertions.assertThrows(VirtException.class,
                    () -> host.connection.domains().start(uuid));

            assertTrue(e.getMessage().contains("cannot find user vfxnosuchuser in the container"), e.getMessage());
            assertFalse(host.connection.domains().byUuid(uuid).orElseThrow().isActive());
        }
    }

    @Test
    void aRamFilesystemIsAFreshTmpfsOfItsSizeSeenOnlyInside() throws Exception {
        try (LxcTestHost host = LxcTestHost.open()) {
            UUID uuid = host.connection.domains().define("<domain type='lxc'><name>ramfs</name><memory>65536</memory>"
                    + "<os><type>exe</type><init>/bin/sleep</init><initarg>infinity</initarg></os><devices>"
                    + "<filesystem type='ram'><source usage='2' units='MiB'/><target dir='/mnt'/></filesystem>"
                    + "</devices></domain>").uuid();
            host.connection.domains().start(uuid);
            long init = host.domains().initPid(uuid).orElseThrow();

            String inside = Files.readString(Path.of("/proc", Long.toString(init), "mountinfo"));
            assertTrue(inside.lines().anyMatch(l -> l.contains(" /mnt ") && l.contains(" - tmpfs tmpfs ")
                    && l.contains("size=2048k")), inside);
            assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).lines()
                    .anyMatch(l -> l.contains(" /mnt ") && l.contains("size=2048k")), "the host's /mnt is untouched");
        }
    }

    @Test
    void aVcpuCpusetPinsTheContainer() throws Exception {
        try (LxcTestHost host = LxcTestHost.open()) {
            UUID uuid = host.connection.domains().define("<domain type='lxc'><name>pinned</name><memory>65536</memory>"
                    + "<vcpu cpuset='1'>1</vcpu><os><type>exe</type><init>/bin/sleep</init><initarg>infinity</initarg>"
                    + "</os></domain>").uuid();
            host.connection.domains().start(uuid);
            long init = host.domains().initPid(uuid).orElseThrow();

            assertTrue(Files.readAllLines(Path.of("/proc", Long.toString(init), "status")).contains("Cpus_allowed_list:\t1"));
        }
    }

    private static UUID define(LxcTestHost host, String name, String osExtra) {
        return host.connection.domains().define("<domain type='lxc'><name>" + name + "</name><memory>65536</memory>"
                + "<os><type>exe</type><init>/bin/sleep</init><initarg>infinity</initarg>" + osExtra + "</os>"
                + "</domain>").uuid();
    }

    /** The real uid and gid of a process, from its status. */
    private static List<String> ids(long pid) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"));
        String uid = lines.stream().filter(l -> l.startsWith("Uid:")).findFirst().orElseThrow().split("\\s+")[1];
        String gid = lines.stream().filter(l -> l.startsWith("Gid:")).findFirst().orElseThrow().split("\\s+")[1];
        return List.of(uid, gid);
    }

    private static String log(LxcTestHost host, String name) {
        try {
            return Files.readString(host.directory.resolve("run").resolve(name + ".log"));
        } catch (IOException e) {
            return "";
        }
    }

    static void assertNoCgroupLeft(LxcTestHost host, UUID uuid) {
        for (String controller : List.of("memory", "freezer", "pids", "cpu", "cpuacct", "unified", "")) {
            Path dir = Path.of("/sys/fs/cgroup", controller, host.cgroupParent, Container.cgroupName(uuid));
            assertFalse(Files.exists(dir), "cgroup left behind: " + dir);
        }
    }

    static String macOf(LxcTestHost host, UUID uuid) {
        XmlElement nic = interfaceOf(host, uuid);
        return nic.child("mac").flatMap(m -> m.attribute("address")).orElseThrow();
    }

    static String hostEndOf(LxcTestHost host, UUID uuid) {
        return interfaceOf(host, uuid).child("target").flatMap(t -> t.attribute("dev")).orElseThrow();
    }

    private static XmlElement interfaceOf(LxcTestHost host, UUID uuid) {
        XmlElement root = new XmlParser().parse(host.connection.domains().xml(uuid, false), "live");
        return root.child("devices").orElseThrow().child("interface").orElseThrow();
    }

    /** Runs a command in the container's namespaces, with nsenter and an argument list. */
    static String inside(long pid, String... nsenterArgs) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("nsenter", "-t", Long.toString(pid)));
        cmd.addAll(List.of(nsenterArgs));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private static String nspid(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("NSpid:")) {
                String[] f = line.split("\\s+");
                return f[f.length - 1];
            }
        }
        return "";
    }

    private static String processState(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    }

    /** Whether {@code pid} has a handler for SIGTERM: bit 15 of SigCgt in its status. */
    private static boolean catchesSigterm(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                    .filter(line -> line.startsWith("SigCgt:"))
                    .anyMatch(line -> (Long.parseUnsignedLong(line.substring(7).strip(), 16) & (1L << 14)) != 0);
        } catch (IOException e) {
            return false;
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(10);
        }
    }
}
