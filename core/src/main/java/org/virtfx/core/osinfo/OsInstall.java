package org.virtfx.core.osinfo;

import java.util.List;

/**
 * How an OS of osinfo-db installs: its media and trees, the firmware it names, the kernel
 * argument that takes an install URL, and the entries it inherits these from.
 *
 * @param kernelUrlArgument such as "inst.repo", or empty where the entry names none
 * @param inheritsFrom the ids of its {@code <derives-from>} and then {@code <clones>} entries
 */
public record OsInstall(List<MediaRule> media, List<TreeRule> trees, List<OsFirmware> firmware,
                        String kernelUrlArgument, List<String> inheritsFrom) {

    public static final OsInstall NONE = new OsInstall(List.of(), List.of(), List.of(), "", List.of());

    public OsInstall {
        media = List.copyOf(media);
        trees = List.copyOf(trees);
        firmware = List.copyOf(firmware);
        inheritsFrom = List.copyOf(inheritsFrom);
    }
}
