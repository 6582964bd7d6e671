package org.virtfx.core.driver;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.virtfx.core.config.DefinitionStore;
import org.virtfx.core.config.LoadWarnings;
import org.virtfx.core.domain.DomainDefinition;
import org.virtfx.core.domain.DomainXml;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/**
 * A native driver's domain definitions on disk, shared by every process that opens the same
 * configuration: each define checks libvirt's uniqueness rules against the files as they are,
 * under the directory's lock, and writes under that lock, so two processes defining the same
 * UUID under two names (or one name under two UUIDs) cannot both succeed. The in-process
 * {@link DomainObjectList} keeps the same rules for what this process already knows.
 */
public final class DomainDefinitionFiles {
    private final DefinitionStore store;
    private final LoadWarnings warnings;

    /** Definitions in {@code directory}; files that cannot be loaded are recorded in {@code warnings}. */
    public DomainDefinitionFiles(Path directory, LoadWarnings warnings) {
        this.store = new DefinitionStore(directory, "domain");
        this.warnings = warnings;
    }

    /** A stored definition and whether it is marked for autostart. */
    public record Stored(DomainDefinition definition, boolean autostart) {
    }

    /**
     * Every definition that loads; one that cannot be read or parsed, or whose name is not its
     * file's, is skipped with a warning naming the file.
     */
    public List<Stored> load() {
        List<Stored> loaded = new ArrayList<>();
        for (DefinitionStore.Document document : store.loadAll(warnings)) {
            parse(document, warnings).ifPresent(d -> loaded.add(new Stored(d, store.autostart(d.name()))));
        }
        return loaded;
    }

    /**
     * Stores {@code definition} after checking, under the directory's lock, that no stored file
     * gives its UUID another name or its name another UUID.
     */
    public void save(DomainDefinition definition) {
        store.locked(() -> {
            // Another process's files are only read here; their problems were logged when loaded.
            for (DefinitionStore.Document document : store.read(new LoadWarnings())) {
                parse(document, null).ifPresent(stored -> requireCompatible(stored, definition));
            }
            store.save(definition.name(), definition.xml());
            return null;
        });
    }

    public void delete(String name) {
        store.delete(name);
    }

    public void setAutostart(String name, boolean on) {
        store.setAutostart(name, on);
    }

    private static void requireCompatible(DomainDefinition stored, DomainDefinition definition) {
        UUID uuid = definition.uuid();
        if (stored.uuid().equals(uuid) && !stored.name().equals(definition.name())) {
            throw VirtException.of(ErrorCode.OPERATION_FAILED, "domain '" + stored.name()
                    + "' is already defined with uuid " + uuid);
        }
        if (stored.name().equals(definition.name()) && !stored.uuid().equals(uuid)) {
            throw VirtException.of(ErrorCode.OPERATION_FAILED, "domain '" + definition.name()
                    + "' already exists with uuid " + stored.uuid());
        }
    }

    private Optional<DomainDefinition> parse(DefinitionStore.Document document, LoadWarnings report) {
        try {
            DomainDefinition definition = new DomainXml().parse(document.xml(), document.file().toString());
            String expected = document.file().getFileName().toString();
            if (!expected.equals(definition.name() + ".xml")) {
                throw VirtException.of(ErrorCode.INTERNAL_ERROR, "domain name '" + definition.name()
                        + "' does not match the file name");
            }
            return Optional.of(definition);
        } catch (RuntimeException e) {
            // Any failure, not only libvirt's: one bad file must never stop the others loading.
            if (report != null) {
                report.skipped(document.file(), e instanceof VirtException ? e.getMessage() : e.toString());
            }
            return Optional.empty();
        }
    }
}
