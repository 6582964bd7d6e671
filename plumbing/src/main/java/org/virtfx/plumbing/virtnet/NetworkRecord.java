package org.virtfx.plumbing.virtnet;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.virtfx.core.config.AtomicFiles;
import org.virtfx.core.config.BoundedFiles;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/**
 * A network's write-ahead record, {@code NAME.state} in the state directory beside dnsmasq's
 * files, as libvirt keeps {@code /run/libvirt/network/NAME.xml}: the network's UUID, how far its
 * start or stop had got, the bridge the start makes (and so the firewall table
 * {@code virtfx_BRIDGE}) and the live definition, from which dnsmasq's configuration file, by
 * which dnsmasq is found again, follows. A start writes it ({@code starting}) before it makes
 * anything and again ({@code running}) once everything is made; a stop writes {@code stopping}
 * before it removes anything and deletes the record last. A process killed at any step so
 * leaves either a running network to adopt or a record of everything to undo.
 *
 * @param liveXml the definition the network runs with
 */
record NetworkRecord(UUID uuid, Phase phase, String bridge, String liveXml) {
    /** A record is a few header lines and one network definition. */
    private static final long LIMIT = BoundedFiles.DOCUMENT_LIMIT;
    private static final String SUFFIX = ".state";

    /** How far the start or stop had got when the record was written. */
    enum Phase { STARTING, RUNNING, STOPPING }

    NetworkRecord in(Phase next) {
        return new NetworkRecord(uuid, next, bridge, liveXml);
    }

    static Path path(Path stateDirectory, String name) {
        return stateDirectory.resolve(name + SUFFIX);
    }

    /** Writes the record atomically and durably. */
    void write(Path stateDirectory, String name) {
        AtomicFiles.write(path(stateDirectory, name), "uuid=" + uuid + "\nphase=" + phase.name().toLowerCase()
                + "\nbridge=" + bridge + "\n" + liveXml);
    }

    /** The record of network {@code name}, if there is one; an error naming the file if it is not a record. */
    static Optional<NetworkRecord> read(Path stateDirectory, String name) {
        Path file = path(stateDirectory, name);
        return Files.exists(file) ? Optional.of(read(file)) : Optional.empty();
    }

    static NetworkRecord read(Path file) {
        String text = BoundedFiles.read(file, LIMIT);
        String[] header = text.split("\n", 4);
        try {
            if (header.length < 4 || !header[0].startsWith("uuid=") || !header[1].startsWith("phase=")
                    || !header[2].startsWith("bridge=") || !header[3].startsWith("<")) {
                throw new IllegalArgumentException("expected uuid=, phase= and bridge= lines and a network definition");
            }
            return new NetworkRecord(UUID.fromString(header[0].substring(5)),
                    Phase.valueOf(header[1].substring(6).toUpperCase()), header[2].substring(7), header[3]);
        } catch (IllegalArgumentException e) {
            throw VirtException.of(ErrorCode.INTERNAL_ERROR, "malformed network state file '" + file + "': "
                    + e.getMessage());
        }
    }

    /** The names of the networks that have a record. */
    static List<String> names(Path stateDirectory) {
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(stateDirectory)) {
            return names;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(stateDirectory, "*" + SUFFIX)) {
            for (Path file : files) {
                String fileName = file.getFileName().toString();
                names.add(fileName.substring(0, fileName.length() - SUFFIX.length()));
            }
        } catch (IOException e) {
            throw VirtException.system("cannot list network state in " + stateDirectory, e);
        }
        names.sort(null);
        return names;
    }

    static void delete(Path stateDirectory, String name) {
        try {
            Files.deleteIfExists(path(stateDirectory, name));
        } catch (IOException e) {
            throw VirtException.system("cannot delete the state of network '" + name + "'", e);
        }
    }
}
