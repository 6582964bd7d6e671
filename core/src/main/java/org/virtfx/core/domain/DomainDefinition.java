package org.virtfx.core.domain;

import java.util.UUID;

/**
 * A domain's definition: the facts the manager and drivers need, and the whole XML they were
 * read from (canonical, inactive form), which keeps everything the facts leave out.
 *
 * @param hypervisorType the domain's {@code type} attribute: "test", "lxc", "kvm"...
 * @param osType "hvm", "exe", "linux"...
 */
public record DomainDefinition(String hypervisorType, String name, UUID uuid, String title,
                               String description, long memoryKiB, long currentMemoryKiB,
                               int vcpus, int maxVcpus, String osType, String xml) {
}
