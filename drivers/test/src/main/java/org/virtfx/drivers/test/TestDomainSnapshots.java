package org.virtfx.drivers.test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.virtfx.core.domain.DomainDefinition;
import org.virtfx.core.domain.DomainSnapshot;
import org.virtfx.core.domain.DomainSnapshotXml;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.domain.SnapshotDefinition;
import org.virtfx.core.domain.SnapshotState;
import org.virtfx.core.domain.StateReason;
import org.virtfx.core.driver.DomainObject;
import org.virtfx.core.driver.DomainSnapshotList;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.event.DomainEvent;
import org.virtfx.core.event.DomainEvent.Type;
import org.virtfx.core.xml.XmlParser;

/**
 * Snapshots of a test node's domains, with the rules and error texts of libvirt's test driver:
 * a snapshot records the definition in force and the domain's state, and reverting brings
 * both back. Changes run as the domain's job; events are published once it is over.
 */
final class TestDomainSnapshots {
    private static final String FROM_SNAPSHOT = StateReason.FROM_SNAPSHOT.label();

    private final TestNode node;
    private final TestDomains domains;
    private final DomainSnapshotXml snapshotXml = new DomainSnapshotXml();
    private final XmlParser parser = new XmlParser();

    TestDomainSnapshots(TestNode node, TestDomains domains) {
        this.node = node;
        this.domains = domains;
    }

    List<DomainSnapshot> list(UUID uuid) {
        return node.domains().require(uuid).snapshots().list();
    }

    DomainSnapshot create(UUID uuid, String xml) {
        DomainSnapshotXml.Request request = snapshotXml.parseRequest(xml);
        DomainObject<SyntheticCpu> domain = node.domains().require(uuid);
        return node.jobs().call(domain, "snapshot-create", () -> {
            long now = Instant.now().getEpochSecond();
            DomainDefinition inForce = domain.current();
            SnapshotState state = SnapshotState.of(domain.state());
            DomainSnapshotList snapshots = domain.snapshots();
            SnapshotDefinition snapshot = new SnapshotDefinition(request.nameAt(now), request.description(), now,
                    state, snapshots.currentName(), state == SnapshotState.SHUTOFF ? "no" : "internal",
                    snapshotXml.internalDisks(inForce.xml()), Optional.of(inForce.xml()));
            snapshots.add(snapshot, true);
            return snapshot.summary(true);
        });
    }

    DomainSnapshot redefine(UUID uuid, String xml, boolean makeCurrent) {
        SnapshotDefinition snapshot = snapshotXml.parseRedefinition(xml, false).definition();
        DomainObject<SyntheticCpu> domain = node.domains().require(uuid);
        Optional<UUID> snapshotDomain = snapshot.domainXml().map(d -> definition(d, snapshot.name()).uuid());
        if (snapshotDomain.isPresent() && !snapshotDomain.get().equals(uuid)) {
            throw VirtException.of(ErrorCode.INVALID_ARG, "definition for snapshot " + snapshot.name()
                    + " must use uuid " + uuid);
        }
        return node.jobs().call(domain, "snapshot-redefine", () -> {
            SnapshotDefinition kept = domain.snapshots().redefine(snapshot);
            if (makeCurrent) {
                domain.snapshots().setCurrent(kept.name());
            }
            return kept.summary(domain.snapshots().currentName().filter(kept.name()::equals).isPresent());
        });
    }

    String xml(UUID uuid, String name) {
        return snapshotXml.format(node.domains().require(uuid).snapshots().require(name), uuid);
    }

    void delete(UUID uuid, String name) {
        DomainObject<SyntheticCpu> domain = node.domains().require(uuid);
        node.jobs().call(domain, "snapshot-delete", () -> {
            domain.snapshots().delete(name);
            return null;
        });
    }

    void revert(UUID uuid, String name) {
        DomainObject<SyntheticCpu> domain = node.domains().require(uuid);
        node.jobs().runAll(domain, "snapshot-revert", () -> revert(domain, name));
    }

    /**
     * libvirt's transitions, each with its events: inactive to running (started) or paused
     * (started, suspended); active to inactive (stopped); running to paused (suspended); to
     * running from an active state (resumed); paused to paused (none). Every state reached
     * carries the reason "from snapshot".
     */
    private List<DomainEvent> revert(DomainObject<SyntheticCpu> domain, String name) {
        SnapshotDefinition snapshot = domain.snapshots().require(name);
        SnapshotState target = snapshot.state();
        if (!domain.isPersistent() && !target.isOnline()) {
            throw VirtException.of(ErrorCode.OPERATION_INVALID,
                    "transient domain needs to request run or pause to revert to inactive snapshot");
        }
        String config = snapshot.domainXml().orElseThrow(() -> VirtException.of(ErrorCode.SNAPSHOT_REVERT_RISKY,
                "snapshot '" + name + "' lacks domain '" + domain.name() + "' rollback info"));
        DomainDefinition definition = definition(config, name);
        DomainState before = domain.state();
        List<DomainEvent> events = new ArrayList<>();
        domain.restore(definition);
        if (target.isOnline()) {
            if (!before.isActive()) {
                SyntheticCpu.activate(domain, node.takeDomainId(), DomainState.RUNNING, StateReason.FROM_SNAPSHOT);
                events.add(new DomainEvent(domain.summary(), Type.STARTED, FROM_SNAPSHOT));
            }
            if (target == SnapshotState.PAUSED) {
                SyntheticCpu.setState(domain, DomainState.PAUSED, StateReason.FROM_SNAPSHOT);
                if (before != DomainState.PAUSED) {
                    events.add(new DomainEvent(domain.summary(), Type.SUSPENDED, FROM_SNAPSHOT));
                }
            } else if (before.isActive()) {
                // libvirt's test driver leaves a paused domain paused here, without an event;
                // VirtFX resumes it as QEMU does, and says so, since listeners trust events.
                SyntheticCpu.setState(domain, DomainState.RUNNING, StateReason.FROM_SNAPSHOT);
                events.add(new DomainEvent(domain.summary(), Type.RESUMED, FROM_SNAPSHOT));
            }
        } else if (before.isActive()) {
            events.add(new DomainEvent(node.domains().stopped(domain, StateReason.FROM_SNAPSHOT), Type.STOPPED,
                    FROM_SNAPSHOT));
        }
        domain.snapshots().setCurrent(name);
        return events;
    }

    private DomainDefinition definition(String domainXml, String snapshotName) {
        return domains.parse(parser.parse(domainXml, snapshotName), snapshotName);
    }
}
