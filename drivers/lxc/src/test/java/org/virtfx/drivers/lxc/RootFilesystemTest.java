package org.virtfx.drivers.lxc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.virtfx.plumbing.netdev.RootTests;

/** {@code <filesystem type='mount'>} as root and elsewhere, and {@code <idmap>}. */
class RootFilesystemTest {

    @BeforeEach
    void root() {
        RootTests.requireRoot();
    }

    @Test
    void rootFilesystemAndReadOnlyMountAreWhatTheContainerSees() throws Exception {
        try (LxcTestHost host = LxcTestHost.open()) {
            Path rootfs = busyboxRoot(host.directory.resolve("rootfs"));
            Files.writeString(rootfs.resolve("marker"), "inside");
            Path shared = Files.createDirectories(host.directory.resolve("shared"));
            Files.writeString(shared.resolve("file"), "data");
            UUID uuid = host.connection.domains().define("<domain type='lxc'><name>rooted</name>"
                    + "<memory unit='MiB'>64</memory><os><type>exe</type><init>/bin/busybox</init>"
                    + "<initarg>sleep</initarg><initarg>1000</initarg><initdir>/data</initdir></os><devices>"
                    + "<filesystem type='mount'><source dir='" + rootfs + "'/><target dir='/'/></filesystem>"
                    + "<filesystem type='mount'><source dir='" + shared + "'/><target dir='/data'/><readonly/>"
                    + "</filesystem></devices></domain>").uuid();
            host.connection.domains().start(uuid);
            long init = host.domains().initPid(uuid).orElseThrow();
            Path view = Path.of("/proc", Long.toString(init), "root");
            assertEquals("inside", Files.readString(view.resolve("marker")));
            assertFalse(Files.exists(view.resolve("etc/passwd")), "the host's root is not visible");
            assertEquals("data", Files.readString(view.resolve("data/file")));
            assertEquals("/data", Files.readSymbolicLink(Path.of("/proc", Long.toString(init), "cwd")).toString(),
                    "init runs in its initdir");
            assertTrue(mountOptions(init, "/data").startsWith("ro"), "the <readonly/> mount is read-only");
            assertTrue(Files.exists(view.resolve("dev/null")));
            assertNotEquals(0, run("nsenter", "-t", Long.toString(init), "-m", "-r", "/bin/busybox", "touch",
                    "/data/written"), "writing to a read-only mount fails");
            assertFalse(Files.exists(shared.resolve("written")));
        }
    }

    @Test
    void idmapRunsTheContainerInAUserNamespace() throws Exception {
        try (LxcTestHost host = LxcTestHost.open()) {
            UUID uuid = host.connection.domains().define("<domain type='lxc'><name>mapped</name>"
                    + "<memory unit='MiB'>64</memory><os><type>exe</type><init>/bin/sleep</init>"
                    + "<initarg>infinity</initarg></os><idmap><uid start='0' target='200000' count='65536'/>"
                    + "<gid start='0' target='200000' count='65536'/></idmap><devices><interface type='network'>"
                    + "<source network='" + LxcTestHost.NETWORK + "'/></interface></devices></domain>").uuid();
            host.connection.domains().start(uuid);
            long init = host.domains().initPid(uuid).orElseThrow();
            String map = Files.readString(Path.of("/proc", Long.toString(init), "uid_map")).trim().replaceAll("\\s+", " ");
            assertEquals("0 200000 65536", map);
            String status = Files.readString(Path.of("/proc", Long.toString(init), "status"));
            assertTrue(status.contains("\nUid:\t200000\t"), "root inside is uid 200000 outside");
            assertEquals(ContainerLifecycleTest.macOf(host, uuid), Files.readString(Path.of("/proc",
                    Long.toString(init), "root/sys/class/net/eth0/address")).strip());
        }
    }

    /** A directory with busybox and the libraries it needs, and mount points. */
    static Path busyboxRoot(Path root) throws IOException, InterruptedException {
        Path busybox = Path.of("/usr/bin/busybox").toRealPath();
        List<Path> files = new ArrayList<>(List.of(busybox));
        Process ldd = new ProcessBuilder("ldd", busybox.toString()).redirectErrorStream(true).start();
        String out = new String(ldd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(ldd.waitFor(10, TimeUnit.SECONDS));
        Matcher m = Pattern.compile("(/\\S+)").matcher(out);
        while (m.find()) {
            files.add(Path.of(m.group(1)));
        }
        for (Path file : files) {
            Path target = root.resolve(file.toString().substring(1));
            Files.createDirectories(target.getParent());
            Files.copy(file, target);
        }
        Files.createDirectories(root.resolve("bin"));
        Files.copy(busybox, root.resolve("bin/busybox"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        for (String dir : List.of("proc", "sys", "dev", "data", "tmp")) {
            Files.createDirectories(root.resolve(dir));
        }
        return root;
    }

    private static String mountOptions(long pid, String mountPoint) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "mountinfo"))) {
            String[] f = line.split(" ");
            if (f[4].equals(mountPoint)) {
                return f[5];
            }
        }
        throw new AssertionError("no mount at " + mountPoint);
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        return p.exitValue();
    }
}
