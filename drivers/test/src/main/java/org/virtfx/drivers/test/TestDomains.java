package org.virtfx.drivers.test;

import java.util.List;
import java.util.UUID;
import org.virtfx.core.domain.DomainDefinition;
import org.virtfx.core.domain.DomainFamily;
import org.virtfx.core.domain.DomainSnapshot;
import org.virtfx.core.domain.DomainSnapshotXml;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.domain.DomainStats;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.domain.DomainXml;
import org.virtfx.core.domain.StateReason;
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
final class TestDomains implements DomainFamily {
    /** libvirt's VIR_DOMAIN_SEND_KEY_MAX_KEYS. */
    private static final int MAX_SEND_KEYS = 16;
    /** The Linux input layer's KEY_MAX. */
    private static final int LINUX_KEY_MAX = 0x2ff;
    private final TestNode node;
    private final XmlParser parser = new XmlParser();
    private final DomainXml domainXml = new DomainXml();
    private final TestDomainSnapshots snapshots;

    TestDomains(TestNode node) {
        this.node = node;
        this.snapshots = new TestDomainSnapshots(node, this);
    }

    @Override
    public String driverName() {
        return TestDriver.NAME;
    }

    @Override
    public List<DomainSummary> list() {
        return node.domains().stream().map(TestDomain::summary).toList();
    }

    /** Parses a domain as the test driver would store it, defaults included. */
    DomainDefinition parse(XmlElement root, String source) {
        if (root.name().equals("domain")) {
            TestDomainDefaults.apply(root, node::ifnameTaken);
        }
        return domainXml.read(root, source);
    }

    @Override
    public DomainSummary define(String xml) {
        DomainDefinition definition = parse(parser.parse(xml, "(domain_definition)"), "(domain_definition)");
        DomainEvent event;
        synchronized (node) {
            TestDomain existing = checkUnique(definition);
            if (existing != null) {
                existing.redefine(definition);
                event = new DomainEvent(existing.summary(), Type.DEFINED, "updated");
            } else {
                TestDomain domain = new TestDomain(definition, true);
                node.putDomain(domain);
                event = new DomainEvent(domain.summary(), Type.DEFINED, "added");
            }
        }
        node.events().publish(event);
        return event.domain();
    }

    /**
     * libvirt's rule for adding a definition: the same UUID must carry the same name, and a
     * name may not be taken by another UUID. Returns the domain being redefined, if any.
     */
    private TestDomain checkUnique(DomainDefinition definition) {
        TestDomain sameUuid = node.domain(definition.uuid()).orElse(null);
        if (sameUuid != null && !sameUuid.name().equals(definition.name())) {
            throw VirtException.of(ErrorCode.OPERATION_FAILED, "domain '" + sameUuid.name()
                    + "' is already defined with uuid " + sameUuid.uuid());
        }
        TestDomain sameName = node.domainNamed(definition.name()).orElse(null);
        if (sameUuid == null && sameName != null) {
            throw VirtException.of(ErrorCode.OPERATION_FAILED, "domain '" + definition.name()
                    + "' already exists with uuid " + sameName.uuid());
        }
        return sameUuid;
    }

    /**
     * Adds a domain loaded from a node file in the given run state (libvirt's test:runstate),
     * with the snapshots its {@code test:domainsnapshot} elements carry.
     */
    void load(DomainDefinition definition, boolean persistent, DomainState state, boolean managedSave,
              List<DomainSnapshotXml.Redefinition> snapshotList) {
        checkUnique(definition);
        TestDomain domain = new TestDomain(definition, persistent);
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
            domain.activate(node.takeDomainId(), state, StateReason.UNKNOWN, System.nanoTime());
        }
        domain.setManagedSave(managedSave);
        node.putDomain(domain);
    }

    @Override
    public void undefine(UUID uuid) {
        TestDomain domain = node.requireDomain(uuid);
        DomainSummary before = domain.job().run("undefine", () -> {
            if (domain.hasManagedSave()) {
                throw VirtException.of(ErrorCode.OPERATION_INVALID,
                        "Refusing to undefine while domain managed save image exists");
            }
            int snapshotCount = domain.snapshots().count();
            if (!domain.isActive() && snapshotCount > 0) {
                throw VirtException.of(ErrorCode.OPERATION_INVALID,
                        "cannot delete inactive domain with " + snapshotCount + " snapshots");
            }
            DomainSummary summary = domain.summary();
            if (!domain.undefine()) {
                node.removeDomain(domain);
            }
            return summary;
        });
        node.events().publish(new DomainEvent(domain.isActive() ? domain.summary() : gone(before),
                Type.UNDEFINED, "removed"));
    }

    @Override
    public void start(UUID uuid) {
        TestDomain domain = node.requireDomain(uuid);
        DomainSummary after = domain.job().run("start", () -> {
            if (domain.isActive()) {
                throw VirtException.of(ErrorCode.OPERATION_INVALID,
                        "Domain '" + domain.name() + "' is already running");
            }
            domain.activate(node.takeDomainId(), DomainState.RUNNING, StateReason.BOOTED, System.nanoTime());
            return domain.summary();
        });
        node.events().publish(new DomainEvent(after, Type.STARTED, "booted"));
    }

    @Override
    public void shutdown(UUID uuid) {
        TestDomain domain = node.requireDomain(uuid);
        DomainEvent event = domain.job().run("shutdown", () -> {
            if (domain.state() == DomainState.SHUTOFF) {
                throw VirtException.of(ErrorCode.INTERNAL_ERROR, "domain '" + domain.name() + "' not running");
            }
            return lifecycleAction(domain, "on_poweroff");
        });
        node.events().publish(event);
    }

    @Override
    public void reboot(UUID uuid) {
        TestDomain domain = node.requireDomain(uuid);
        DomainEvent event = domain.job().run("reboot", () -> {
            requireActive(domain);
            return lifecycleAction(domain, "on_reboot");
        });
        node.events().publish(event);
    }

    /**
     * What the guest does when it powers off or reboots, as its {@code on_poweroff} or
     * {@code on_reboot} element says: restart keeps it running with the same id, anything
     * else shuts it off (and forgets it if transient).
     */
    private DomainEvent lifecycleAction(TestDomain domain, String element) {
        String action = parser.parse(domain.current().xml(), domain.name()).childText(element)
                .orElse(element.equals("on_reboot") ? "restart" : "destroy");
        if (action.equals("restart") || action.equals("rename-restart")) {
            domain.setState(DomainState.RUNNING, StateReason.BOOTED, System.nanoTime());
            return new DomainEvent(domain.summary(), element.equals("on_reboot") ? Type.REBOOTED : Type.STARTED,
                    "booted");
        }
        return stop(domain, StateReason.SHUTDOWN, "shutdown");
    }

    @Override
    public void reset(UUID uuid) {
        TestDomain domain = node.requireDomain(uuid);
        // libvirt's test driver checks the domain is active and changes nothing else.
        domain.job().run("reset", () -> {
            requireActive(domain);
            return null;
        });
    }

    @Override
    public void destroy(UUID uuid) {
        TestDomain domain = node.requireDomain(uuid);
        DomainEvent event = domain.job().runInterrupting("destroy", () -> {
            requireActive(domain);
            return stop(domain, StateReason.DESTROYED, "destroyed");
        });
        node.events().publish(event);
    }

    private DomainEvent stop(TestDomain domain, StateReason reason, String detail) {
        boolean kept = domain.deactivate(reason, System.nanoTime());
        DomainSummary summary = domain.summary();
        if (!kept) {
            node.removeDomain(domain);
        }
        return new DomainEvent(kept ? summary : gone(summary), Type.STOPPED, detail);
    }

    /**
     * libvirt's test driver keeps no image: it stops the domain with reason "saved" and
     * remembers that an image exists, which the next start discards (it boots afresh).
     */
    @Override
    public void managedSave(UUID uuid) {
        TestDomain domain = node.requireDomain(uuid);
        DomainEvent event = domain.job().run("managedsave", () -> {
            requireActive(domain);
            if (!domain.isPersistent()) {
                throw VirtException.of(ErrorCode.OPERATION_INVALID, "cannot do managed save for transient domain");
            }
            DomainEvent stopped = stop(domain, StateReason.SAVED, "saved");
            domain.setManagedSave(true);
            return stopped;
        });
        node.events().publish(event);
    }

    @Override
    public boolean hasManagedSave(UUID uuid) {
        return node.requireDomain(uuid).hasManagedSave();
    }

    /** Drops the image flag; removing an image that is not there is no error, as in libvirt. */
    @Override
    public void managedSaveRemove(UUID uuid) {
        TestDomain domain = node.requireDomain(uuid);
        domain.job().run("managedsave-remove", () -> {
            domain.setManagedSave(false);
            return null;
        });
    }

    /** libvirt's test driver checks the domain runs and each code is a Linux key, then does nothing more. */
    @Override
    public void sendKey(UUID uuid, int holdMillis, int... keycodes) {
        TestDomain domain = node.requireDomain(uuid);
        if (keycodes.length == 0 || keycodes.length > MAX_SEND_KEYS) {
            throw VirtException.of(ErrorCode.INVALID_ARG, "between 1 and " + MAX_SEND_KEYS + " keycodes are allowed, not "
                    + keycodes.length);
        }
        for (int code : keycodes) {
            if (code <= 0 || code > LINUX_KEY_MAX) {
                throw VirtException.of(ErrorCode.INTERNAL_ERROR, "invalid keycode " + code + " of linux codeset");
            }
        }
        if (!domain.isActive()) {
            throw VirtException.of(ErrorCode.OPERATION_INVALID, "domain is not running");
        }
    }

    @Override
    public void suspend(UUID uuid) {
        TestDomain domain = node.requireDomain(uuid);
        DomainSummary after = domain.job().run("suspend", () -> {
            DomainState state = domain.state();
            if (state == DomainState.SHUTOFF || state == DomainState.PAUSED) {
                throw VirtException.of(ErrorCode.INTERNAL_ERROR, "domain '" + domain.name() + "' not running");
            }
            domain.setState(DomainState.PAUSED, StateReason.USER, System.nanoTime());
            return domain.summary();
        });
        node.events().publish(new DomainEvent(after, Type.SUSPENDED, "paused"));
    }

    @Override
    public void resume(UUID uuid) {
        TestDomain domain = node.requireDomain(uuid);
        DomainSummary after = domain.job().run("resume", () -> {
            if (domain.state() != DomainState.PAUSED) {
                throw VirtException.of(ErrorCode.INTERNAL_ERROR, "domain '" + domain.name() + "' not paused");
            }
            domain.setState(DomainState.RUNNING, StateReason.UNPAUSED, System.nanoTime());
            return domain.summary();
        });
        node.events().publish(new DomainEvent(after, Type.RESUMED, "unpaused"));
    }

    @Override
    public String xml(UUID uuid, boolean inactive) {
        TestDomain domain = node.requireDomain(uuid);
        if (inactive || !domain.isActive()) {
            return domain.inactiveDefinition().xml();
        }
        return domainXml.liveXml(domain.current(), domain.id());
    }

    @Override
    public void setAutostart(UUID uuid, boolean autostart) {
        TestDomain domain = node.requireDomain(uuid);
        if (!domain.isPersistent()) {
            throw VirtException.of(ErrorCode.OPERATION_INVALID, "cannot set autostart for transient domain");
        }
        domain.setAutostart(autostart);
        node.events().publish(new DomainEvent(domain.summary(), Type.DEFINED, "updated"));
    }

    @Override
    public DomainStats stats(UUID uuid) {
        return node.requireDomain(uuid).stats(System.nanoTime());
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
        return snapshots.redefine(uuid, snapshotXml);
    }

    @Override
    public String snapshotXml(UUID uuid, String name) {
        return snapshots.xml(uuid, name);
    }

    @Override
    public void revertToSnapshot(UUID uuid, String name) {
        snapshots.revert(uuid, name);
    }

    @Override
    public void deleteSnapshot(UUID uuid, String name) {
        snapshots.delete(uuid, name);
    }

    private static void requireActive(TestDomain domain) {
        if (!domain.isActive()) {
            throw VirtException.of(ErrorCode.OPERATION_INVALID, "domain is not running");
        }
    }

    /** The summary of a domain that no longer exists: listeners drop its row. */
    private static DomainSummary gone(DomainSummary last) {
        return new DomainSummary(last.name(), last.uuid(), -1, DomainState.SHUTOFF, last.reason(), false, false);
    }
}
