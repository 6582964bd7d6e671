package org.virtfx.drivers.libvirt;

import java.nio.channels.ByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.virtfx.core.domain.DeviceScope;
import org.virtfx.core.domain.DomainAcceleration;
import org.virtfx.core.domain.DomainConsole;
import org.virtfx.core.domain.DomainFamily;
import org.virtfx.core.domain.DomainSnapshot;
import org.virtfx.core.domain.DomainStats;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.domain.MigrationOptions;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.task.TaskProgress;
import org.virtfx.core.xml.XmlParser;
import org.virtfx.drivers.libvirt.binding.LibvirtError;
import org.virtfx.drivers.libvirt.binding.VirConnect;
import org.virtfx.drivers.libvirt.binding.VirDomain;
import org.virtfx.drivers.libvirt.binding.VirDomainSnapshot;
import org.virtfx.drivers.libvirt.binding.VirStream;

/**
 * Domains through libvirt. Each operation looks the domain up by UUID, makes one libvirt call and
 * drops the reference; libvirt's errors pass through with its words. Events come from libvirt's
 * callbacks ({@link LibvirtEvents}), not from here.
 */
final class LibvirtDomains implements DomainFamily {
    /** The largest screenshot accepted: a 32-bit 4096x4096 screen as PPM is 48 MiB. */
    private static final int SCREENSHOT_LIMIT = 64 << 20;

    private final VirConnect conn;
    private final LibvirtSnapshots snapshots;
    private final GraphicsRoute graphics;

    LibvirtDomains(VirConnect conn, GraphicsRoute graphics) {
        this.conn = conn;
        this.graphics = graphics;
        this.snapshots = new LibvirtSnapshots(this);
    }

    @Override
    public String driverName() {
        return LibvirtDriver.NAME;
    }

    /** The summary of a domain, read through its handle. */
    static DomainSummary summary(VirDomain domain) {
        VirDomain.StateAndReason state = domain.state();
        return new DomainSummary(domain.name(), UUID.fromString(domain.uuid()), domain.id(),
                DomainStates.state(state.state()), DomainStates.reason(state.state(), state.reason()),
                domain.isPersistent(), domain.autostart());
    }

    @Override
    public List<DomainSummary> list() {
        List<DomainSummary> summaries = new ArrayList<>();
        for (VirDomain domain : conn.listAllDomains(0)) {
            try (domain) {
                summaries.add(summary(domain));
            } catch (VirtException e) {
                // A domain undefined between the list and the summary is simply not there any more.
                if (!LibvirtError.is(e, LibvirtError.NO_DOMAIN)) {
                    throw e;
                }
            }
        }
        return summaries;
    }

    @Override
    public Optional<DomainSummary> byName(String name) {
        return find(() -> conn.domainByName(name));
    }

    @Override
    public Optional<DomainSummary> byUuid(UUID uuid) {
        return find(() -> conn.domainByUuid(uuid.toString()));
    }

    @Override
    public Optional<DomainSummary> byId(int id) {
        return find(() -> conn.domainById(id));
    }

    private static Optional<DomainSummary> find(java.util.function.Supplier<VirDomain> lookup) {
        return Lookups.optional(LibvirtError.NO_DOMAIN, () -> {
            try (VirDomain domain = lookup.get()) {
                return summary(domain);
            }
        });
    }

    /** Runs one call on the domain with this UUID; libvirt's "Domain not found" when there is none. */
    <T> T on(UUID uuid, Function<VirDomain, T> call) {
        try (VirDomain domain = conn.domainByUuid(uuid.toString())) {
            return call.apply(domain);
        }
    }

    void run(UUID uuid, Consumer<VirDomain> call) {
        on(uuid, domain -> {
            call.accept(domain);
            return null;
        });
    }

    @Override
    public DomainSummary define(String xml) {
        try (VirDomain domain = conn.defineDomain(xml, 0)) {
            return summary(domain);
        }
    }

    /**
     * Removes the definition with libvirt's default flags, so libvirt refuses while a managed save
     * image or snapshots exist, as VirtFX's own drivers do.
     */
    @Override
    public void undefine(UUID uuid) {
        run(uuid, d -> d.undefine(0));
    }

    @Override
    public void start(UUID uuid) {
        run(uuid, d -> d.create(0));
    }

    @Override
    public void shutdown(UUID uuid) {
        run(uuid, d -> d.shutdown(0));
    }

    @Override
    public void reboot(UUID uuid) {
        run(uuid, d -> d.reboot(0));
    }

    @Override
    public void reset(UUID uuid) {
        run(uuid, VirDomain::reset);
    }

    @Override
    public void destroy(UUID uuid) {
        run(uuid, d -> d.destroy(0));
    }

    @Override
    public void attachDevice(UUID uuid, String deviceXml, Set<DeviceScope> scopes) {
        run(uuid, d -> d.attachDevice(deviceXml, affect(scopes)));
    }

    @Override
    public void detachDevice(UUID uuid, String deviceXml, Set<DeviceScope> scopes) {
        run(uuid, d -> d.detachDevice(deviceXml, affect(scopes)));
    }

    /** Linux key codes, as core and virsh send-key give them. */
    @Override
    public void sendKey(UUID uuid, int holdMillis, int... keycodes) {
        run(uuid, d -> d.sendKey(VirDomain.KEYCODE_SET_LINUX, holdMillis, keycodes));
    }

    /**
     * The first screen through a blocking stream read to its end, as virsh screenshot does; a PNG
     * (libvirt's test driver sends one) becomes the PPM core promises.
     */
    @Override
    public byte[] screenshot(UUID uuid) {
        return on(uuid, domain -> {
            try (VirStream stream = VirStream.createBlocking(conn)) {
                String mimeType = domain.screenshot(stream, 0);
                return ScreenImages.asPpm(mimeType, stream.receiveAll(SCREENSHOT_LIMIT));
            }
        });
    }

    /** libvirt checks the amount itself (zero, above the maximum); a negative one would reach C as a huge unsigned. */
    @Override
    public void setMemory(UUID uuid, long kib, Set<DeviceScope> scopes) {
        if (kib < 0) {
            throw VirtException.of(ErrorCode.INVALID_ARG, "memory cannot be a negative number of KiB: " + kib);
        }
        run(uuid, d -> d.setMemory(kib, affect(scopes)));
    }

    @Override
    public void setVcpus(UUID uuid, int count, Set<DeviceScope> scopes) {
        if (count < 0) {
            throw VirtException.of(ErrorCode.INVALID_ARG, "a vCPU count cannot be negative: " + count);
        }
        run(uuid, d -> d.setVcpus(count, affect(scopes)));
    }

    private static int affect(Set<DeviceScope> scopes) {
        return (scopes.contains(DeviceScope.LIVE) ? VirDomain.AFFECT_LIVE : 0)
                | (scopes.contains(DeviceScope.CONFIG) ? VirDomain.AFFECT_CONFIG : 0);
    }

    @Override
    public void suspend(UUID uuid) {
        run(uuid, VirDomain::suspend);
    }

    @Override
    public void resume(UUID uuid) {
        run(uuid, VirDomain::resume);
    }

    @Override
    public String xml(UUID uuid, boolean inactive) {
        return on(uuid, d -> d.xml(inactive ? VirDomain.XML_INACTIVE : 0));
    }

    /**
     * Read from the domain's type, as libvirt's QEMU driver runs a {@code kvm} domain only with
     * KVM and a {@code qemu} one only with TCG; other drivers' types give nothing. Asking the
     * domain capabilities too would cost a daemon round trip per window for nothing the type
     * does not already say.
     */
    @Override
    public Optional<DomainAcceleration> acceleration(UUID uuid) {
        return on(uuid, d -> DomainAcceleration.ofDomainType(new XmlParser().parse(d.xml(0), "(domain_definition)")
                .attribute("type").orElse(""), d.id() >= 0));
    }

    @Override
    public void managedSave(UUID uuid) {
        run(uuid, VirDomain::managedSave);
    }

    @Override
    public boolean hasManagedSave(UUID uuid) {
        return on(uuid, VirDomain::hasManagedSaveImage);
    }

    @Override
    public void managedSaveRemove(UUID uuid) {
        run(uuid, VirDomain::managedSaveRemove);
    }

    /** Peer to peer through {@code virDomainMigrateToURI3}: see {@link LibvirtMigration}. */
    @Override
    public void migrate(UUID uuid, MigrationOptions options, TaskProgress progress) {
        run(uuid, domain -> LibvirtMigration.run(domain, options, progress));
    }

    @Override
    public void setAutostart(UUID uuid, boolean autostart) {
        run(uuid, d -> d.setAutostart(autostart));
    }

    /** The domain's first console through a libvirt stream; libvirt's error when it is not running. */
    @Override
    public DomainConsole openConsole(UUID uuid) {
        return on(uuid, domain -> LibvirtConsole.open(conn, domain));
    }

    /**
     * The first graphics device by this connection's route: a socket the daemon hands over
     * ({@code virDomainOpenGraphicsFD}) locally, an ssh channel to a remote host; no VNC port is
     * opened on this machine either way.
     */
    @Override
    public ByteChannel openGraphics(UUID uuid) {
        return on(uuid, graphics::open);
    }

    @Override
    public DomainStats stats(UUID uuid) {
        VirDomain.DomainInfo info = on(uuid, VirDomain::info);
        return new DomainStats(DomainStates.state(info.state()), info.vcpus(), info.maxMemoryKiB(), info.memoryKiB(),
                info.cpuTimeNanos());
    }

    @Override
    public List<DomainSnapshot> snapshots(UUID uuid) {
        return snapshots.list(uuid);
    }

    @Override
    public DomainSnapshot snapshot(UUID uuid, String name) {
        return snapshots.one(uuid, name);
    }

    @Override
    public DomainSnapshot createSnapshot(UUID uuid, String snapshotXml) {
        return snapshots.create(uuid, snapshotXml, 0);
    }

    @Override
    public DomainSnapshot redefineSnapshot(UUID uuid, String snapshotXml) {
        return redefineSnapshot(uuid, snapshotXml, false);
    }

    @Override
    public DomainSnapshot redefineSnapshot(UUID uuid, String snapshotXml, boolean makeCurrent) {
        return snapshots.create(uuid, snapshotXml, VirDomainSnapshot.CREATE_REDEFINE
                | (makeCurrent ? VirDomainSnapshot.CREATE_CURRENT : 0));
    }

    @Override
    public String snapshotXml(UUID uuid, String name) {
        return snapshots.xml(uuid, name);
    }

    @Override
    public void revertToSnapshot(UUID uuid, String name) {
        revertToSnapshot(uuid, name, false);
    }

    @Override
    public void revertToSnapshot(UUID uuid, String name, boolean force) {
        snapshots.revert(uuid, name, force ? VirDomainSnapshot.REVERT_FORCE : 0);
    }

    @Override
    public void deleteSnapshot(UUID uuid, String name) {
        snapshots.delete(uuid, name);
    }
}
