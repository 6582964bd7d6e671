package org.virtfx.app.testing;

import java.util.List;
import java.util.UUID;
import org.virtfx.core.domain.DomainFamily;
import org.virtfx.core.domain.DomainStats;
import org.virtfx.core.domain.DomainSummary;

/**
 * A domain family that passes the reads a VM window makes (the list, the XML, statistics) to
 * another and leaves everything else unsupported; tests add the one operation they play.
 */
public abstract class ReadingDomains implements DomainFamily {
    protected final DomainFamily inner;

    protected ReadingDomains(DomainFamily inner) {
        this.inner = inner;
    }

    @Override
    public String driverName() {
        return inner.driverName();
    }

    @Override
    public List<DomainSummary> list() {
        return inner.list();
    }

    @Override
    public String xml(UUID uuid, boolean inactive) {
        return inner.xml(uuid, inactive);
    }

    @Override
    public DomainStats stats(UUID uuid) {
        return inner.stats(uuid);
    }
}
