package org.virtfx.drivers.qemu.argv;

import java.util.List;

/** The two {@code -blockdev} nodes of one image (protocol, then format), named and ordered as libvirt does. */
final class Blockdevs {
    private Blockdevs() {
    }

    /**
     * @param prefix node-name prefix: {@code libvirt-3}, {@code libvirt-pflash0}
     * @param driver the protocol driver: file, host_device, host_cdrom
     * @param cache {direct, no-flush} for a cache mode, or null for QEMU's default
     */
    static void pair(List<String> argv, String prefix, String driver, String file, boolean readOnly,
                     CacheMode cache, String format) {
        Props storage = Props.of("driver", driver).put("filename", file).put("node-name", prefix + "-storage");
        if (cache != null) {
            storage.put("cache", cache.props());
        }
        storage.put("auto-read-only", true).put("discard", "unmap");
        argv.add("-blockdev");
        argv.add(storage.json());
        Props fmt = Props.of("node-name", prefix + "-format").put("read-only", readOnly);
        if (cache != null) {
            fmt.put("cache", cache.props());
        }
        fmt.put("driver", format).put("file", prefix + "-storage");
        argv.add("-blockdev");
        argv.add(fmt.json());
    }
}
