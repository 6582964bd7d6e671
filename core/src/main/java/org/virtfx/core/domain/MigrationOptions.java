package org.virtfx.core.domain;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/**
 * How a domain moves to another host, in the terms of libvirt's {@code virDomainMigrateToURI3}
 * and virt-manager's Migrate dialog.
 *
 * @param destinationUri the destination's connection URI, as the source host reaches it (libvirt's
 *                       source daemon opens it itself: a peer-to-peer migration)
 * @param mode           a running guest copied while it runs, or only the definition of one that is
 *                       shut off
 * @param persistent     the destination keeps the definition ({@code VIR_MIGRATE_PERSIST_DEST});
 *                       without it the guest runs there as a transient domain
 * @param undefineSource the source forgets the definition once the move succeeded
 *                       ({@code VIR_MIGRATE_UNDEFINE_SOURCE})
 * @param destinationName a new name on the destination, or empty to keep it
 * @param bandwidthMiBps  the most the copy may use, in MiB/s, or empty for no limit
 * @param migrationUri    where the hypervisors send the guest's memory ({@code tcp://ADDRESS:PORT},
 *                        {@code unix:///PATH}), or empty to let the destination choose: virt-manager's
 *                        Address and Port
 * @param tunnelled      the memory goes through the daemons' own connection ({@code VIR_MIGRATE_TUNNELLED}),
 *                       virt-manager's "Tunnelled" mode: no port is opened between the hosts, so it
 *                       takes no migration URI
 */
public record MigrationOptions(String destinationUri, Mode mode, boolean persistent, boolean undefineSource,
                               Optional<String> destinationName, OptionalLong bandwidthMiBps,
                               Optional<String> migrationUri, boolean tunnelled) {
    /** What moves. */
    public enum Mode {
        /** The running guest, its memory copied while it keeps running; it stops here when it runs there. */
        LIVE,
        /** Only the definition of a guest that does not run; the destination must keep it. */
        OFFLINE
    }

    public MigrationOptions {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(destinationName, "destinationName");
        Objects.requireNonNull(bandwidthMiBps, "bandwidthMiBps");
        Objects.requireNonNull(migrationUri, "migrationUri");
        if (destinationUri == null || destinationUri.isBlank()) {
            throw VirtException.of(ErrorCode.INVALID_ARG, "a migration needs the destination's connection URI");
        }
        if (mode == Mode.OFFLINE && !persistent) {
            throw VirtException.of(ErrorCode.INVALID_ARG,
                    "an offline migration moves only the definition, so the destination must keep it (persistent)");
        }
        if (destinationName.isPresent() && destinationName.get().isBlank()) {
            throw VirtException.of(ErrorCode.INVALID_ARG, "the domain's name on the destination is blank");
        }
        if (bandwidthMiBps.isPresent() && bandwidthMiBps.getAsLong() <= 0) {
            throw VirtException.of(ErrorCode.INVALID_ARG,
                    "migration bandwidth must be a positive number of MiB/s, not " + bandwidthMiBps.getAsLong());
        }
        if (migrationUri.isPresent() && migrationUri.get().isBlank()) {
            throw VirtException.of(ErrorCode.INVALID_ARG, "the migration URI is blank");
        }
        if (tunnelled && migrationUri.isPresent()) {
            throw VirtException.of(ErrorCode.INVALID_ARG, "a tunnelled migration sends the guest through the daemons'"
                    + " connection, so it takes no migration URI (" + migrationUri.get() + ")");
        }
    }

    /** A running guest moved for good, as virt-manager's dialog does by default. */
    public static MigrationOptions live(String destinationUri) {
        return new MigrationOptions(destinationUri, Mode.LIVE, true, true, Optional.empty(), OptionalLong.empty(),
                Optional.empty(), false);
    }

    /** A shut-off guest's definition moved for good. */
    public static MigrationOptions offline(String destinationUri) {
        return new MigrationOptions(destinationUri, Mode.OFFLINE, true, true, Optional.empty(), OptionalLong.empty(),
                Optional.empty(), false);
    }

    /** virt-manager's "Temporary move": the guest runs there transiently and stays defined here. */
    public MigrationOptions temporary() {
        return new MigrationOptions(destinationUri, mode, false, false, destinationName, bandwidthMiBps, migrationUri,
                tunnelled);
    }

    public MigrationOptions withDestinationName(String name) {
        return new MigrationOptions(destinationUri, mode, persistent, undefineSource, Optional.of(name),
                bandwidthMiBps, migrationUri, tunnelled);
    }

    public MigrationOptions withBandwidth(long mibPerSecond) {
        return new MigrationOptions(destinationUri, mode, persistent, undefineSource, destinationName,
                OptionalLong.of(mibPerSecond), migrationUri, tunnelled);
    }

    public MigrationOptions withMigrationUri(String uri) {
        return new MigrationOptions(destinationUri, mode, persistent, undefineSource, destinationName,
                bandwidthMiBps, Optional.of(uri), tunnelled);
    }

    /** virt-manager's "Tunnelled" mode: the guest's memory goes through the daemons' connection. */
    public MigrationOptions withTunnel() {
        return new MigrationOptions(destinationUri, mode, persistent, undefineSource, destinationName,
                bandwidthMiBps, migrationUri, true);
    }
}
