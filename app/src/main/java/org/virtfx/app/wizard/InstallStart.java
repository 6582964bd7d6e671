package org.virtfx.app.wizard;

import java.util.List;
import java.util.UUID;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlFormat;
import org.virtfx.core.xml.XmlParser;

/**
 * The first start of a machine the wizard made, at Finish or at Begin Installation after
 * customising. As virt-install keeps an install-time and a post-install definition: a network
 * install's kernel boots the machine once, and its persistent definition, which the next start
 * uses, boots from its disk. The {@code <kernel>}, {@code <initrd>} and {@code <cmdline>} go
 * while the kernel is still the one the wizard downloaded; a kernel the person chose while
 * customising is theirs and stays, with its initrd and command line.
 *
 * @param boot the install's direct kernel boot, or {@link NewDomainSpec.DirectBoot#NONE}
 */
public record InstallStart(NewDomainSpec.DirectBoot boot) {
    /** Starts the domain; an install kernel then leaves its persistent definition. */
    public void start(Connection connection, UUID uuid) {
        connection.domains().start(uuid);
        if (!boot.kernel().isEmpty()) {
            bootFromDiskNextTime(connection, uuid);
        }
    }

    private void bootFromDiskNextTime(Connection connection, UUID uuid) {
        String name = connection.domains().byUuid(uuid).map(d -> d.name()).orElse(uuid.toString());
        XmlElement definition = new XmlParser().parse(connection.domains().xml(uuid, true), name);
        XmlElement os = definition.child("os").orElseThrow();
        boolean installKernel = os.child("kernel").map(k -> k.text().strip().equals(boot.kernel())).orElse(false);
        if (installKernel) {
            // The initrd and command line belong to that kernel: they go with it.
            for (String direct : List.of("kernel", "initrd", "cmdline")) {
                os.child(direct).ifPresent(os::remove);
            }
            connection.domains().define(XmlFormat.format(definition));
        }
    }
}
