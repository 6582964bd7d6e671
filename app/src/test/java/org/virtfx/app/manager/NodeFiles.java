package org.virtfx.app.manager;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/** Writes libvirt test-driver node files with many domains, for tests and the scale checks. */
final class NodeFiles {
    private NodeFiles() {
    }

    /**
     * A node with {@code running} running domains ({@code vm0000}...) followed by
     * {@code shutoff} shut-off ones, each with a fixed UUID so runs are repeatable.
     */
    static Path write(Path dir, int running, int shutoff) throws IOException {
        StringBuilder xml = new StringBuilder("<node>\n");
        for (int i = 0; i < running + shutoff; i++) {
            String name = String.format("vm%04d", i);
            UUID uuid = UUID.nameUUIDFromBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            xml.append("  <domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>\n")
                    .append("    <name>").append(name).append("</name>\n")
                    .append("    <uuid>").append(uuid).append("</uuid>\n")
                    .append("    <memory unit='KiB'>1048576</memory>\n")
                    .append("    <vcpu>1</vcpu>\n")
                    .append("    <os><type>hvm</type></os>\n");
            if (i >= running) {
                // libvirt's runstate numbers: 5 is VIR_DOMAIN_SHUTOFF.
                xml.append("    <test:runstate>5</test:runstate>\n");
            }
            xml.append("  </domain>\n");
        }
        xml.append("</node>\n");
        Path file = dir.resolve("node-" + running + "-" + shutoff + ".xml");
        Files.writeString(file, xml);
        return file;
    }
}
