package org.virtfx.drivers.test;

import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.virtfx.core.domain.DeviceScope;
import org.virtfx.core.domain.DomainDefinition;
import org.virtfx.core.domain.DomainXml;
import org.virtfx.core.driver.DomainJobs;
import org.virtfx.core.driver.DomainObject;
import org.virtfx.core.driver.DomainObjectList;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlParser;

/**
 * A test domain's memory and vCPU count changed live or in its definition, with the checks
 * and words of libvirt's test driver ({@code testDomainSetMemoryFlags},
 * {@code testDomainSetVcpusFlags}). The live change edits the running definition only: a test
 * guest has no balloon or CPUs to move.
 */
final class TestDomainResources {
    /** What libvirt's test driver answers for the most vCPUs a domain may have. */
    static final int MAX_VCPUS = 32;
    private final DomainObjectList<SyntheticCpu> domains;
    private final DomainJobs jobs;
    private final XmlParser parser = new XmlParser();
    private final DomainXml domainXml = new DomainXml();

    TestDomainResources(DomainObjectList<SyntheticCpu> domains, DomainJobs jobs) {
        this.domains = domains;
        this.jobs = jobs;
    }

    void setMemory(DomainObject<SyntheticCpu> domain, long kib, Set<DeviceScope> scopes) {
        if (kib <= 0) {
            throw new VirtException(ErrorCode.INVALID_ARG, "memory in virDomainSetMemoryFlags must not be zero");
        }
        if (scopes.containsAll(Set.of(DeviceScope.LIVE, DeviceScope.CONFIG))) {
            throw new VirtException(ErrorCode.INVALID_ARG,
                    "Flags 'VIR_DOMAIN_AFFECT_LIVE' and 'VIR_DOMAIN_AFFECT_CONFIG' are mutually exclusive");
        }
        jobs.run(domain, "setmem", () -> {
            Set<DeviceScope> where = affected(domain, scopes);
            DomainDefinition checked = where.contains(DeviceScope.LIVE) ? domain.current() : domain.config();
            if (kib > checked.memoryKiB()) {
                throw VirtException.of(ErrorCode.INVALID_ARG, "cannot set memory higher than max memory");
            }
            apply(domain, where, root -> root.setChildText("currentMemory", "memory", Long.toString(kib))
                    .child("currentMemory").orElseThrow().setAttribute("unit", "KiB"));
            return null;
        });
    }

    void setVcpus(DomainObject<SyntheticCpu> domain, int count, Set<DeviceScope> scopes) {
        if (count <= 0) {
            throw VirtException.of(ErrorCode.INVALID_ARG, "a domain needs at least one vCPU, not " + count);
        }
        if (count > MAX_VCPUS) {
            throw VirtException.of(ErrorCode.INVALID_ARG,
                    "requested cpu amount exceeds maximum supported amount (" + count + " > " + MAX_VCPUS + ")");
        }
        jobs.run(domain, "setvcpus", () -> {
            Set<DeviceScope> where = affected(domain, scopes);
            for (DeviceScope scope : where) {
                int maximum = (scope == DeviceScope.LIVE ? domain.current() : domain.config()).maxVcpus();
                if (count > maximum) {
                    throw VirtException.of(ErrorCode.INVALID_ARG,
                            "requested cpu amount exceeds maximum (" + count + " > " + maximum + ")");
                }
            }
            apply(domain, where, root -> {
                XmlElement vcpu = root.child("vcpu").orElseThrow();
                if (count == Integer.parseInt(vcpu.text().trim())) {
                    vcpu.removeAttribute("current");
                } else {
                    vcpu.setAttribute("current", Integer.toString(count));
                }
            });
            return null;
        });
    }

    /**
     * The definitions a change goes to, as libvirt's {@code virDomainObjGetDefs}: none asked for
     * means the running one of an active domain and the stored one of an inactive domain.
     */
    private static Set<DeviceScope> affected(DomainObject<?> domain, Set<DeviceScope> scopes) {
        Set<DeviceScope> where = scopes.isEmpty()
                ? Set.of(domain.isActive() ? DeviceScope.LIVE : DeviceScope.CONFIG) : scopes;
        if (where.contains(DeviceScope.LIVE) && !domain.isActive()) {
            throw VirtException.of(ErrorCode.OPERATION_INVALID, "domain is not running");
        }
        if (where.contains(DeviceScope.CONFIG) && !domain.isPersistent()) {
            throw VirtException.of(ErrorCode.OPERATION_INVALID, "transient domains do not have any persistent config");
        }
        return where;
    }

    private void apply(DomainObject<SyntheticCpu> domain, Set<DeviceScope> where, Consumer<XmlElement> edit) {
        UnaryOperator<DomainDefinition> changed = definition -> {
            XmlElement root = parser.parse(definition.xml(), definition.name());
            edit.accept(root);
            return domainXml.read(root, definition.name());
        };
        if (where.contains(DeviceScope.CONFIG)) {
            domains.define(changed.apply(domain.config()), stored -> { });
        }
        if (where.contains(DeviceScope.LIVE)) {
            domain.setLive(changed.apply(domain.current()));
        }
    }
}
