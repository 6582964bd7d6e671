package org.virtfx.drivers.qemu;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.virtfx.core.config.DefinitionStore;
import org.virtfx.core.config.DirectoryChanges;
import org.virtfx.core.config.LoadWarnings;
import org.virtfx.core.domain.DomainDefinition;
import org.virtfx.core.domain.DomainXml;
import org.virtfx.core.driver.DomainJobs;
import org.virtfx.core.driver.DomainObject;
import org.virtfx.core.driver.DomainObjectList;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.event.DomainEvent.Type;
import org.virtfx.core.event.DomainEvent;

/**
 * The domain list kept in step with the definitions folder, which every VirtFX process on the
 * host writes: at open it loads every stored definition, as libvirt loads its config directory,
 * and each later look (one {@code stat} of the folder when nothing changed) adds the domains
 * other processes defined since, takes their redefinitions, and drops the ones they undefined,
 * each with the event libvirt would send.
 */
final class StoredDomains {
    private static final System.Logger LOG = System.getLogger(StoredDomains.class.getName());

    private final DefinitionStore store;
    private final DirectoryChanges stamp;
    private final DomainObjectList<QemuRuntime> domains;
    private final DomainJobs jobs;
    private final Function<String, Path> managedSaveImage;
    private final VmSnapshots snapshots;
    /** Files already reported as skipped, so that a bad file is logged once, not at every look. */
    private final Set<String> reported = new HashSet<>();

    StoredDomains(DefinitionStore store, Path directory, DomainObjectList<QemuRuntime> domains, DomainJobs jobs,
                  Function<String, Path> managedSaveImage, VmSnapshots snapshots) {
        this.store = store;
        this.stamp = new DirectoryChanges(directory);
        this.domains = domains;
        this.jobs = jobs;
        this.managedSaveImage = managedSaveImage;
        this.snapshots = snapshots;
    }

    /**
     * Loads the stored definitions: one that cannot be read or clashes with another is
     * recorded in {@code warnings} and skipped, and the others load.
     */
    void loadAll(LoadWarnings warnings) {
        stamp.changed();
        for (DefinitionStore.Document document : store.loadAll(warnings)) {
            try {
                add(parse(document), warnings);
            } catch (VirtException e) {
                warnings.skipped(document.file(), e.getMessage());
            }
        }
    }

    /**
     * Catches up with the definitions other processes wrote or removed since the last look;
     * one look at a time, so that two never both add the same domain.
     */
    synchronized void refresh() {
        if (!stamp.changed()) {
            return;
        }
        LoadWarnings skipped = new LoadWarnings();
        Map<UUID, DomainDefinition> stored = new HashMap<>();
        for (DefinitionStore.Document document : store.read(skipped)) {
            try {
                DomainDefinition definition = parse(document);
                stored.put(definition.uuid(), definition);
            } catch (VirtException e) {
                skipped.skipped(document.file(), e.getMessage());
            }
        }
        for (DomainDefinition definition : stored.values()) {
            try {
                follow(definition, skipped);
            } catch (VirtException e) {
                // A name or UUID another domain here holds: libvirt's daemon would have refused that define.
                skipped.skipped(store.file(definition.name()), e.getMessage());
            }
        }
        for (DomainObject<QemuRuntime> domain : domains.objects()) {
            if (domain.isPersistent() && !stored.containsKey(domain.uuid())) {
                dropIfUndefined(domain);
            }
        }
        skipped.all().stream().filter(reported::add).forEach(w -> LOG.log(System.Logger.Level.WARNING, w));
    }

    private static DomainDefinition parse(DefinitionStore.Document document) {
        return new DomainXml().parse(document.xml(), document.file().toString());
    }

    private DomainObject<QemuRuntime> add(DomainDefinition definition, LoadWarnings warnings) {
        DomainObject<QemuRuntime> domain = domains.define(definition, stored -> { }).domain();
        domain.setAutostart(store.autostart(definition.name()));
        domain.setManagedSave(Files.exists(managedSaveImage.apply(definition.name())));
        snapshots.load(domain, warnings);
        return domain;
    }

    /** A definition new to this process, or changed since it read it, is taken as another process wrote it. */
    private void follow(DomainDefinition definition, LoadWarnings warnings) {
        DomainObject<QemuRuntime> known = domains.byUuid(definition.uuid()).orElse(null);
        if (known == null) {
            DomainObject<QemuRuntime> domain = add(definition, warnings);
            jobs.publish(new DomainEvent(domain.summary(), Type.DEFINED, "added"));
        } else if (!known.isPersistent() || !known.config().xml().equals(definition.xml())) {
            DomainObjectList.Defined<QemuRuntime> defined = domains.define(definition, stored -> { });
            jobs.publish(new DomainEvent(defined.summary(), Type.DEFINED, "updated"));
        }
    }

    /**
     * A persistent domain whose file is gone was undefined by another process: it leaves the
     * list, or runs on as a transient domain if active, as libvirt's undefine leaves it. This
     * process's own define writes the file before the domain joins the list, so a domain
     * without a file is never one being defined here; the job keeps out this process's own
     * undefine, and the file is looked for again inside it.
     */
    private void dropIfUndefined(DomainObject<QemuRuntime> domain) {
        if (domain.job().runningJob() != null || Files.exists(store.file(domain.name()))) {
            return;
        }
        jobs.run(domain, "undefine", () -> {
            if (!domain.isPersistent() || domain.isRemoved() || Files.exists(store.file(domain.name()))) {
                return null;
            }
            return new DomainEvent(domains.undefine(domain, () -> { }), Type.UNDEFINED, "removed");
        });
    }
}
