package org.virtfx.core.domain;

import java.nio.channels.ByteChannel;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.task.TaskProgress;

/**
 * Domains (virtual machines and containers) of one connection. Operations take the domain's
 * UUID, which stays the same across renames. Every default fails as unsupported, so a driver
 * implements what it can and the rest fails clearly.
 */
public interface DomainFamily {

    String driverName();

    /** Every domain, active and inactive, in no particular order. */
    default List<DomainSummary> list() {
        throw VirtException.unsupported(driverName(), "list domains");
    }

    default Optional<DomainSummary> byName(String name) {
        return list().stream().filter(d -> d.name().equals(name)).findFirst();
    }

    default Optional<DomainSummary> byUuid(UUID uuid) {
        return list().stream().filter(d -> d.uuid().equals(uuid)).findFirst();
    }

    default Optional<DomainSummary> byId(int id) {
        return list().stream().filter(d -> d.id() == id).findFirst();
    }

    /**
     * Finds a domain the way virsh does from one word: an active id first, then a UUID, then
     * a name.
     *
     * @throws VirtException {@link ErrorCode#NO_DOMAIN} when nothing matches
     */
    default DomainSummary lookup(String idUuidOrName) {
        Optional<DomainSummary> found = Optional.empty();
        if (idUuidOrName.matches("\\d{1,9}")) {
            found = byId(Integer.parseInt(idUuidOrName));
        }
        if (found.isEmpty() && idUuidOrName.length() == 36) {
            try {
                found = byUuid(UUID.fromString(idUuidOrName));
            } catch (IllegalArgumentException notUuid) {
                // A name that merely looks 36 characters long: fall through to names.
            }
        }
        if (found.isEmpty()) {
            found = byName(idUuidOrName);
        }
        return found.orElseThrow(() -> VirtException.of(ErrorCode.NO_DOMAIN,
                "no domain with matching name '" + idUuidOrName + "'"));
    }

    /** Defines (or redefines, for the same name and UUID) a persistent domain from XML. */
    default DomainSummary define(String xml) {
        throw VirtException.unsupported(driverName(), "define");
    }

    /** Removes the persistent definition; an active domain keeps running as a transient one. */
    default void undefine(UUID uuid) {
        throw VirtException.unsupported(driverName(), "undefine");
    }

    default void start(UUID uuid) {
        throw VirtException.unsupported(driverName(), "start");
    }

    /** Asks the guest to shut down; it may take a while, or be ignored. */
    default void shutdown(UUID uuid) {
        throw VirtException.unsupported(driverName(), "shutdown");
    }

    default void reboot(UUID uuid) {
        throw VirtException.unsupported(driverName(), "reboot");
    }

    /** Resets the domain at once, like pressing its reset button. */
    default void reset(UUID uuid) {
        throw VirtException.unsupported(driverName(), "reset");
    }

    /** Forces the domain off at once; interrupts any job running on it. */
    default void destroy(UUID uuid) {
        throw VirtException.unsupported(driverName(), "destroy");
    }

    /**
     * Presses {@code keycodes} together in a running guest and releases them after
     * {@code holdMillis}, as {@code virDomainSendKey} with the Linux codeset does (virsh
     * send-key): Ctrl+Alt+Delete is {@code 29, 56, 111}. At most 16 keys, as in libvirt.
     */
    default void sendKey(UUID uuid, int holdMillis, int... keycodes) {
        throw VirtException.unsupported(driverName(), "send-key");
    }

    default void suspend(UUID uuid) {
        throw VirtException.unsupported(driverName(), "suspend");
    }

    default void resume(UUID uuid) {
        throw VirtException.unsupported(driverName(), "resume");
    }

    /** The live definition, or the persistent one when {@code inactive} is set. */
    default String xml(UUID uuid, boolean inactive) {
        throw VirtException.unsupported(driverName(), "dumpxml");
    }

    /**
     * Saves the domain's memory to a file the driver keeps (libvirt's managed save) and stops
     * it with reason "saved"; the domain must be active and persistent. Only the next start
     * uses or drops the image, as the driver decides.
     */
    default void managedSave(UUID uuid) {
        throw VirtException.unsupported(driverName(), "managed save");
    }

    /** Whether the domain has a managed save image. */
    default boolean hasManagedSave(UUID uuid) {
        throw VirtException.unsupported(driverName(), "managed save image");
    }

    /** Drops the managed save image, if there is one, so that the next start boots afresh. */
    default void managedSaveRemove(UUID uuid) {
        throw VirtException.unsupported(driverName(), "managed save remove");
    }

    /**
     * Moves the domain to another host, as libvirt's {@code virDomainMigrateToURI3} does, keeping
     * its UUID; returns once the guest runs there (live) or is defined there (offline). Progress
     * is reported as the hypervisor copies memory, and a cancel request aborts the copy, leaving
     * the guest where it was.
     */
    default void migrate(UUID uuid, MigrationOptions options, TaskProgress progress) {
        throw VirtException.unsupported(driverName(), "virDomainMigrate");
    }

    /**
     * Adds a device, as libvirt's {@code virDomainAttachDeviceFlags}: to the running guest
     * ({@link DeviceScope#LIVE}, which needs the domain running), to the persistent definition
     * ({@link DeviceScope#CONFIG}), or both. Either all asked for happens or nothing does.
     *
     * @param deviceXml one device element ({@code <disk>}, {@code <interface>}...)
     */
    default void attachDevice(UUID uuid, String deviceXml, Set<DeviceScope> scopes) {
        throw VirtException.unsupported(driverName(), "attach device");
    }

    /**
     * Removes a device, as libvirt's {@code virDomainDetachDeviceFlags}; the live removal
     * returns once the guest has released the device. A disk is matched by its target, an
     * interface by its MAC address.
     */
    default void detachDevice(UUID uuid, String deviceXml, Set<DeviceScope> scopes) {
        throw VirtException.unsupported(driverName(), "detach device");
    }

    /**
     * Sets how much memory the guest has, in KiB, as libvirt's {@code virDomainSetMemoryFlags}
     * (virsh setmem): {@link DeviceScope#LIVE} moves the running guest's balloon,
     * {@link DeviceScope#CONFIG} changes the definition's {@code <currentMemory>}; no scope means
     * whichever the domain's state gives (libvirt's {@code VIR_DOMAIN_AFFECT_CURRENT}). Never more
     * than the domain's {@code <memory>}.
     */
    default void setMemory(UUID uuid, long kib, Set<DeviceScope> scopes) {
        throw VirtException.unsupported(driverName(), "setmem");
    }

    /**
     * Sets how many vCPUs the guest has, as libvirt's {@code virDomainSetVcpusFlags} (virsh
     * setvcpus): {@link DeviceScope#LIVE} plugs vCPUs into or out of the running guest,
     * {@link DeviceScope#CONFIG} changes the definition's {@code <vcpu current>}; no scope means
     * whichever the domain's state gives. Never more than the domain's {@code <vcpu>} maximum.
     */
    default void setVcpus(UUID uuid, int count, Set<DeviceScope> scopes) {
        throw VirtException.unsupported(driverName(), "setvcpus");
    }

    default void setAutostart(UUID uuid, boolean autostart) {
        throw VirtException.unsupported(driverName(), "autostart");
    }

    /**
     * Opens the domain's text console; a newer client takes it over from an older one, as
     * libvirt's {@code virDomainOpenConsole} with force does.
     */
    default DomainConsole openConsole(UUID uuid) {
        throw VirtException.unsupported(driverName(), "console");
    }

    /**
     * A connected channel to the running domain's graphical console (VNC), which the caller
     * owns and closes. It is never a TCP port: QEMU's UNIX socket, or libvirt's graphics
     * descriptor ({@code virDomainOpenGraphicsFD}), so no one else on the host can reach it.
     */
    default ByteChannel openGraphics(UUID uuid) {
        throw VirtException.unsupported(driverName(), "graphical console");
    }

    /**
     * The running domain's screen as a binary PPM image (P6), as QEMU's {@code screendump}
     * writes it and {@code virsh screenshot} saves it.
     */
    default byte[] screenshot(UUID uuid) {
        throw VirtException.unsupported(driverName(), "screenshot");
    }

    default DomainStats stats(UUID uuid) {
        throw VirtException.unsupported(driverName(), "domain statistics");
    }

    /**
     * What runs the domain's guest code and why: what the running domain uses, or what its next
     * start would use. Empty where the driver runs no hypervisor of that kind (containers, the
     * test driver), so callers show nothing rather than ask which driver this is.
     */
    default Optional<DomainAcceleration> acceleration(UUID uuid) {
        return Optional.empty();
    }

    /**
     * The domain's snapshots, in no particular order.
     *
     * @see DomainSnapshot
     */
    default List<DomainSnapshot> snapshots(UUID uuid) {
        throw VirtException.unsupported(driverName(), "list snapshots");
    }

    /**
     * One snapshot by name.
     *
     * @throws VirtException libvirt's "no domain snapshot with matching name" when there is none
     */
    default DomainSnapshot snapshot(UUID uuid, String name) {
        return snapshots(uuid).stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> DomainSnapshot.notFound(name));
    }

    /** The snapshot last taken or reverted to, if the domain has one. */
    default Optional<DomainSnapshot> currentSnapshot(UUID uuid) {
        return snapshots(uuid).stream().filter(DomainSnapshot::current).findFirst();
    }

    /**
     * Takes a snapshot of the domain, disks and (while it runs) memory, as libvirt's
     * {@code virDomainSnapshotCreateXML} does from a {@code <domainsnapshot>} with an optional
     * name and description; an unnamed snapshot is named after its creation time in seconds.
     * The new snapshot becomes the current one, a child of the previous current one.
     */
    default DomainSnapshot createSnapshot(UUID uuid, String snapshotXml) {
        throw VirtException.unsupported(driverName(), "create snapshot");
    }

    /**
     * Replaces the metadata of a snapshot (its description, say) from its full XML, or adds a
     * snapshot taken elsewhere, as libvirt's create with {@code REDEFINE} does. Which snapshot
     * is current does not change.
     */
    default DomainSnapshot redefineSnapshot(UUID uuid, String snapshotXml) {
        throw VirtException.unsupported(driverName(), "redefine snapshot");
    }

    /**
     * A redefine that, with {@code makeCurrent}, also makes the snapshot the current one, as
     * {@code virsh snapshot-create --redefine --current} does.
     */
    default DomainSnapshot redefineSnapshot(UUID uuid, String snapshotXml, boolean makeCurrent) {
        if (!makeCurrent) {
            return redefineSnapshot(uuid, snapshotXml);
        }
        throw VirtException.unsupported(driverName(), "redefine snapshot as current");
    }

    /** The snapshot's {@code <domainsnapshot>} XML, as {@code virsh snapshot-dumpxml} prints it. */
    default String snapshotXml(UUID uuid, String name) {
        throw VirtException.unsupported(driverName(), "snapshot XML");
    }

    /**
     * Brings the domain back to the snapshot: its definition, its disks and its state (running,
     * paused or shut off as it was then). The snapshot becomes the current one. Lifecycle
     * events tell listeners about the state change.
     */
    default void revertToSnapshot(UUID uuid, String name) {
        throw VirtException.unsupported(driverName(), "revert to snapshot");
    }

    /**
     * A revert that, with {@code force}, goes ahead where libvirt calls it risky (virsh
     * snapshot-revert --force): a running domain whose snapshot's configuration is not ABI
     * compatible with it is restarted instead of refused.
     */
    default void revertToSnapshot(UUID uuid, String name, boolean force) {
        if (!force) {
            revertToSnapshot(uuid, name);
            return;
        }
        throw VirtException.unsupported(driverName(), "forced revert to snapshot");
    }

    /**
     * Deletes a snapshot; its children become children of its parent, and when it was the
     * current one its parent becomes current, as libvirt does.
     */
    default void deleteSnapshot(UUID uuid, String name) {
        throw VirtException.unsupported(driverName(), "delete snapshot");
    }
}
