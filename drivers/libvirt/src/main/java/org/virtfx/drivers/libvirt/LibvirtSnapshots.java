package org.virtfx.drivers.libvirt;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.virtfx.core.domain.DomainSnapshot;
import org.virtfx.core.domain.DomainSnapshotXml;
import org.virtfx.drivers.libvirt.binding.VirDomain;
import org.virtfx.drivers.libvirt.binding.VirDomainSnapshot;

/** Domain snapshots through libvirt; a summary is read from the snapshot's own XML. */
final class LibvirtSnapshots {
    private final LibvirtDomains domains;
    private final DomainSnapshotXml snapshotXml = new DomainSnapshotXml();

    LibvirtSnapshots(LibvirtDomains domains) {
        this.domains = domains;
    }

    private DomainSnapshot summary(VirDomainSnapshot snapshot) {
        return snapshotXml.parseRedefinition(snapshot.xml(0), false).definition().summary(snapshot.isCurrent());
    }

    List<DomainSnapshot> list(UUID uuid) {
        return domains.on(uuid, domain -> {
            List<DomainSnapshot> summaries = new ArrayList<>();
            for (VirDomainSnapshot snapshot : domain.listAllSnapshots(0)) {
                try (snapshot) {
                    summaries.add(summary(snapshot));
                }
            }
            return summaries;
        });
    }

    DomainSnapshot one(UUID uuid, String name) {
        return on(uuid, name, this::summary);
    }

    DomainSnapshot create(UUID uuid, String xml, int flags) {
        return domains.on(uuid, domain -> {
            try (VirDomainSnapshot snapshot = domain.createSnapshot(xml, flags)) {
                return summary(snapshot);
            }
        });
    }

    String xml(UUID uuid, String name) {
        return on(uuid, name, s -> s.xml(0));
    }

    void revert(UUID uuid, String name, int flags) {
        on(uuid, name, s -> {
            s.revert(flags);
            return null;
        });
    }

    void delete(UUID uuid, String name) {
        on(uuid, name, s -> {
            s.delete(0);
            return null;
        });
    }

    private <T> T on(UUID uuid, String name, Function<VirDomainSnapshot, T> call) {
        return domains.on(uuid, (VirDomain domain) -> {
            try (VirDomainSnapshot snapshot = domain.snapshotByName(name)) {
                return call.apply(snapshot);
            }
        });
    }
}
