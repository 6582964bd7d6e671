package org.virtfx.core.driver;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.virtfx.core.domain.DomainFamily;
import org.virtfx.core.domain.DomainSummary;

/**
 * A domain family whose domains live in a {@link DomainObjectList}: lists and lookups by
 * UUID, name and id answer from the list's indexes, one map read each, instead of scanning
 * every domain's summary as {@link DomainFamily}'s defaults do.
 */
public interface DomainObjectFamily extends DomainFamily {

    /** The driver's domains. */
    DomainObjectList<?> objects();

    @Override
    default List<DomainSummary> list() {
        return objects().summaries();
    }

    @Override
    default Optional<DomainSummary> byName(String name) {
        return objects().byName(name).map(DomainObject::summary);
    }

    @Override
    default Optional<DomainSummary> byUuid(UUID uuid) {
        return objects().byUuid(uuid).map(DomainObject::summary);
    }

    @Override
    default Optional<DomainSummary> byId(int id) {
        return objects().byId(id).map(DomainObject::summary).filter(s -> s.id() == id);
    }
}
