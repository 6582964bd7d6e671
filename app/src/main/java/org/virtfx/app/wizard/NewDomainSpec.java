package org.virtfx.app.wizard;

import java.util.List;

/**
 * Everything the wizard collected, as the XML builder needs it.
 *
 * @param domainType the {@code <domain type>} the host's capabilities offer: "lxc", "kvm", "test"
 * @param initArgs arguments of an application container's init, in order
 * @param rootDir an OS container's root directory on the host
 * @param cdromPath install media attached as a CD-ROM, or empty
 * @param diskPath the main disk image, or empty for none
 * @param sharedSource a host directory shared with a container, or empty
 * @param network a virtual network's name, "bridge:NAME" for a host bridge, or empty for none
 * @param osId the libosinfo id recorded in the metadata, or empty for a container or an unknown OS
 * @param graphics a machine's {@code <graphics type>}: vnc or spice
 * @param cpuMode a machine's {@code <cpu mode>}, or empty for the hypervisor's default CPU
 * @param firmware a machine's {@code <os firmware>} ("efi"), or empty for the default
 * @param loader the UEFI code image of a named-firmware boot (then firmware is empty), or empty
 * @param nvram that machine's own variable store, copied from {@code nvramTemplate}
 * @param boot a network install's kernel, initrd and command line, booted directly
 * @param machine a machine's {@code <type machine>} ("q35"), or empty for the hypervisor's default (pc)
 * @param usb3 whether the machine gets virt-install's USB 3 controller (qemu-xhci with 15 ports)
 *             rather than the hypervisor's default
 */
public record NewDomainSpec(String domainType, String name, InstallMethod method, long memoryMiB, int cpus,
                            String initPath, List<String> initArgs, String rootDir, String cdromPath,
                            String diskPath, String sharedSource, String sharedTarget, String network,
                            String osId, String graphics, String cpuMode, String firmware, String loader,
                            String nvram, String nvramTemplate, DirectBoot boot, String machine,
                            boolean usb3) {

    /** A kernel booted without a boot loader, or {@link #NONE}. */
    public record DirectBoot(String kernel, String initrd, String cmdline) {
        public static final DirectBoot NONE = new DirectBoot("", "", "");
    }

    public NewDomainSpec {
        initArgs = List.copyOf(initArgs);
    }
}
