package org.virtfx.plumbing.storage;

import java.nio.file.Path;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.storage.PoolDefinition;
import org.virtfx.core.storage.StorageXml;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlParser;

/**
 * A directory pool's definition: the parsed XML, the directory its volumes live in, and the
 * permissions a build gives that directory.
 */
record PoolConfig(PoolDefinition definition, Path target, Permissions permissions) {

    static PoolConfig parse(String xml, String source) {
        XmlElement root = new XmlParser().parse(xml, source);
        PoolDefinition definition = new StorageXml().readPool(root, source);
        // Core's reader has refused a type libvirt does not know; VirtFX runs directory pools alone.
        String type = definition.type();
        if (!type.equals("dir")) {
            throw VirtException.of(ErrorCode.CONFIG_UNSUPPORTED, "storage pool type '" + type
                    + "' is not supported by VirtFX (directory pools, type 'dir', are)");
        }
        String name = definition.name();
        // The name becomes a file name in the configuration and state directories.
        if (name.startsWith(".") || name.chars().anyMatch(Character::isISOControl)) {
            throw VirtException.of(ErrorCode.XML_ERROR, "name '" + name
                    + "' cannot start with '.' or contain control characters");
        }
        String path = definition.targetPath().strip();
        if (path.isEmpty()) {
            throw VirtException.of(ErrorCode.XML_ERROR, "missing storage pool target path");
        }
        if (!path.startsWith("/")) {
            throw VirtException.of(ErrorCode.XML_ERROR, "storage pool target path '" + path
                    + "' must be an absolute path");
        }
        // As libvirt's virFileSanitizePath: '//' collapsed, no trailing '/'.
        String sanitized = path.replaceAll("/+", "/");
        if (sanitized.length() > 1 && sanitized.endsWith("/")) {
            sanitized = sanitized.substring(0, sanitized.length() - 1);
        }
        return new PoolConfig(definition, Path.of(sanitized), Permissions.read(root.child("target")));
    }

    String name() {
        return definition.name();
    }
}
