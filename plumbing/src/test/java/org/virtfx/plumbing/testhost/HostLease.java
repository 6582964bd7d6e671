package org.virtfx.plumbing.testhost;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A host-level test fixture's claim on what it is about to make (network namespaces, folders,
 * cgroups): a file in {@link #FOLDER} naming them, locked for as long as this JVM lives. The
 * kernel drops the lock when the JVM dies, SIGKILL included, so a {@link LeftoverSweep} in any
 * later test JVM can tell a dead fixture's leftovers from a live one's (another worktree's run
 * on the same machine) and remove only the former. A fixture takes its lease before it makes
 * anything and closes it after it has removed everything.
 */
public final class HostLease implements AutoCloseable {
    /** Where every test JVM of the machine keeps its leases; sticky and open to all, as /tmp. */
    static final Path FOLDER = Path.of("/tmp/virtfx-test-leases");
    static final String LEASE = ".lease";
    /** A lease being written: renamed to {@code .lease} once whole, so a sweep never reads half of one. */
    static final String PARTIAL = ".new";

    private final Path file;
    private final FileChannel channel;
    private final HostResources resources;

    private HostLease(Path file, FileChannel channel, HostResources resources) {
        this.file = file;
        this.channel = channel;
        this.resources = resources;
    }

    /**
     * Sweeps the leftovers of dead test JVMs (once per JVM), then writes and locks a lease on
     * {@code resources} for {@code fixture} (a name for the reader of the file).
     */
    public static HostLease take(String fixture, HostResources resources) {
        LeftoverSweep.oncePerJvm();
        try {
            folder();
            while (true) {
                String name = ProcessHandle.current().pid() + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
                Path partial = FOLDER.resolve(name + PARTIAL);
                FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
                try {
                    FileLock lock = channel.tryLock();
                    // Between the create and the lock a sweep may have taken the new file for a dead
                    // JVM's and removed it; then this lock holds nothing, and a new name is tried.
                    // Names are never made twice, so a file of this name is the one locked.
                    if (lock == null || !Files.exists(partial)) {
                        channel.close();
                        continue;
                    }
                    String text = "# a VirtFX test JVM's host resources; a sweep removes them once this file's lock is free\n"
                            + "jvm " + ProcessHandle.current().pid() + "\nfixture " + fixture + "\n" + resources.format();
                    channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
                    channel.force(true);
                    Path file = FOLDER.resolve(name + LEASE);
                    Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
                    return new HostLease(file, channel, resources);
                } catch (IOException | RuntimeException e) {
                    channel.close();
                    Files.deleteIfExists(partial);
                    throw e;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while taking a test lease", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot take a test lease in " + FOLDER + " on " + resources, e);
        }
    }

    /** The lease folder, made open to every user (with the sticky bit) by whoever comes first. */
    static Path folder() throws IOException, InterruptedException {
        if (!Files.isDirectory(FOLDER)) {
            try {
                Files.createDirectory(FOLDER);
                // Java cannot set the sticky bit, which keeps users from removing each other's leases.
                Process chmod = new ProcessBuilder("chmod", "1777", FOLDER.toString()).inheritIO().start();
                if (chmod.waitFor() != 0) {
                    throw new IOException("chmod 1777 " + FOLDER + " failed");
                }
            } catch (FileAlreadyExistsException madeMeanwhile) {
                // Another JVM made it first.
            }
        }
        return FOLDER;
    }

    /**
     * Whether {@code file} (a lease or a partial one) is this JVM's: its name begins with this
     * JVM's pid. A sweep here must never open those: the lock is a POSIX record lock, which the
     * kernel drops when the process closes any descriptor of the file. (A dead JVM's file under a
     * reused pid waits for a sweep in another JVM.)
     */
    static boolean ours(Path file) {
        return file.getFileName().toString().startsWith(ProcessHandle.current().pid() + "-");
    }

    public HostResources resources() {
        return resources;
    }

    Path file() {
        return file;
    }

    /** Gives the lease up: the fixture has removed everything it names. */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot give up the test lease " + file, e);
        }
    }
}
