package org.virtfx.drivers.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.virtfx.core.connect.ConnectionUri;
import org.virtfx.core.domain.DeviceScope;
import org.virtfx.core.domain.DomainConsole;
import org.virtfx.core.domain.DomainFamily;
import org.virtfx.core.domain.DomainSnapshot;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.error.VirtException;
import org.virtfx.plumbing.netdev.NetDevices;
import org.virtfx.plumbing.netdev.NetNamespace;
import org.virtfx.plumbing.netdev.NetlinkDevices;
import org.virtfx.plumbing.process.ChildJvms;
import org.virtfx.plumbing.storage.QemuImg;

/**
 * Another VirtFX process on a test's QEMU host, for tests where a separate process is what is
 * at stake (kill -9, adoption): opens the host's directories as a fresh process would, runs one
 * command and prints one line per result, then exits at once as the CLI does (VMs keep running).
 *
 * <p>Arguments: directory, network namespace, command, its arguments. Commands:
 * {@code start NAME...}, {@code managedsave NAME...} and {@code destroy NAME...} (all at once,
 * one thread each, as the GUI acts on a selection), {@code inspect} (see
 * {@link #inspectAndSettle}), {@code snapshot NAME SNAPSHOT}, {@code snapcheck NAME SNAPSHOT IMAGE}
 * (see {@link #checkSnapshots}) and {@code adopt}, which lists every VM as {@code domain NAME STATE} and then, for each running
 * one, asks its state over QMP, opens its text console and its VNC socket, destroys it and
 * looks for its tap, in one line: {@code adopted NAME qmp=STATUS console=open graphics=GREETING
 * tap=TAP tapLeft=BOOLEAN}. {@code list} lists every VM as {@code domain NAME STATE} after a
 * line {@code opened_ms=N}, the time the connection took to open. {@code serve} stays open
 * like the GUI: it prints {@code ready}, then reads one command a line from standard input
 * ({@code list}, {@code start NAME}, {@code suspend NAME}, {@code resume NAME},
 * {@code destroy NAME}, {@code managedsave NAME}, {@code hasmanagedsave NAME}), answering
 * {@code domain NAME STATE} lines and then {@code end} for a list, {@code managedsave=BOOL}
 * for {@code hasmanagedsave}, and {@code done} or {@code error MESSAGE} for the others, until
 * end of input. Load
 * warnings print as {@code warning TEXT}. When the system property {@code ready} names a file,
 * the child creates it once the host is open and then waits for the file named by {@code go}.
 */
public final class QemuChild {
    private static final Duration QMP_TIMEOUT = Duration.ofSeconds(30);

    private QemuChild() {
    }

    /** The command line of a child on {@code host}, with the tests' class path and {@code properties} ({@code -Dname=value}). */
    static List<String> commandLine(QemuTestHost host, List<String> properties, String command, List<String> args) {
        List<String> line = new ArrayList<>(ChildJvms.commandLine(QemuChild.class, properties));
        line.addAll(leadingArguments(host));
        line.add(command);
        line.addAll(args);
        return line;
    }

    /** What every child on {@code host} is given first: the host's directory and network namespace. */
    static List<String> leadingArguments(QemuTestHost host) {
        return List.of(host.directory.toString(), host.namespace.name());
    }

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]);
        NetNamespace namespace = NetNamespace.named(args[1]);
        String command = args[2];
        List<String> names = List.of(args).subList(3, args.length);
        long opening = System.nanoTime();
        try (QemuConnection connection = new QemuConnection(ConnectionUri.parse("qemu:///embed?root=" + directory),
                QemuTestHost.config(directory, namespace), StartProbe.NONE)) {
            String ready = System.getProperty("ready");
            if (ready != null) {
                Files.createFile(Path.of(ready));
                Path go = Path.of(System.getProperty("go"));
                while (!Files.exists(go)) {
                    Thread.sleep(1);
                }
            }
            long openedMillis = (System.nanoTime() - opening) / 1_000_000;
            connection.loadWarnings().forEach(w -> System.out.println("warning " + w));
            switch (command) {
                case "start" -> startAll(connection, names);
                case "managedsave" -> saveAll(connection, names);
                case "destroy" -> destroyAll(connection, names);
                case "inspect" -> inspectAndSettle(connection);
                case "snapshot" -> snapshot(connection, names.get(0), names.get(1));
                case "snapcheck" -> checkSnapshots(connection, names.get(0), names.get(1), Path.of(names.get(2)));
                case "adopt" -> adoptAndDestroy(connection, namespace);
                case "list" -> {
                    System.out.println("opened_ms=" + openedMillis);
                    list(connection);
                }
                case "serve" -> serve(connection);
                default -> throw new IllegalArgumentException("unknown command " + command);
            }
        }
        System.out.flush();
        System.exit(0);
    }

    private static void list(QemuConnection connection) {
        connection.domains().list().forEach(d -> System.out.println("domain " + d.name() + " "
                + d.state().name().toLowerCase() + " " + d.id()));
    }

    private static void serve(QemuConnection connection) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println("ready");
        System.out.flush();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            // An attach or detach carries the device's XML, spaces and all, as its third word.
            String[] words = line.strip().split(" ", 3);
            if (words[0].equals("list")) {
                list(connection);
                System.out.println("end");
            } else if (words[0].equals("define")) {
                connection.domains().define(QemuTestHost.guestXml(words[1], QemuTestHost.nic()));
                System.out.println("done");
            } else {
                try {
                    UUID uuid = connection.domains().lookup(words[1]).uuid();
                    switch (words[0]) {
                        case "start" -> connection.domains().start(uuid);
                        case "suspend" -> connection.domains().suspend(uuid);
                        case "resume" -> connection.domains().resume(uuid);
                        case "destroy" -> connection.domains().destroy(uuid);
                        case "undefine" -> connection.domains().undefine(uuid);
                        case "managedsave" -> connection.domains().managedSave(uuid);
                        case "attach" -> connection.domains().attachDevice(uuid, words[2], Set.of(DeviceScope.LIVE));
                        case "detach" -> connection.domains().detachDevice(uuid, words[2], Set.of(DeviceScope.LIVE));
                        case "hasmanagedsave" -> { }
                        default -> throw new IllegalArgumentException("unknown command " + words[0]);
                    }
                    System.out.println(words[0].equals("hasmanagedsave")
                            ? "managedsave=" + connection.domains().hasManagedSave(uuid) : "done");
                } catch (VirtException e) {
                    System.out.println("error " + e.getMessage());
                }
            }
            System.out.flush();
        }
    }

    private static void startAll(QemuConnection connection, List<String> names) throws Exception {
        each(names, name -> {
            connection.domains().start(connection.domains().byName(name).orElseThrow().uuid());
            return "started " + name;
        });
    }

    private static void saveAll(QemuConnection connection, List<String> names) throws Exception {
        each(names, name -> {
            connection.domains().managedSave(connection.domains().byName(name).orElseThrow().uuid());
            return "saved " + name;
        });
    }

    private static void destroyAll(QemuConnection connection, List<String> names) throws Exception {
        each(names, name -> {
            connection.domains().destroy(connection.domains().byName(name).orElseThrow().uuid());
            return "destroyed " + name;
        });
    }

    /** Runs {@code job} for every name at once, one thread each, and prints each result or error line. */
    private static void each(List<String> names, Job job) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(names.size());
        List<Future<String>> results = new ArrayList<>();
        for (String name : names) {
            results.add(pool.submit(() -> {
                try {
                    return job.run(name);
                } catch (VirtException e) {
                    return "error " + name + " " + e.getMessage();
                }
            }));
        }
        for (Future<String> result : results) {
            System.out.println(result.get());
        }
        pool.shutdown();
    }

    private interface Job {
        String run(String name) throws Exception;
    }

    /**
     * What a fresh process finds, then brought back to shut off with no image: each VM as
     * {@code domain NAME STATE managedsave=BOOL image=none|valid|invalid}, a running one's QEMU
     * state as {@code qmp NAME STATUS}; a running VM is destroyed, and a saved one restored
     * ({@code restored NAME qmp=STATUS image=none|left}) and destroyed.
     */
    private static void inspectAndSettle(QemuConnection connection) throws Exception {
        for (DomainSummary domain : connection.domains().list()) {
            System.out.println("domain " + domain.name() + " " + domain.state().name().toLowerCase() + " managedsave="
                    + connection.domains().hasManagedSave(domain.uuid()) + " image=" + imageState(connection, domain));
            if (domain.isActive()) {
                System.out.println("qmp " + domain.name() + " " + qmpStatus(connection, domain));
                connection.domains().destroy(domain.uuid());
            } else if (connection.domains().hasManagedSave(domain.uuid())) {
                try {
                    connection.domains().start(domain.uuid());
                    System.out.println("restored " + domain.name() + " qmp=" + qmpStatus(connection, domain) + " image="
                            + imageState(connection, domain));
                    connection.domains().destroy(domain.uuid());
                } catch (VirtException e) {
                    System.out.println("error " + domain.name() + " " + e.getMessage());
                }
            }
        }
    }

    private static void snapshot(QemuConnection connection, String name, String snapshot) {
        UUID uuid = connection.domains().byName(name).orElseThrow().uuid();
        connection.domains().createSnapshot(uuid, "<domainsnapshot><name>" + snapshot + "</name></domainsnapshot>");
        System.out.println("created " + snapshot);
    }

    /**
     * What a fresh process finds of VM {@code name}'s snapshots and disk {@code image}, in
     * lines {@code listed NAMES} and {@code tags TAGS} (comma-separated, the image's as QEMU or
     * qemu-img lists them); then, with {@code snapshot} deleted if listed, it is created
     * again ({@code created}), reverted to ({@code reverted NAME STATE}), listed in the image
     * ({@code tags}), deleted, and the image's tags listed once more ({@code tags}).
     */
    private static void checkSnapshots(QemuConnection connection, String name, String snapshot, Path image) {
        DomainFamily domains = connection.domains();
        UUID uuid = domains.byName(name).orElseThrow().uuid();
        System.out.println("listed " + String.join(",", domains.snapshots(uuid).stream()
                .map(DomainSnapshot::name).sorted().toList()));
        System.out.println("tags " + String.join(",", tags(connection, uuid, image)));
        try {
            if (domains.snapshots(uuid).stream().anyMatch(s -> s.name().equals(snapshot))) {
                domains.deleteSnapshot(uuid, snapshot);
            }
            domains.createSnapshot(uuid, "<domainsnapshot><name>" + snapshot + "</name></domainsnapshot>");
            System.out.println("created " + snapshot);
            domains.revertToSnapshot(uuid, snapshot);
            System.out.println("reverted " + snapshot + " " + domains.byUuid(uuid).orElseThrow().state().name()
                    .toLowerCase());
            System.out.println("tags " + String.join(",", tags(connection, uuid, image)));
            domains.deleteSnapshot(uuid, snapshot);
            System.out.println("tags " + String.join(",", tags(connection, uuid, image)));
        } catch (VirtException e) {
            System.out.println("error " + e.getMessage());
        }
    }

    /** The snapshot tags of {@code image}: asked of the running QEMU, or of qemu-img. */
    private static List<String> tags(QemuConnection connection, UUID uuid, Path image) {
        QemuRuntime runtime = connection.qemuDomains().objects().require(uuid).runtime();
        if (runtime == null) {
            return new QemuImg("qemu-img").snapshotTags(image);
        }
        List<String> tags = new ArrayList<>();
        for (JsonNode backend : runtime.process().execute("query-block", QMP_TIMEOUT)) {
            JsonNode inserted = backend.path("inserted");
            if (inserted.path("file").asText().equals(image.toString())) {
                inserted.path("image").path("snapshots").forEach(s -> tags.add(s.path("name").asText()));
            }
        }
        return tags;
    }

    private static String imageState(QemuConnection connection, DomainSummary domain) {
        Path image = connection.qemuDomains().managedSaveImage(domain.uuid());
        if (!Files.exists(image)) {
            return "none";
        }
        try {
            SaveImage.read(image);
            return "valid";
        } catch (VirtException e) {
            return "invalid";
        }
    }

    private static String qmpStatus(QemuConnection connection, DomainSummary domain) {
        QemuRuntime runtime = QemuDomains.requireRunning(connection.qemuDomains().objects().require(domain.uuid()));
        return runtime.process().execute("query-status", QMP_TIMEOUT).path("status").asText();
    }

    private static void adoptAndDestroy(QemuConnection connection, NetNamespace namespace) throws Exception {
        List<DomainSummary> domains = connection.domains().list();
        domains.forEach(d -> System.out.println("domain " + d.name() + " " + d.state().name().toLowerCase()));
        try (NetDevices devices = NetlinkDevices.open(namespace)) {
            for (DomainSummary domain : domains) {
                if (domain.isActive()) {
                    System.out.println(checkAndDestroy(connection, devices, domain));
                }
            }
        }
    }

    private static String checkAndDestroy(QemuConnection connection, NetDevices devices, DomainSummary domain)
            throws Exception {
        QemuRuntime runtime = QemuDomains.requireRunning(connection.qemuDomains().objects().require(domain.uuid()));
        String status = runtime.process().execute("query-status", QMP_TIMEOUT).path("status").asText();
        try (DomainConsole console = connection.domains().openConsole(domain.uuid())) {
            console.input();
        }
        String greeting;
        try (ByteChannel vnc = connection.domains().openGraphics(domain.uuid())) {
            ByteBuffer bytes = ByteBuffer.allocate(12);
            while (bytes.hasRemaining() && vnc.read(bytes) >= 0) {
                // The RFB greeting is twelve bytes: "RFB 003.008\n".
            }
            greeting = new String(bytes.array(), 0, bytes.position(), StandardCharsets.US_ASCII).strip();
        }
        String tap = runtime.taps().isEmpty() ? "none" : runtime.taps().get(0);
        connection.domains().destroy(domain.uuid());
        boolean tapLeft = !tap.equals("none") && devices.find(tap).isPresent();
        return "adopted " + domain.name() + " qmp=" + status + " console=open graphics=" + greeting.replace(' ', '_')
                + " tap=" + tap + " tapLeft=" + tapLeft;
    }
}
