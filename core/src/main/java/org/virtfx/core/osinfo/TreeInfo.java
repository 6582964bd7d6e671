package org.virtfx.core.osinfo;

import java.util.HashMap;
import java.util.Map;

/**
 * What an install tree's {@code .treeinfo} says, as libosinfo reads it: {@code [general]}'s
 * family, variant, version and arch, and the kernel and initrd of {@code [images-ARCH]}.
 * Empty where the file says nothing.
 */
public record TreeInfo(String family, String variant, String version, String arch, String kernel, String initrd) {

    /** Parses the key file; lines that are neither a [group] nor key = value are ignored. */
    public static TreeInfo parse(String text) {
        Map<String, String> values = new HashMap<>();
        String group = "";
        for (String raw : text.split("\\R")) {
            String line = raw.strip();
            if (line.startsWith("[") && line.endsWith("]")) {
                group = line.substring(1, line.length() - 1).strip();
            } else if (!line.startsWith("#") && !line.startsWith(";") && line.contains("=")) {
                int at = line.indexOf('=');
                values.putIfAbsent(group + "/" + line.substring(0, at).strip(), line.substring(at + 1).strip());
            }
        }
        String arch = values.getOrDefault("general/arch", "");
        return new TreeInfo(values.getOrDefault("general/family", ""), values.getOrDefault("general/variant", ""),
                values.getOrDefault("general/version", ""), arch,
                values.getOrDefault("images-" + arch + "/kernel", ""), values.getOrDefault("images-" + arch + "/initrd", ""));
    }

    /** libosinfo takes a tree whose file names no arch for an i386 one. */
    public String treeArch() {
        return arch.isEmpty() ? "i386" : arch;
    }
}
