package org.virtfx.core.driver;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.virtfx.core.domain.DomainDefinition;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.domain.StateReason;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/**
 * The domains of one driver state, after libvirt's {@code virDomainObjList}: indexed by UUID,
 * name and active id, so each lookup is one map read, with libvirt's rules for which domains
 * may exist side by side and its error texts. A transient domain leaves the list when it stops;
 * undefining a running domain keeps it, transient, until then.
 *
 * <p>The UUID and name indexes are guarded by this list's monitor, held only to read or change
 * them, so lookups never wait for a driver's file writes; the id index follows each domain as it
 * starts and stops. Changes to which domains exist (define, undefine, stop) take a separate
 * lock first and hold it across the driver's save or delete, so that the checks, the stored
 * file and the indexes agree. Lock order: that lock, then this monitor, then a domain's.
 *
 * @param <R> what the driver keeps while a domain runs
 */
public final class DomainObjectList<R> {
    private final Map<UUID, DomainObject<R>> byUuid = new LinkedHashMap<>();
    private final Map<String, DomainObject<R>> byName = new HashMap<>();
    /** Written by the domains themselves, under their own monitors, as they start and stop. */
    private final Map<Integer, DomainObject<R>> byId = new ConcurrentHashMap<>();
    /** Serializes define, undefine and stop, across the driver's save or delete. */
    private final Object changes = new Object();

    /** The result of a define: the domain, whether it is new, and its summary right after. */
    public record Defined<R>(DomainObject<R> domain, boolean added, DomainSummary summary) {
    }

    /** Every domain, in the order they were added. */
    public synchronized List<DomainObject<R>> objects() {
        return new ArrayList<>(byUuid.values());
    }

    public List<DomainSummary> summaries() {
        return objects().stream().map(DomainObject::summary).toList();
    }

    public synchronized Optional<DomainObject<R>> byUuid(UUID uuid) {
        return Optional.ofNullable(byUuid.get(uuid));
    }

    public synchronized Optional<DomainObject<R>> byName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The active domain with this id; inactive domains have none. */
    public Optional<DomainObject<R>> byId(int id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The domain, or libvirt's "no domain with matching uuid" error. */
    public DomainObject<R> require(UUID uuid) {
        return byUuid(uuid).orElseThrow(() -> notFound(uuid));
    }

    /** libvirt's error for a UUID that names no domain (any more). */
    public static VirtException notFound(UUID uuid) {
        return VirtException.of(ErrorCode.NO_DOMAIN, "no domain with matching uuid '" + uuid + "'");
    }

    /**
     * Adds a persistent definition, or replaces the definition of the domain with its UUID
     * (which becomes persistent; a running domain keeps its live definition until it stops).
     *
     * @param save stores the definition where the driver keeps it; runs after the checks and
     *             before any change, so that a failure to store changes nothing
     * @throws VirtException libvirt's errors when the UUID carries another name, or the name
     *                       another UUID
     */
    public Defined<R> define(DomainDefinition definition, Consumer<DomainDefinition> save) {
        synchronized (changes) {
            DomainObject<R> existing = checkUnique(definition);
            save.accept(definition);
            if (existing != null) {
                existing.redefine(definition);
                return new Defined<>(existing, false, existing.summary());
            }
            DomainObject<R> domain = add(definition, true);
            return new Defined<>(domain, true, domain.summary());
        }
    }

    /**
     * The domain a running definition belongs to, as a transient create or a driver finding a
     * running domain again needs it: the domain with its UUID if there is one, else a new
     * transient domain. The same uniqueness rules apply as for a define.
     */
    public DomainObject<R> addTransient(DomainDefinition definition) {
        synchronized (changes) {
            DomainObject<R> existing = checkUnique(definition);
            return existing != null ? existing : add(definition, false);
        }
    }

    /**
     * Removes the domain's persistent definition, as libvirt's undefine does: an inactive domain
     * leaves the list, an active one runs on as a transient domain. Caller holds its job.
     *
     * @param delete removes the stored definition; a failure changes nothing
     * @return the summary after, which for a domain that left the list is its last
     */
    public DomainSummary undefine(DomainObject<R> domain, Runnable delete) {
        synchronized (changes) {
            delete.run();
            domain.undefine();
            if (!domain.isActive()) {
                remove(domain);
            }
            return domain.summary();
        }
    }

    /**
     * Marks the domain shut off for {@code reason}, dropping its id, live definition and
     * runtime; a transient domain leaves the list, as libvirt forgets it once it stops.
     *
     * @return the summary after, which for a domain that left the list is its last
     */
    public DomainSummary stopped(DomainObject<R> domain, StateReason reason) {
        synchronized (changes) {
            domain.deactivate(reason);
            if (!domain.isPersistent()) {
                remove(domain);
            }
            return domain.summary();
        }
    }

    /**
     * Starts every persistent domain marked for autostart that is not running, as a driver does
     * when it opens; one failure does not stop the others.
     *
     * @param start the driver's start, by UUID
     * @return one error per domain that did not start, each naming it
     */
    public List<VirtException> autostart(Consumer<UUID> start) {
        List<VirtException> failures = new ArrayList<>();
        for (DomainObject<R> domain : objects()) {
            DomainSummary summary = domain.summary();
            if (!summary.autostart() || summary.isActive()) {
                continue;
            }
            try {
                start.accept(summary.uuid());
            } catch (RuntimeException e) {
                ErrorCode code = e instanceof VirtException v ? v.code() : ErrorCode.INTERNAL_ERROR;
                failures.add(new VirtException(code, "Failed to autostart VM '" + summary.name() + "': "
                        + e.getMessage(), e instanceof VirtException v ? v.detail() : e.toString(), e));
            }
        }
        return failures;
    }

    /** Whether this thread holds one of the list's locks, where no event may be published. */
    boolean heldByCurrentThread() {
        return Thread.holdsLock(this) || Thread.holdsLock(changes);
    }

    /**
     * libvirt's rule for adding a definition: the same UUID must carry the same name, and a
     * name may not be taken by another UUID. Returns the domain with the UUID, if any.
     */
    private synchronized DomainObject<R> checkUnique(DomainDefinition definition) {
        DomainObject<R> sameUuid = byUuid.get(definition.uuid());
        if (sameUuid != null && !sameUuid.name().equals(definition.name())) {
            throw VirtException.of(ErrorCode.OPERATION_FAILED, "domain '" + sameUuid.name()
                    + "' is already defined with uuid " + sameUuid.uuid());
        }
        DomainObject<R> sameName = byName.get(definition.name());
        if (sameUuid == null && sameName != null) {
            throw VirtException.of(ErrorCode.OPERATION_FAILED, "domain '" + definition.name()
                    + "' already exists with uuid " + sameName.uuid());
        }
        return sameUuid;
    }

    private synchronized DomainObject<R> add(DomainDefinition definition, boolean persistent) {
        DomainObject<R> domain = new DomainObject<>(definition, persistent, byId);
        byUuid.put(domain.uuid(), domain);
        byName.put(domain.name(), domain);
        return domain;
    }

    private synchronized void remove(DomainObject<R> domain) {
        if (byUuid.remove(domain.uuid(), domain)) {
            byName.remove(domain.name(), domain);
        }
        domain.markRemoved();
    }
}
