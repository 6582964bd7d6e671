package org.virtfx.app.details;

import java.util.EnumSet;
import java.util.UUID;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.domain.DeviceScope;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.xml.SchemaValidator;

/**
 * Changes one domain's persistent definition. Every call blocks on the driver: run it in a
 * background task. New XML is checked against libvirt's schema before the driver sees it, so a
 * mistake is reported with its line and column instead of a driver's first complaint.
 */
public final class PersistentDefinition {
    private final Connection connection;
    private final UUID uuid;
    private final SchemaValidator schema;

    public PersistentDefinition(Connection connection, UUID uuid, SchemaValidator schema) {
        this.connection = connection;
        this.uuid = uuid;
        this.schema = schema;
    }

    public UUID uuid() {
        return uuid;
    }

    public DomainSummary summary() {
        return connection.domains().byUuid(uuid).orElseThrow(() -> VirtException.of(ErrorCode.NO_DOMAIN,
                "the domain no longer exists"));
    }

    /** The definition the domain boots from next (what {@code dumpxml --inactive} prints). */
    public String inactiveXml() {
        return connection.domains().xml(uuid, true);
    }

    /**
     * Defines {@code xml} in place of the current definition. A new name goes through undefine
     * and define, as libvirt's rename does, and only for a shut-off domain: a running domain
     * would otherwise lose its persistent definition while it runs.
     */
    public DomainSummary define(String xml) {
        schema.validate(SchemaValidator.Kind.DOMAIN, xml, "(domain)");
        DomainSummary before = summary();
        String newName = new DomainDocument(xml).name();
        if (newName.equals(before.name())) {
            return connection.domains().define(xml);
        }
        if (before.isActive()) {
            throw VirtException.of(ErrorCode.OPERATION_INVALID, "cannot rename active domain '" + before.name()
                    + "': shut it down first");
        }
        if (connection.domains().byName(newName).isPresent()) {
            throw VirtException.of(ErrorCode.OPERATION_FAILED, "domain with name '" + newName + "' already exists");
        }
        String old = inactiveXml();
        connection.domains().undefine(uuid);
        try {
            return connection.domains().define(xml);
        } catch (RuntimeException e) {
            connection.domains().define(old);
            throw e;
        }
    }

    public void setAutostart(boolean autostart) {
        connection.domains().setAutostart(uuid, autostart);
    }

    /** Sets the running guest's memory through its balloon, leaving the definition as it is. */
    public void setLiveMemory(long kib) {
        connection.domains().setMemory(uuid, kib, EnumSet.of(DeviceScope.LIVE));
    }

    /** Plugs vCPUs into or out of the running guest, leaving the definition as it is. */
    public void setLiveVcpus(int count) {
        connection.domains().setVcpus(uuid, count, EnumSet.of(DeviceScope.LIVE));
    }
}
