package org.virtfx.drivers.test;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.virtfx.core.domain.DeviceScope;
import org.virtfx.core.domain.DomainDefinition;
import org.virtfx.core.domain.DomainSnapshot;
import org.virtfx.core.domain.DomainSnapshotXml;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.domain.DomainStats;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.domain.DomainXml;
import org.virtfx.core.domain.KeyCodeset;
import org.virtfx.core.domain.Keymap;
import org.virtfx.core.domain.StateReason;
import org.virtfx.core.driver.DomainJobs;
import org.virtfx.core.driver.DomainObject;
import org.virtfx.core.driver.DomainObjectFamily;
import org.virtfx.core.driver.DomainObjectList;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.event.DomainEvent;
import org.virtfx.core.event.DomainEvent.Type;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlParser;

/**
 * Domains of a test node, with the transitions and error texts of libvirt's test driver.
 * Each state change runs as the domain's job; its event is published once the job is over.
 */
final class TestDomains implements DomainObjectFamily {
    /** libvirt's VIR_DOMAIN_SEND_KEY_MAX_KEYS. */
    private static final int MAX_SEND_KEYS = 16;
    private final TestNode node;
    private final DomainObjectList<SyntheticCpu> domains;
    private final DomainJobs jobs;
    private final XmlParser parser = new XmlParser();
    private final DomainXml domainXml = new DomainXml();
    private final TestDomainSnapshots snapshots;
    private final TestDomainResources resources;

    TestDomains(TestNode node) {
        this.node = node;
        this.domains = node.domains();
        this.jobs = node.jobs();
        this.snapshots = new TestDomainSnapshots(node, this);
        this.resources = new TestDomainResources(domains, jobs);
    }

    @Override
    public String driverName() {
        return TestDriver.NAME;
    }

    @Override
    public DomainObjectList<SyntheticCpu> objects() {
        return domains;
    }

    /** Parses a domain as the test driver would store it, defaults included. */
    DomainDefinition parse(XmlElement root, String source) {
        if (root.name().equals("domain")) {
            TestDomainDefaults.apply(root);
        }
        return domainXml.read(root, source);
    }

    @Override
    public DomainSummary define(String xml) {
        DomainDefinition definition = parse(parser.parse(xml, "(domain_definition)"), "(domain_definition)");
        DomainObjectList.Defined<SyntheticCpu> defined = domains.define(definition, stored -> { });
        DomainEvent event = new DomainEvent(defined.summary(), Type.DEFINED, defined.added() ? "added" : "updated");
        jobs.publish(event);
        return event.domain();
    }

    /**
     * Adds a domain loaded from a node file in the given run state (libvirt's test:runstate),
     * with the snapshots its {@code test:domainsnapshot} elements carry.
     */
    void load(DomainDefinition definition, boolean persistent, DomainState state, boolean managedSave,
              List<DomainSnapshotXml.Redefinition> snapshotList) {
        DomainObject<SyntheticCpu> domain = persistent ? domains.define(definition, stored -> { }).domain()
                : domains.addTransient(definition);
        for (DomainSnapshotXml.Redefinition loaded : snapshotList) {
            if (loaded.current() && domain.snapshots().currentName().isPresent()) {
                throw VirtException.of(ErrorCode.INTERNAL_ERROR, "more than one snapshot claims to be active");
            }
            domain.snapshots().add(loaded.definition(), loaded.current());
        }
        if (!domain.snapshots().relationsConsistent()) {
            throw VirtException.of(ErrorCode.INTERNAL_ERROR, "Snapshots have inconsistent relations for domain "
                    + definition.name());
        }
        if (state.isActive()) {
            // libvirt starts the domain, then overwrites the state with reason 0 ("unknown").
            SyntheticCpu.activate(domain, node.takeDomainId(), state, StateReason.UNKNOWN);
        }
        domain.setManagedSave(managedSave);
    }

    @Override
    public void undefine(UUID uuid) {
        DomainObject<SyntheticCpu> domain = domains.require(uuid);
        jobs.run(domain, "undefine", () -> {
            if (domain.hasManagedSave()) {
                throw VirtException.of(ErrorCode.OPERATION_INVALID,
                        "Refusing to undefine while domain managed save image exists");
            }
            int snapshotCount = domain.snapshots().count();
            if (!domain.isActive() && snapshotCount > 0) {
                throw VirtException.of(ErrorCode.OPERATION_INVALID,
                        "cannot delete inactive domain with " + snapshotCount + " snapshots");
            }
            return new DomainEvent(domains.undefine(domain, () -> { }), Type.UNDEFINED, "removed");
        });
    }

    @Override
    public void start(UUID uuid) {
        DomainObject<SyntheticCpu> domain = domains.require(uuid);
        jobs.run(domain, "start", () -> {
            if (domain.isActive()) {
                throw VirtException.of(ErrorCode.OPERATION_INVALID,
                        "Domain '" + domain.name() + "' is already running");
            }
            SyntheticCpu.activate(domain, node.takeDomainId(), DomainState.RUNNING, StateReason.BOOTED);
            return new DomainEvent(domain.summary(), Type.STARTED, "booted");
        });
    }

    @Override
    public void shutdown(UUID uuid) {
        DomainObject<SyntheticCpu> domain = domains.require(uuid);
        jobs.run(domain, "shutdown", () -> {
            if (domain.state() == DomainState.SHUTOFF) {
                throw VirtException.of(ErrorCode.INTERNAL_ERROR, "domain '" + domain.name() + "' not running");
            }
            return lifecycleAction(domain, "on_poweroff");
        });
    }

    @Override
    public void reboot(UUID uuid) {
        DomainObject<SyntheticCpu> domain = domains.require(uuid);
        jobs.run(domain, "reboot", () -> {
            requireActive(domain);
            return lifecycleAction(domain, "on_reboot");
        });
    }

    /**
     * What the guest does when it powers off or reboots, as its {@code on_poweroff} or
     * {@code on_reboot} element says: restart keeps it running with the same id, anything
     * else shuts it off (and forgets it if transient).
     */
    private DomainEvent lifecycleAction(DomainObject<SyntheticCpu> domain, String element) {
        String action = parser.parse(domain.current().xml(), domain.name()).childText(element)
                .orElse(element.equals("on_reboot") ? "restart" : "destroy");
        if (action.equals("restart") || action.equals("rename-restart")) {
            SyntheticCpu.setState(domain, DomainState.RUNNING, StateReason.BOOTED);
            return new DomainEvent(domain.summary(), element.equals("on_reboot") ? Type.REBOOTED : Type.STARTED,
                    "booted");
        }
        return stop(domain, StateReason.SHUTDOWN, "shutdown");
    }

    @Override
    public void reset(UUID uuid) {
        DomainObject<SyntheticCpu> domain = domains.require(uuid);
        // libvirt's test driver checks the domain is active and changes nothing else.
        jobs.run(domain, "reset", () -> {
            requireActive(domain);
            return null;
        });
    }

    @Override
    public void destroy(UUID uuid) {
        DomainObject<SyntheticCpu> domain = domains.require(uuid);
        jobs.runInterrupting(domain, "destroy", () -> {
            requireActive(domain);
            return stop(domain, StateReason.DESTROYED, "destroyed");
        });
    }

    private DomainEvent stop(DomainObject<SyntheticCpu> domain, StateReason reason, String detail) {
        return new DomainEvent(domains.stopped(domain, reason), Type.STOPPED, detail);
    }

    /**
     * libvirt's test driver keeps no image: it stops the domain with reason "saved" and
     * remembers that an image exists, which the next start discards (it boots afresh).
     */
    @Override
    public void managedSave(UUID uuid) {
        DomainObject<SyntheticCpu> domain = domains.require(uuid);
        jobs.run(domain, "managedsave", () -> {
            requireActive(domain);
            if (!domain.isPersistent()) {
                throw VirtException.of(ErrorCode.OPERATION_INVALID, "cannot do managed save for transient domain");
            }
            DomainEvent stopped = stop(domain, StateReason.SAVED, "saved");
            domain.setManagedSave(true);
            return stopped;
        });
    }

    @Override
    public boolean hasManagedSave(UUID uuid) {
        return domains.require(uuid).hasManagedSave();
    }

    /** Drops the image flag; removing an image that is not there is no error, as in libvirt. */
    @Override
    public void managedSaveRemove(UUID uuid) {
        DomainObject<SyntheticCpu> domain = domains.require(uuid);
        jobs.run(domain, "managedsave-remove", () -> {
            domain.setManagedSave(false);
            return null;
        });
    }

    /**
     * libvirt's test driver checks each code is a key of the Linux keymap and the domain runs,
     * then does nothing more.
     */
    @Override
    public void sendKey(UUID uuid, int holdMillis, int... keycodes) {
        DomainObject<SyntheticCpu> domain = domains.require(uuid);
        if (keycodes.length == 0 || keycodes.length > MAX_SEND_KEYS) {
            throw VirtException.of(ErrorCode.INVALID_ARG, "between 1 and " + MAX_SEND_KEYS + " keycodes are allowed, not "
                    + keycodes.length);
        }
        for (int code : keycodes) {
            Keymap.standard().toLinux(KeyCodeset.LINUX, code);
        }
        if (!domain.isActive()) {
            throw VirtException.of(ErrorCode.OPERATION_INVALID, "domain is not running");
        }
    }

    @Override
    public void setMemory(UUID uuid, long kib, Set<DeviceScope> scopes) {
        resources.setMemory(domains.require(uuid), kib, scopes);
    }

    @Override
    public void setVcpus(UUID uuid, int count, Set<DeviceScope> scopes) {
        resources.setVcpus(domains.require(uuid), count, scopes);
    }

    /**
     * A picture of the test driver's own, which libvirt's test driver gives whatever the
     * domain's state: it has no screen to read either.
     */
    @Override
    public byte[] screenshot(UUID uuid) {
        return TestScreen.picture(domains.require(uuid).uuid());
    }

    @Override
    public void suspend(UUID uuid) {
        DomainObject<SyntheticCpu> domain = domains.require(uuid);
        jobs.run(domain, "suspend", () -> {
            DomainState state = domain.state();
            if (state == DomainState.SHUTOFF || state == DomainState.PAUSED) {
                throw VirtException.of(ErrorCode.INTERNAL_ERROR, "domain '" + domain.name() + "' not running");
            }
            SyntheticCpu.setState(domain, DomainState.PAUSED, StateReason.USER);
            return new DomainEvent(domain.summary(), Type.SUSPENDED, "paused");
        });
    }

    @Override
    public void resume(UUID uuid) {
        DomainObject<SyntheticCpu> domain = domains.require(uuid);
        jobs.run(domain, "resume", () -> {
            if (domain.state() != DomainState.PAUSED) {
                throw VirtException.of(ErrorCode.INTERNAL_ERROR, "domain '" + domain.name() + "' not paused");
            }
            SyntheticCpu.setState(domain, DomainState.RUNNING, StateReason.UNPAUSED);
            return new DomainEvent(domain.summary(), Type.RESUMED, "unpaused");
        });
    }

    @Override
    public String xml(UUID uuid, boolean inactive) {
        DomainObject<SyntheticCpu> domain = domains.require(uuid);
        if (inactive || !domain.isActive()) {
            return domain.inactiveDefinition().xml();
        }
        return domainXml.liveXml(domain.current(), domain.id());
    }

    @Override
    public void setAutostart(UUID uuid, boolean autostart) {
        DomainObject<SyntheticCpu> domain = domains.require(uuid);
        if (!domain.isPersistent()) {
            throw VirtException.of(ErrorCode.OPERATION_INVALID, "cannot set autostart for transient domain");
        }
        domain.setAutostart(autostart);
        jobs.publish(new DomainEvent(domain.summary(), Type.DEFINED, "updated"));
    }

    @Override
    public DomainStats stats(UUID uuid) {
        return SyntheticCpu.stats(domains.require(uuid));
    }

    @Override
    public List<DomainSnapshot> snapshots(UUID uuid) {
        return snapshots.list(uuid);
    }

    @Override
    public DomainSnapshot createSnapshot(UUID uuid, String snapshotXml) {
        return snapshots.create(uuid, snapshotXml);
    }

    @Override
    public DomainSnapshot redefineSnapshot(UUID uuid, String snapshotXml) {
        return snapshots.redefine(uuid, snapshotXml, false);
    }

    @Override
    public DomainSnapshot redefineSnapshot(UUID uuid, String snapshotXml, boolean makeCurrent) {
        return snapshots.redefine(uuid, snapshotXml, makeCurrent);
    }

    @Override
    public String snapshotXml(UUID uuid, String name) {
        return snapshots.xml(uuid, name);
    }

    @Override
    public void revertToSnapshot(UUID uuid, String name) {
        snapshots.revert(uuid, name);
    }

    /** libvirt's test driver checks no compatibility before a revert, so forcing one changes nothing. */
    @Override
    public void revertToSnapshot(UUID uuid, String name, boolean force) {
        snapshots.revert(uuid, name);
    }

    @Override
    public void deleteSnapshot(UUID uuid, String name) {
        snapshots.delete(uuid, name);
    }

    private static void requireActive(DomainObject<?> domain) {
        if (!domain.isActive()) {
            throw VirtException.of(ErrorCode.OPERATION_INVALID, "domain is not running");
        }
    }
}
