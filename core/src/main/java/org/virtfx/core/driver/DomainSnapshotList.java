package org.virtfx.core.driver;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.virtfx.core.domain.DomainSnapshot;
import org.virtfx.core.domain.SnapshotDefinition;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/**
 * One domain's snapshots, as libvirt's domain object holds them: their definitions by name,
 * linked by parent name, and which one is current, with libvirt's rules and error texts.
 * Guarded by this object's monitor, held only to read or change the map; changes run inside
 * the domain's job, so they never interleave.
 */
public final class DomainSnapshotList {
    private final Map<String, SnapshotDefinition> byName = new LinkedHashMap<>();
    private String current;

    public synchronized List<DomainSnapshot> list() {
        return byName.values().stream().map(s -> s.summary(s.name().equals(current))).toList();
    }

    public synchronized int count() {
        return byName.size();
    }

    public synchronized SnapshotDefinition require(String name) {
        SnapshotDefinition found = byName.get(name);
        if (found == null) {
            throw DomainSnapshot.notFound(name);
        }
        return found;
    }

    public synchronized Optional<String> currentName() {
        return Optional.ofNullable(current);
    }

    public synchronized void setCurrent(String name) {
        current = name;
    }

    /** Adds a new snapshot; libvirt refuses a name that is taken. */
    public synchronized void add(SnapshotDefinition snapshot, boolean makeCurrent) {
        if (byName.containsKey(snapshot.name())) {
            throw VirtException.of(ErrorCode.OPERATION_FAILED, "domain moment " + snapshot.name() + " already exists");
        }
        byName.put(snapshot.name(), snapshot);
        if (makeCurrent) {
            current = snapshot.name();
        }
    }

    /**
     * Replaces a snapshot's metadata, or adds it when new, with libvirt's checks: a snapshot
     * cannot turn from online to offline, nor descend from itself. A redefinition without a
     * domain keeps the one the snapshot had.
     */
    public synchronized SnapshotDefinition redefine(SnapshotDefinition snapshot) {
        SnapshotDefinition existing = byName.get(snapshot.name());
        SnapshotDefinition kept = snapshot;
        if (existing != null) {
            if (existing.state().isOnline() != snapshot.state().isOnline()) {
                throw VirtException.of(ErrorCode.INVALID_ARG,
                        "cannot change between online and offline snapshot state in snapshot " + snapshot.name());
            }
            if (snapshot.domainXml().isEmpty()) {
                kept = snapshot.withDomainXml(existing.domainXml());
            }
        }
        Optional<String> parent = snapshot.parent();
        if (parent.isPresent() && parent.get().equals(snapshot.name())) {
            throw VirtException.of(ErrorCode.INVALID_ARG, "snapshot " + snapshot.name() + " cannot descend from itself");
        }
        if (parent.isPresent() && ancestors(parent.get()).contains(snapshot.name())) {
            throw VirtException.of(ErrorCode.INVALID_ARG, "parent " + parent.get() + " would create cycle to "
                    + snapshot.name());
        }
        byName.put(snapshot.name(), kept);
        return kept;
    }

    /**
     * Deletes a snapshot: its children move to its parent, and if it was current its parent
     * becomes current (or none for a root), as libvirt's test driver does.
     */
    public synchronized void delete(String name) {
        SnapshotDefinition gone = require(name);
        byName.remove(name);
        byName.replaceAll((n, s) -> s.parent().filter(name::equals).isPresent() ? s.withParent(gone.parent()) : s);
        if (name.equals(current)) {
            current = gone.parent().orElse(null);
        }
    }

    /**
     * Whether every parent named exists and no snapshot descends from itself; libvirt checks
     * this once it has read all the snapshots of a node file's domain.
     */
    public synchronized boolean relationsConsistent() {
        for (SnapshotDefinition s : byName.values()) {
            if (s.parent().isPresent() && (!byName.containsKey(s.parent().get())
                    || ancestors(s.parent().get()).contains(s.name()))) {
                return false;
            }
        }
        return true;
    }

    /** The snapshot and its ancestors by name, stopping at a missing parent or a loop. */
    private Set<String> ancestors(String start) {
        Set<String> seen = new HashSet<>();
        String at = start;
        while (at != null && seen.add(at)) {
            SnapshotDefinition s = byName.get(at);
            at = s == null ? null : s.parent().orElse(null);
        }
        return seen;
    }
}
