package org.virtfx.drivers.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.virtfx.core.domain.DomainDefinition;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.domain.StateReason;
import org.virtfx.core.driver.DomainObject;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.event.DomainEvent;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlFormat;
import org.virtfx.core.xml.XmlParser;
import org.virtfx.drivers.qemu.process.QemuProcess;
import org.virtfx.drivers.qemu.qmp.QmpClient;

/**
 * libvirt's managed save on QEMU: the guest paused, its state migrated into an image the driver
 * keeps ({@code NAME.save} in the save directory, as libvirt's {@code qemu/save}), QEMU killed; the next start runs QEMU with {@code -incoming defer} and
 * migrates the image back in.
 *
 * <p>The stream goes over a UNIX socket this driver holds, not QEMU's {@code exec:} URI: on
 * completion QEMU closes an {@code exec:} helper and SIGTERMs it 10 ms later if it has not yet
 * exited, which can cut off the end of the stream, and a Java process cannot hand QEMU a
 * descriptor for {@code fd:}. Over the socket the driver itself writes and syncs every byte.
 */
final class VmSave {
    private static final Duration QMP_TIMEOUT = Duration.ofSeconds(30);
    /** How long the last bytes may take to arrive after QEMU reports the migration complete. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);
    private static final int BUFFER = 1024 * 1024;

    private final QemuDriverConfig config;
    private final VmStop stopper;

    VmSave(QemuDriverConfig config, VmStop stopper) {
        this.config = config;
        this.stopper = stopper;
    }

    /** Where the domain's managed save image is kept. */
    Path imagePath(String name) {
        return imagePath(config, name);
    }

    static Path imagePath(QemuDriverConfig config, String name) {
        return config.saveDirectory().resolve(name + ".save");
    }

    /** Where a save streams the image before it is complete and synced, and renamed to {@link #imagePath}. */
    static Path partialPath(Path image) {
        return image.resolveSibling(image.getFileName() + ".partial");
    }

    /**
     * Saves the running VM and stops it with reason "saved"; caller holds the domain's job and
     * has checked that it is active and persistent. On failure the image is removed and a guest
     * that ran runs again.
     */
    DomainEvent save(DomainObject<QemuRuntime> domain, QemuRuntime runtime) {
        Path image = imagePath(domain.name());
        boolean running = domain.state() == DomainState.RUNNING;
        long pid = runtime.process().pid();
        // Recorded before the guest is paused: a process killed from here on leaves the next one
        // a record to finish the save by (its image complete) or undo (VmAdoption).
        VmStateFile.update(config, domain.name(), pid, r -> r.withSaving(true));
        try {
            // On the VM's monitor, or in a session of its own when another process holds it.
            runtime.process().session(qmp -> {
                stream(qmp, domain, runtime, image, running);
                return null;
            });
        } catch (RuntimeException e) {
            VmStateFile.update(config, domain.name(), pid, r -> r.withSaving(false));
            throw e;
        }
        // The image is complete: from here the save is finished even if this process dies (the
        // record says saving, and the image exists).
        DomainEvent event = stopper.kill(domain, runtime, StateReason.SAVED, false);
        domain.setManagedSave(true);
        return event;
    }

    /** Migrates the guest's state into the image; on failure removes it and lets a guest that ran run again. */
    private static void stream(QmpClient qmp, DomainObject<QemuRuntime> domain, QemuRuntime runtime, Path image,
                               boolean running) {
        Path partial = partialPath(image);
        Path socket = runtime.directory().resolve("save.sock");
        boolean stopped = false;
        try {
            deleteQuietly(partial);
            SaveImage.create(partial, definitionXml(domain.current()), running);
            try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                server.bind(UnixDomainSocketAddress.of(socket));
                CompletableFuture<Void> received = receive(server, partial, domain.name());
                if (running) {
                    runtime.expectPause(StateReason.SAVE);
                    qmp.execute("stop", QMP_TIMEOUT);
                    stopped = true;
                }
                // As libvirt's save: no bandwidth cap (QEMU's default is 128 MiB/s).
                qmp.execute("migrate-set-parameters", QmpClient.arguments().put("max-bandwidth", Long.MAX_VALUE),
                        QMP_TIMEOUT);
                qmp.execute("migrate", QmpClient.arguments().put("uri", "unix:" + socket), QMP_TIMEOUT);
                awaitMigration(qmp, "save", domain.name());
                awaitQuietly(received, domain.name());
            }
            Files.move(partial, image, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (RuntimeException | IOException e) {
            try {
                qmp.execute("migrate_cancel", QMP_TIMEOUT);
                if (stopped) {
                    qmp.execute("cont", QMP_TIMEOUT);
                }
            } catch (RuntimeException gone) {
                e.addSuppressed(gone);
            }
            deleteQuietly(partial);
            if (e instanceof IOException io) {
                throw VirtException.system("cannot save domain '" + domain.name() + "' to " + image, io);
            }
            throw (RuntimeException) e;
        } finally {
            deleteQuietly(socket);
        }
    }

    /**
     * Undoes a save that a killed process left half done (its record says saving, there is no
     * complete image): the migration cancelled, a guest that ran before the save running again,
     * the partial image removed and the record cleared; caller holds the domain's lock.
     */
    static void undoInterrupted(QemuDriverConfig config, String name, QemuRuntime runtime, boolean guestRan) {
        runtime.process().session(qmp -> {
            qmp.execute("migrate_cancel", QMP_TIMEOUT);
            // A cancel takes effect once QEMU's migration thread sees it; cont is refused while it runs.
            for (int i = 0; i < 500 && migrating(qmp); i++) {
                sleep();
            }
            if (guestRan && !qmp.execute("query-status", QMP_TIMEOUT).path("status").asText().equals("running")) {
                qmp.execute("cont", QMP_TIMEOUT);
            }
            return null;
        });
        deleteQuietly(partialPath(imagePath(config, name)));
        VmStateFile.update(config, name, runtime.process().pid(), r -> r.withSaving(false));
    }

    private static boolean migrating(QmpClient qmp) {
        String status = qmp.execute("query-migrate", QMP_TIMEOUT).path("status").asText("");
        return status.equals("active") || status.equals("cancelling") || status.equals("setup")
                || status.equals("device") || status.equals("pre-switchover");
    }

    /**
     * Loads the image into a QEMU started with {@code -incoming defer} and still paused;
     * the caller lets it run when the image says it ran.
     */
    static void restore(QemuProcess qemu, Path directory, SaveImage image, String name) {
        Path socket = directory.resolve("restore.sock");
        QmpClient qmp = qemu.qmp();
        try {
            // QEMU listens on the socket by the time the command returns.
            qmp.execute("migrate-incoming", QmpClient.arguments().put("uri", "unix:" + socket), QMP_TIMEOUT);
            try (FileChannel in = FileChannel.open(image.file(), StandardOpenOption.READ);
                 SocketChannel out = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                out.connect(UnixDomainSocketAddress.of(socket));
                long position = image.streamOffset();
                long size = in.size();
                while (position < size) {
                    position += in.transferTo(position, size - position, out);
                }
            }
            awaitMigration(qmp, "restore", name);
        } catch (IOException | RuntimeException e) {
            // QEMU exits when it cannot load the stream; its last words say why.
            qemu.destroy();
            // Its own errors, not the notes before them (which pty a serial port got).
            List<String> lines = qemu.lastOutput().lines().toList();
            List<String> errors = lines.stream().filter(l -> l.contains("qemu-system")).toList();
            String said = String.join("\n", errors.isEmpty() ? lines : errors).strip();
            throw new VirtException(ErrorCode.OPERATION_FAILED, "operation failed: cannot restore domain '" + name
                    + "' from " + image.file() + ": " + (said.isEmpty() ? e.getMessage() : said), e.getMessage(), e);
        } finally {
            deleteQuietly(socket);
        }
    }

    /** Polls {@code query-migrate} until the migration completes, failing with QEMU's reason. */
    private static void awaitMigration(QmpClient qmp, String job, String name) {
        while (true) {
            JsonNode info = qmp.execute("query-migrate", QMP_TIMEOUT);
            String status = info.path("status").asText("");
            switch (status) {
                case "completed" -> {
                    return;
                }
                case "failed", "cancelled" -> throw VirtException.of(ErrorCode.OPERATION_FAILED, "job '" + job
                        + "' of domain '" + name + "' " + status + ": " + info.path("error-desc").asText(status));
                default -> sleep();
            }
        }
    }

    /** Copies what QEMU sends into the image, then syncs it; the future completes at QEMU's end of stream. */
    private static CompletableFuture<Void> receive(ServerSocketChannel server, Path partial, String name) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread copier = new Thread(() -> {
            try (SocketChannel in = server.accept();
                 FileChannel out = FileChannel.open(partial, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER);
                while (in.read(buffer) >= 0) {
                    buffer.flip();
                    while (buffer.hasRemaining()) {
                        out.write(buffer);
                    }
                    buffer.clear();
                }
                out.force(true);
                done.complete(null);
            } catch (IOException | RuntimeException e) {
                done.completeExceptionally(e);
            }
        }, "qemu-save-" + name);
        copier.setDaemon(true);
        copier.start();
        return done;
    }

    private static void awaitQuietly(CompletableFuture<Void> received, String name) throws IOException {
        try {
            received.get(DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (TimeoutException e) {
            throw VirtException.of(ErrorCode.OPERATION_FAILED, "QEMU completed the save of '" + name
                    + "' but its stream did not end within " + DRAIN_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw VirtException.of(ErrorCode.OPERATION_ABORTED, "save of '" + name + "' was interrupted");
        }
    }

    /** The live definition without what each start adds again: taps' names, the acceleration note. */
    static String definitionXml(DomainDefinition live) {
        XmlElement root = new XmlParser().parse(live.xml(), live.name());
        root.child("devices").ifPresent(devices -> devices.children("interface")
                .forEach(nic -> nic.child("target").ifPresent(nic::remove)));
        root.child("metadata").ifPresent(metadata -> {
            metadata.children("virtfx:acceleration").forEach(metadata::remove);
            if (metadata.children().isEmpty()) {
                root.remove(metadata);
            }
        });
        return XmlFormat.format(root);
    }

    private static void sleep() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw VirtException.of(ErrorCode.OPERATION_ABORTED, "waiting for QEMU's migration was interrupted");
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // A later save or start replaces it.
        }
    }
}
