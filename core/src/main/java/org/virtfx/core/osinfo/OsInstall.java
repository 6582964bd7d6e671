package org.virtfx.core.osinfo;

import java.util.List;
import java.util.Map;

/**
 * How an OS of osinfo-db installs: its media and trees, the firmware it names, the kernel
 * argument that takes an install URL, the devices it lists, and the entries it inherits these from.
 *
 * @param kernelUrlArgument such as "inst.repo", or empty where the entry names none
 * @param devices the ids of its {@code <devices>}, each with whether it is supported
 *                ({@code supported='false'} withdraws one an ancestor lists)
 * @param inheritsFrom the ids of its {@code <derives-from>} and then {@code <clones>} entries
 */
public record OsInstall(List<MediaRule> media, List<TreeRule> trees, List<OsFirmware> firmware,
                        String kernelUrlArgument, Map<String, Boolean> devices, List<String> inheritsFrom) {

    public static final OsInstall NONE = new OsInstall(List.of(), List.of(), List.of(), "", Map.of(), List.of());

    public OsInstall {
        media = List.copyOf(media);
        trees = List.copyOf(trees);
        firmware = List.copyOf(firmware);
        devices = Map.copyOf(devices);
        inheritsFrom = List.copyOf(inheritsFrom);
    }
}
