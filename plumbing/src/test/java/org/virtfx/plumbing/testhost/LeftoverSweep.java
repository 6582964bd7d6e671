package org.virtfx.plumbing.testhost;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.virtfx.plumbing.netdev.NetNamespace;
import org.virtfx.plumbing.process.HostProcess;
import org.virtfx.plumbing.process.ProcessEnds;

/**
 * Removes what test JVMs that died without closing their fixtures (SIGKILL of a superseded CI
 * run) left on the host, as their {@link HostLease}s name it, and never what a live JVM's lease
 * names. For each lease whose lock it can take it kills every process in the lease's network
 * namespaces or cgroups or whose command line or working directory lies in its folders (with
 * their descendants), then deletes the namespaces, the cgroups bottom-up and the folders, and
 * the lease file last: a sweep killed half way leaves the lease, and the next one finishes it.
 * Each lease swept is told on stderr in one line.
 */
public final class LeftoverSweep {
    private static final long KILL_WAIT_NANOS = TimeUnit.SECONDS.toNanos(20);
    private static final long REMOVE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int KILL_ROUNDS = 10;

    /** Whether this JVM has swept (process-wide on purpose: once per JVM, before its first lease). */
    private static boolean swept;

    private LeftoverSweep() {
    }

    /**
     * The sweep before this JVM's first lease. A leftover it cannot remove is told on stderr and
     * does not fail the fixture: it is another run's, and the next JVM tries again.
     */
    static synchronized void oncePerJvm() {
        if (swept) {
            return;
        }
        swept = true;
        try {
            sweep();
        } catch (RuntimeException e) {
            System.err.println("virtfx test sweep: " + e.getMessage());
        }
    }

    /**
     * Sweeps every dead JVM's lease; returns the line told for each. One sweep at a time in a JVM:
     * a second thread's lock on the same file would throw, and its close would drop the first's.
     *
     * @throws IllegalStateException naming each lease it could not finish, after trying all
     */
    public static synchronized List<String> sweep() {
        if (!Files.isDirectory(HostLease.FOLDER)) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> leases = Files.newDirectoryStream(HostLease.FOLDER)) {
            leases.forEach(files::add);
        } catch (IOException e) {
            throw new IllegalStateException("cannot list the test leases in " + HostLease.FOLDER + ": " + e.getMessage(), e);
        }
        List<String> told = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (HostLease.ours(file) || !(name.endsWith(HostLease.LEASE) || name.endsWith(HostLease.PARTIAL))) {
                continue;
            }
            try {
                sweepOne(file).ifPresent(line -> {
                    System.err.println(line);
                    told.add(line);
                });
            } catch (IOException | RuntimeException e) {
                failures.add(name + ": " + e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("could not remove every leftover of dead test JVMs (the next sweep tries "
                    + "again): " + String.join("; ", failures));
        }
        return told;
    }

    /** Sweeps {@code file} if its JVM is dead; empty when it is live, another user's, or gone meanwhile. */
    private static Optional<String> sweepOne(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            // Held: its JVM lives. Gone since the listing: another sweep finished it, or its fixture closed.
            if (lock == null || !Files.exists(file)) {
                return Optional.empty();
            }
            if (file.getFileName().toString().endsWith(HostLease.PARTIAL)) {
                // Its JVM died while writing it, before making anything.
                Files.delete(file);
                return Optional.empty();
            }
            // Read through the locked channel: closing another descriptor of the file would drop the lock.
            ByteBuffer bytes = ByteBuffer.allocate((int) channel.size());
            while (bytes.hasRemaining() && channel.read(bytes) >= 0) {
                // Until the whole file is read.
            }
            List<String> lines = new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8).lines().toList();
            String removed = remove(HostResources.parse(lines));
            Files.delete(file);
            String holder = lines.stream().filter(l -> l.startsWith("jvm ") || l.startsWith("fixture "))
                    .map(l -> l.substring(l.indexOf(' ') + 1)).reduce((a, b) -> a + " " + b).orElse("?");
            return Optional.of("virtfx test sweep: lease " + file.getFileName() + " of dead test JVM "
                    + holder + ": " + removed);
        } catch (NoSuchFileException | AccessDeniedException goneOrNotOurs) {
            return Optional.empty();
        }
    }

    /** Removes everything {@code resources} names, in the order that lets each step succeed; says what was there. */
    static String remove(HostResources resources) throws IOException {
        List<Path> groups = cgroupDirectories(resources);
        thaw(groups);
        Set<Long> killed = killProcesses(resources, groups);
        List<String> namespaces = resources.namespaces().stream()
                .filter(n -> Files.exists(NetNamespace.named(n).path())).toList();
        for (String namespace : namespaces) {
            NetNamespace.named(namespace).delete();
        }
        for (Path group : groups) {
            removeCgroup(group);
        }
        List<Path> folders = resources.folders().stream().filter(Files::exists).toList();
        for (Path folder : folders) {
            unmountUnder(folder);
            deleteTree(folder);
        }
        return "killed processes " + killed + ", removed namespaces " + namespaces + ", cgroups " + groups
                + ", folders " + folders;
    }

    /** The lease's cgroups in every hierarchy mounted here (each v1 controller's and the v2 tree) that has them. */
    static List<Path> cgroupDirectories(HostResources resources) throws IOException {
        List<Path> found = new ArrayList<>();
        for (Path hierarchy : cgroupHierarchies()) {
            for (String cgroup : resources.cgroups()) {
                Path group = hierarchy.resolve(cgroup);
                if (Files.isDirectory(group, LinkOption.NOFOLLOW_LINKS)) {
                    found.add(group);
                }
            }
        }
        return found;
    }

    /** The mount points of every cgroup (v1) and cgroup2 file system. */
    public static List<Path> cgroupHierarchies() throws IOException {
        Set<Path> mounts = new LinkedHashSet<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
            String[] fields = line.split(" ");
            if (fields.length > 2 && (fields[2].equals("cgroup") || fields[2].equals("cgroup2"))) {
                mounts.add(Path.of(unescape(fields[1])));
            }
        }
        return List.copyOf(mounts);
    }

    /** A frozen task takes no SIGKILL until thawed (v1 freezer, v2 cgroup.freeze: a suspended container). */
    private static void thaw(List<Path> groups) throws IOException {
        for (Path group : groups) {
            for (Path dir : directoriesUnder(group)) {
                writeIfPresent(dir.resolve("freezer.state"), "THAWED");
                writeIfPresent(dir.resolve("cgroup.freeze"), "0");
            }
        }
    }

    private static void writeIfPresent(Path file, String value) {
        try {
            Files.writeString(file, value);
        } catch (IOException absentOrEmptied) {
            // Not this hierarchy's kind of file, or the group went meanwhile; a task left frozen shows in the kill's error.
        }
    }

    /**
     * Kills the lease's processes until none is found, since a dying supervisor or daemon may
     * fork meanwhile; returns their pids.
     */
    private static Set<Long> killProcesses(HostResources resources, List<Path> groups) throws IOException {
        Set<Long> killed = new TreeSet<>();
        for (int round = 0; round < KILL_ROUNDS; round++) {
            Set<Long> found = processesOf(resources, groups);
            if (found.isEmpty()) {
                return killed;
            }
            found.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            awaitGone(found);
            killed.addAll(found);
        }
        throw new IllegalStateException("processes of " + resources + " keep appearing after " + KILL_ROUNDS
                + " rounds of SIGKILL: " + describe(processesOf(resources, groups)));
    }

    /**
     * The live processes in the lease's namespaces (by the namespace file's device and inode) or
     * cgroups (every group below them), or whose command line or working directory lies in its
     * folders (dnsmasq's {@code --conf-file}, QEMU's disks, sshd's {@code -f}), with their
     * descendants; never this JVM.
     */
    static Set<Long> processesOf(HostResources resources, List<Path> groups) throws IOException {
        Set<Object> namespaces = new LinkedHashSet<>();
        for (String name : resources.namespaces()) {
            fileKey(NetNamespace.named(name).path()).ifPresent(namespaces::add);
        }
        Set<Long> found = new TreeSet<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                long pid = Long.parseLong(proc.getFileName().toString());
                if ((!namespaces.isEmpty() && fileKey(proc.resolve("ns/net")).filter(namespaces::contains).isPresent())
                        || namesFolder(proc, resources.folders())) {
                    found.add(pid);
                }
            }
        }
        for (Path group : groups) {
            for (Path dir : directoriesUnder(group)) {
                try {
                    Files.readAllLines(dir.resolve("cgroup.procs")).forEach(pid -> found.add(Long.parseLong(pid.strip())));
                } catch (NoSuchFileException goneMeanwhile) {
                    // Removed while read.
                }
            }
        }
        for (Long pid : List.copyOf(found)) {
            ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(d -> found.add(d.pid())));
        }
        found.remove(ProcessHandle.current().pid());
        found.removeIf(ProcessEnds::ended);
        return found;
    }

    private static boolean namesFolder(Path proc, List<Path> folders) {
        if (folders.isEmpty()) {
            return false;
        }
        try {
            String[] arguments = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8).split("\0");
            for (Path folder : folders) {
                for (String argument : arguments) {
                    if (names(argument, folder.toString())) {
                        return true;
                    }
                }
            }
            Path cwd = Files.readSymbolicLink(proc.resolve("cwd"));
            return folders.stream().anyMatch(cwd::startsWith);
        } catch (IOException endedOrHidden) {
            // Ended since the listing, or not ours to read (the machine's init).
            return false;
        }
    }

    /** Whether {@code argument} names {@code folder} or a file in it, alone or inside ({@code --conf-file=F/x.conf}). */
    static boolean names(String argument, String folder) {
        for (int at = argument.indexOf(folder); at >= 0; at = argument.indexOf(folder, at + 1)) {
            int end = at + folder.length();
            if (end == argument.length() || argument.charAt(end) == '/') {
                return true;
            }
        }
        return false;
    }

    private static Optional<Object> fileKey(Path path) {
        try {
            return Optional.ofNullable(Files.readAttributes(path, BasicFileAttributes.class).fileKey());
        } catch (IOException goneOrHidden) {
            return Optional.empty();
        }
    }

    private static void awaitGone(Set<Long> pids) {
        long deadline = System.nanoTime() + KILL_WAIT_NANOS;
        while (!pids.stream().allMatch(ProcessEnds::ended)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("processes still there "
                        + TimeUnit.NANOSECONDS.toSeconds(KILL_WAIT_NANOS) + " s after SIGKILL: "
                        + describe(pids.stream().filter(p -> !ProcessEnds.ended(p)).toList()));
            }
            pause();
        }
    }

    private static String describe(Collection<Long> pids) {
        return pids.stream().map(pid -> pid + " " + ProcessHandle.of(pid).flatMap(p -> p.info().commandLine()).orElse("?"))
                .toList().toString();
    }

    /** rmdir from the leaves up; a group whose last task is still exiting is busy for a moment. */
    private static void removeCgroup(Path group) throws IOException {
        long deadline = System.nanoTime() + REMOVE_WAIT_NANOS;
        List<Path> dirs = new ArrayList<>(directoriesUnder(group));
        dirs.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        for (Path dir : dirs) {
            while (true) {
                try {
                    Files.deleteIfExists(dir);
                    break;
                } catch (IOException busy) {
                    if (System.nanoTime() > deadline) {
                        throw new IOException("cannot remove cgroup " + dir + ": " + busy.getMessage(), busy);
                    }
                    pause();
                }
            }
        }
    }

    private static List<Path> directoriesUnder(Path group) throws IOException {
        if (!Files.isDirectory(group, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(group)) {
            return walk.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList();
        }
    }

    /** Detaches the mounts at or below {@code folder} (a test's tmpfs), deepest first, so the delete stays on the folder's own files. */
    private static void unmountUnder(Path folder) throws IOException {
        List<Path> mounts = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] fields = line.split(" ");
            Path mountPoint = Path.of(unescape(fields[4]));
            if (mountPoint.startsWith(folder)) {
                mounts.add(mountPoint);
            }
        }
        mounts.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        for (Path mount : mounts) {
            HostProcess.Result result = HostProcess.run(List.of("umount", "-l", mount.toString()), null);
            if (!result.ok()) {
                throw new IOException("cannot unmount " + mount + ": " + result.stderr().strip());
            }
        }
    }

    static void deleteTree(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** The kernel's octal escapes in mount tables (space, tab, newline, backslash). */
    private static String unescape(String field) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                text.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                text.append(c);
            }
        }
        return text.toString();
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sweeping test leftovers", e);
        }
    }
}
