package org.virtfx.drivers.libvirt.binding;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A {@code virDomainPtr}: a reference to one domain (defined or running). The domain may vanish
 * while the handle lives; calls then fail with {@code VIR_ERR_NO_DOMAIN}. Name and UUID are kept
 * in the handle and answer without asking the hypervisor.
 */
public final class VirDomain extends NativeHandle {
    /** {@code VIR_DOMAIN_XML_SECURE}: include passwords (VNC, SPICE). */
    public static final int XML_SECURE = 1;
    /** {@code VIR_DOMAIN_XML_INACTIVE}: the persistent definition, not the running one. */
    public static final int XML_INACTIVE = 2;
    /** {@code VIR_DOMAIN_XML_UPDATE_CPU}: the guest CPU as the host would run it. */
    public static final int XML_UPDATE_CPU = 4;
    /** {@code VIR_DOMAIN_XML_MIGRATABLE}: without what only this host understands. */
    public static final int XML_MIGRATABLE = 8;

    /** {@code VIR_DOMAIN_UNDEFINE_MANAGED_SAVE}: also remove the managed save image. */
    public static final int UNDEFINE_MANAGED_SAVE = 1;
    /** {@code VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA}: also drop snapshot metadata. */
    public static final int UNDEFINE_SNAPSHOTS_METADATA = 2;
    /** {@code VIR_DOMAIN_UNDEFINE_NVRAM}: also remove the UEFI variable store. */
    public static final int UNDEFINE_NVRAM = 4;
    /** {@code VIR_DOMAIN_UNDEFINE_KEEP_NVRAM}: keep the UEFI variable store. */
    public static final int UNDEFINE_KEEP_NVRAM = 8;
    /** {@code VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA}: also drop checkpoint metadata. */
    public static final int UNDEFINE_CHECKPOINTS_METADATA = 16;

    /** sizeof(virDomainInfo): unsigned char state; unsigned long maxMem, memory; unsigned short nrVirtCpu; unsigned long long cpuTime. */
    private static final int INFO_SIZE = 40;

    static {
        Native.register(VirDomain.class, LibvirtLibrary.require());
    }

    VirDomain(Pointer pointer) {
        super(pointer, "domain", VirDomain::virDomainFree);
    }

    /**
     * A new reference to a domain libvirt lent to a callback ({@code virDomainRef}): the handle
     * may outlive the callback.
     */
    static VirDomain borrowed(Pointer pointer) {
        Errors.check(virDomainRef(pointer), "virDomainRef");
        return new VirDomain(pointer);
    }

    /** {@code virDomainGetName}: kept in the handle. */
    public String name() {
        return Errors.borrowString(virDomainGetName(pointer()), "virDomainGetName");
    }

    /** {@code virDomainGetUUIDString}: kept in the handle. */
    public String uuid() {
        byte[] buffer = new byte[37];
        Errors.check(virDomainGetUUIDString(pointer(), buffer), "virDomainGetUUIDString");
        return new String(buffer, 0, 36, StandardCharsets.US_ASCII);
    }

    /** {@code virDomainGetID}: the running domain's id, -1 while it is inactive. */
    public int id() {
        return virDomainGetID(pointer());
    }

    /** The state and its reason ({@code virDomainGetState}), as libvirt numbers them. */
    public StateAndReason state() {
        int[] state = new int[1];
        int[] reason = new int[1];
        Errors.check(virDomainGetState(pointer(), state, reason, 0), "virDomainGetState");
        return new StateAndReason(state[0], reason[0]);
    }

    /** A {@code virDomainState} and its per-state reason number. */
    public record StateAndReason(int state, int reason) {
    }

    /** {@code virDomainGetInfo}: state, memory, vCPUs and CPU time in one call. */
    public DomainInfo info() {
        InfoBuffer buffer = INFO_BUFFER.get();
        Errors.check(virDomainGetInfo(pointer(), buffer.memory), "virDomainGetInfo");
        ByteBuffer info = buffer.view;
        return new DomainInfo(info.get(0) & 0xff, info.getLong(8), info.getLong(16), info.getShort(24) & 0xffff,
                info.getLong(32));
    }

    /**
     * A native struct per thread for {@link #info()}, the call pollers make most: libvirt fills
     * it and Java reads it through a direct view, so a call crosses into native code once and
     * copies no array.
     */
    private static final class InfoBuffer {
        final Memory memory = new Memory(INFO_SIZE);
        final ByteBuffer view = memory.getByteBuffer(0, INFO_SIZE).order(ByteOrder.nativeOrder());
    }

    private static final ThreadLocal<InfoBuffer> INFO_BUFFER = ThreadLocal.withInitial(InfoBuffer::new);

    /**
     * {@code virDomainInfo}: a {@code virDomainState}, memory in KiB, vCPUs and CPU time in
     * nanoseconds.
     */
    public record DomainInfo(int state, long maxMemoryKiB, long memoryKiB, int vcpus, long cpuTimeNanos) {
    }

    public boolean isPersistent() {
        return Errors.check(virDomainIsPersistent(pointer()), "virDomainIsPersistent") == 1;
    }

    public boolean isActive() {
        return Errors.check(virDomainIsActive(pointer()), "virDomainIsActive") == 1;
    }

    public boolean autostart() {
        int[] autostart = new int[1];
        Errors.check(virDomainGetAutostart(pointer(), autostart), "virDomainGetAutostart");
        return autostart[0] != 0;
    }

    public void setAutostart(boolean autostart) {
        Errors.check(virDomainSetAutostart(pointer(), autostart ? 1 : 0), "virDomainSetAutostart");
    }

    /** The domain's XML ({@code virDomainGetXMLDesc}) with {@code XML_*} flags. */
    public String xml(int flags) {
        return Errors.takeString(virDomainGetXMLDesc(pointer(), flags), "virDomainGetXMLDesc");
    }

    /**
     * Removes the persistent definition ({@code virDomainUndefineFlags}); a running domain goes
     * on as a transient one. Without {@code UNDEFINE_MANAGED_SAVE} or
     * {@code UNDEFINE_SNAPSHOTS_METADATA} libvirt refuses while an image or snapshots exist.
     */
    public void undefine(int flags) {
        Errors.check(virDomainUndefineFlags(pointer(), flags), "virDomainUndefineFlags");
    }

    /** Boots the defined domain, or restores its managed save image ({@code virDomainCreateWithFlags}). */
    public void create(int flags) {
        Errors.check(virDomainCreateWithFlags(pointer(), flags), "virDomainCreateWithFlags");
    }

    /** Asks the guest to power off ({@code virDomainShutdownFlags}; 0 lets the hypervisor pick the method). */
    public void shutdown(int flags) {
        Errors.check(virDomainShutdownFlags(pointer(), flags), "virDomainShutdownFlags");
    }

    /** Asks the guest to reboot ({@code virDomainReboot}). */
    public void reboot(int flags) {
        Errors.check(virDomainReboot(pointer(), flags), "virDomainReboot");
    }

    /** {@code VIR_DOMAIN_AFFECT_LIVE}: a device change reaches the running guest. */
    public static final int AFFECT_LIVE = 1;
    /** {@code VIR_DOMAIN_AFFECT_CONFIG}: a device change reaches the persistent definition. */
    public static final int AFFECT_CONFIG = 2;

    /** Adds a device ({@code virDomainAttachDeviceFlags}) where {@link #AFFECT_LIVE} and {@link #AFFECT_CONFIG} say. */
    public void attachDevice(String xml, int flags) {
        Errors.check(virDomainAttachDeviceFlags(pointer(), Errors.cString(xml), flags), "virDomainAttachDeviceFlags");
    }

    /**
     * Removes a device ({@code virDomainDetachDeviceFlags}); for the running guest libvirt asks
     * and may return before the guest has let go, and its device-removed event says when.
     */
    public void detachDevice(String xml, int flags) {
        Errors.check(virDomainDetachDeviceFlags(pointer(), Errors.cString(xml), flags), "virDomainDetachDeviceFlags");
    }

    /** {@code VIR_KEYCODE_SET_LINUX}: key codes as Linux's input layer numbers them ({@code KEY_A} is 30). */
    public static final int KEYCODE_SET_LINUX = 0;

    /**
     * Presses {@code keycodes} together in the guest's keyboard and releases them after
     * {@code holdMillis} ({@code virDomainSendKey}; 0 lets the hypervisor choose). libvirt takes
     * 1 to 16 keys and checks each against the codeset.
     */
    public void sendKey(int codeset, int holdMillis, int[] keycodes) {
        Errors.check(virDomainSendKey(pointer(), codeset, holdMillis, keycodes, keycodes.length, 0), "virDomainSendKey");
    }

    /**
     * Starts sending an image of the running domain's screen {@code screen} (0: the first) on
     * {@code stream} ({@code virDomainScreenshot}), which the caller then reads to its end.
     *
     * @return the image's MIME type, as the hypervisor chose it ({@code image/x-portable-pixmap}
     *     from QEMU, {@code image/png} from libvirt's test driver)
     */
    public String screenshot(VirStream stream, int screen) {
        return Errors.takeString(virDomainScreenshot(pointer(), stream.pointer(), screen, 0), "virDomainScreenshot");
    }

    /** {@code VIR_DOMAIN_MEM_MAXIMUM}: change the most memory the domain may have, not what it has now. */
    public static final int MEM_MAXIMUM = 4;
    /** {@code VIR_DOMAIN_VCPU_MAXIMUM}: change the most vCPUs the domain may have, not how many it has now. */
    public static final int VCPU_MAXIMUM = 4;

    /**
     * Sets the domain's memory in KiB ({@code virDomainSetMemoryFlags}): with {@link #AFFECT_LIVE}
     * the running guest's balloon target, with {@link #AFFECT_CONFIG} the definition's
     * {@code <currentMemory>} (or {@code <memory>} with {@link #MEM_MAXIMUM}); 0 is whichever of
     * the two the domain's state means.
     */
    public void setMemory(long kib, int flags) {
        Errors.check(virDomainSetMemoryFlags(pointer(), kib, flags), "virDomainSetMemoryFlags");
    }

    /**
     * Sets the domain's vCPU count ({@code virDomainSetVcpusFlags}): with {@link #AFFECT_LIVE}
     * vCPUs are plugged into or out of the running guest, with {@link #AFFECT_CONFIG} the
     * definition's {@code <vcpu current>} (or its maximum with {@link #VCPU_MAXIMUM}).
     */
    public void setVcpus(int count, int flags) {
        Errors.check(virDomainSetVcpusFlags(pointer(), count, flags), "virDomainSetVcpusFlags");
    }

    /** Resets the domain at once, without the guest's help ({@code virDomainReset}). */
    public void reset() {
        Errors.check(virDomainReset(pointer(), 0), "virDomainReset");
    }

    /** Stops the domain at once ({@code virDomainDestroyFlags}; 1 is {@code VIR_DOMAIN_DESTROY_GRACEFUL}). */
    public void destroy(int flags) {
        Errors.check(virDomainDestroyFlags(pointer(), flags), "virDomainDestroyFlags");
    }

    /** Pauses the domain's CPUs ({@code virDomainSuspend}). */
    public void suspend() {
        Errors.check(virDomainSuspend(pointer()), "virDomainSuspend");
    }

    /** Resumes a paused domain ({@code virDomainResume}). */
    public void resume() {
        Errors.check(virDomainResume(pointer()), "virDomainResume");
    }

    /** Saves memory to an image libvirt keeps and stops the domain ({@code virDomainManagedSave}). */
    public void managedSave() {
        Errors.check(virDomainManagedSave(pointer(), 0), "virDomainManagedSave");
    }

    public boolean hasManagedSaveImage() {
        return Errors.check(virDomainHasManagedSaveImage(pointer(), 0), "virDomainHasManagedSaveImage") == 1;
    }

    public void managedSaveRemove() {
        Errors.check(virDomainManagedSaveRemove(pointer(), 0), "virDomainManagedSaveRemove");
    }

    /** Every snapshot of the domain ({@code virDomainListAllSnapshots}; 0: all). */
    public List<VirDomainSnapshot> listAllSnapshots(int flags) {
        PointerByReference array = new PointerByReference();
        int count = Errors.check(virDomainListAllSnapshots(pointer(), array, flags), "virDomainListAllSnapshots");
        return takeArray(array.getValue(), count, VirDomainSnapshot::new);
    }

    public VirDomainSnapshot snapshotByName(String name) {
        return lookup(virDomainSnapshotLookupByName(pointer(), Errors.cString(name), 0),
                "virDomainSnapshotLookupByName", VirDomainSnapshot::new);
    }

    /**
     * Takes a snapshot, or with {@code VirDomainSnapshot.CREATE_REDEFINE} records one taken
     * elsewhere ({@code virDomainSnapshotCreateXML}).
     */
    public VirDomainSnapshot createSnapshot(String xml, int flags) {
        return new VirDomainSnapshot(Errors.check(virDomainSnapshotCreateXML(pointer(), Errors.cString(xml), flags),
                "virDomainSnapshotCreateXML"));
    }

    /** {@code VIR_DOMAIN_CONSOLE_FORCE}: take the console over from another client, as {@code virsh console --force} does. */
    public static final int CONSOLE_FORCE = 1;
    /** {@code VIR_DOMAIN_OPEN_GRAPHICS_SKIPAUTH}: the new client skips the VNC password; whoever may open the descriptor may manage the domain anyway. */
    public static final int GRAPHICS_SKIP_AUTH = 1;

    /**
     * Attaches {@code stream} to the domain's console ({@code virDomainOpenConsole}): what the
     * guest writes arrives on the stream, what is sent reaches the guest.
     *
     * @param device the console's alias ("serial0", "console0"), or null for the first console
     */
    public void openConsole(String device, VirStream stream, int flags) {
        Errors.check(virDomainOpenConsole(pointer(), Errors.cString(device), stream.pointer(), flags),
                "virDomainOpenConsole");
    }

    /**
     * A connected socket to the domain's graphics server ({@code virDomainOpenGraphicsFD}): the
     * daemon makes a socket pair, hands one end to the hypervisor as a new client and the other
     * to the caller, who owns it. Only over a UNIX socket connection, which can pass descriptors.
     *
     * @param index which {@code <graphics>} device, in the order of the domain's XML
     * @return the file descriptor
     */
    public int openGraphicsFd(int index, int flags) {
        return Errors.check(virDomainOpenGraphicsFD(pointer(), index, flags), "virDomainOpenGraphicsFD");
    }

    /** {@code VIR_MIGRATE_LIVE}: copy memory while the guest runs. */
    public static final int MIGRATE_LIVE = 1;
    /** {@code VIR_MIGRATE_PEER2PEER}: the source daemon opens the destination itself. */
    public static final int MIGRATE_PEER2PEER = 2;
    /** {@code VIR_MIGRATE_TUNNELLED}: memory goes through the daemons' connection (with peer-to-peer). */
    public static final int MIGRATE_TUNNELLED = 4;
    /** {@code VIR_MIGRATE_PERSIST_DEST}: the destination keeps the definition. */
    public static final int MIGRATE_PERSIST_DEST = 8;
    /** {@code VIR_MIGRATE_UNDEFINE_SOURCE}: the source forgets the definition after success. */
    public static final int MIGRATE_UNDEFINE_SOURCE = 16;
    /** {@code VIR_MIGRATE_OFFLINE}: only the definition moves; needs {@link #MIGRATE_PERSIST_DEST}. */
    public static final int MIGRATE_OFFLINE = 1024;

    /** {@code VIR_MIGRATE_PARAM_URI}: where the hypervisors send the guest's memory. */
    public static final String MIGRATE_PARAM_URI = "migrate_uri";
    /** {@code VIR_MIGRATE_PARAM_DEST_NAME}: the domain's name on the destination. */
    public static final String MIGRATE_PARAM_DEST_NAME = "destination_name";
    /** {@code VIR_MIGRATE_PARAM_BANDWIDTH}: the most the copy may use, MiB/s (unsigned long long). */
    public static final String MIGRATE_PARAM_BANDWIDTH = "bandwidth";

    /**
     * Migrates the domain ({@code virDomainMigrateToURI3}). With {@link #MIGRATE_PEER2PEER} the
     * source daemon opens {@code destinationUri} itself and drives the whole move; the call
     * returns when it is over, and the domain then lives on the destination.
     */
    public void migrateToUri3(String destinationUri, TypedParams params, int flags) {
        Errors.check(virDomainMigrateToURI3(pointer(), Errors.cString(destinationUri), params.array(), params.size(),
                flags), "virDomainMigrateToURI3");
    }

    /** sizeof(virDomainJobInfo): int type; then 11 unsigned long long from offset 8. */
    private static final int JOB_INFO_SIZE = 96;

    /**
     * The domain's running job ({@code virDomainGetJobInfo}): answered while another thread waits
     * in a migration on the same connection, as virsh's {@code domjobinfo} does.
     */
    public JobInfo jobInfo() {
        try (Memory info = new Memory(JOB_INFO_SIZE)) {
            info.clear();
            Errors.check(virDomainGetJobInfo(pointer(), info), "virDomainGetJobInfo");
            return new JobInfo(info.getInt(0), info.getLong(8), info.getLong(24), info.getLong(32), info.getLong(40));
        }
    }

    /**
     * {@code virDomainJobInfo}'s job type ({@code VIR_DOMAIN_JOB_NONE} 0, {@code _BOUNDED} 1,
     * {@code _UNBOUNDED} 2, ...), milliseconds elapsed, and bytes in all, copied and left.
     */
    public record JobInfo(int type, long elapsedMillis, long dataTotal, long dataProcessed, long dataRemaining) {
        /** Whether a job runs at all. */
        public boolean running() {
            return type == 1 || type == 2;
        }
    }

    /** Aborts the domain's running job, a migration say ({@code virDomainAbortJob}). */
    public void abortJob() {
        Errors.check(virDomainAbortJob(pointer()), "virDomainAbortJob");
    }

    /**
     * {@code int virDomainMigrateToURI3(virDomainPtr domain, const char *dconnuri,
     * virTypedParameterPtr params, unsigned int nparams, unsigned int flags)}.
     */
    private static native int virDomainMigrateToURI3(Pointer domain, byte[] dconnuri, Pointer params, int nparams,
                                                     int flags);

    /** {@code int virDomainGetJobInfo(virDomainPtr domain, virDomainJobInfoPtr info)}. */
    private static native int virDomainGetJobInfo(Pointer domain, Pointer info);

    private static native int virDomainAbortJob(Pointer domain);

    private static native int virDomainFree(Pointer domain);

    private static native int virDomainRef(Pointer domain);

    private static native Pointer virDomainGetName(Pointer domain);

    /** {@code int virDomainGetUUIDString(virDomainPtr domain, char *buf)}: buf holds VIR_UUID_STRING_BUFLEN (37) bytes. */
    private static native int virDomainGetUUIDString(Pointer domain, byte[] buf);

    /** {@code unsigned int virDomainGetID(virDomainPtr domain)}: (unsigned int)-1 for an inactive domain. */
    private static native int virDomainGetID(Pointer domain);

    private static native int virDomainGetState(Pointer domain, int[] state, int[] reason, int flags);

    private static native int virDomainGetInfo(Pointer domain, Pointer info);

    private static native int virDomainIsPersistent(Pointer domain);

    private static native int virDomainIsActive(Pointer domain);

    private static native int virDomainGetAutostart(Pointer domain, int[] autostart);

    private static native int virDomainSetAutostart(Pointer domain, int autostart);

    private static native Pointer virDomainGetXMLDesc(Pointer domain, int flags);

    private static native int virDomainUndefineFlags(Pointer domain, int flags);

    private static native int virDomainCreateWithFlags(Pointer domain, int flags);

    private static native int virDomainShutdownFlags(Pointer domain, int flags);

    private static native int virDomainReboot(Pointer domain, int flags);

    private static native int virDomainReset(Pointer domain, int flags);

    private static native int virDomainAttachDeviceFlags(Pointer domain, byte[] xml, int flags);

    private static native int virDomainDetachDeviceFlags(Pointer domain, byte[] xml, int flags);

    /**
     * {@code int virDomainSendKey(virDomainPtr domain, unsigned int codeset, unsigned int holdtime,
     * unsigned int *keycodes, int nkeycodes, unsigned int flags)}.
     */
    private static native int virDomainSendKey(Pointer domain, int codeset, int holdtime, int[] keycodes, int nkeycodes,
                                               int flags);

    /**
     * {@code char *virDomainScreenshot(virDomainPtr domain, virStreamPtr stream, unsigned int screen,
     * unsigned int flags)}: the MIME type, which the caller frees, or NULL.
     */
    private static native Pointer virDomainScreenshot(Pointer domain, Pointer stream, int screen, int flags);

    /** {@code int virDomainSetMemoryFlags(virDomainPtr domain, unsigned long memory, unsigned int flags)}: KiB; unsigned long is 64 bits here. */
    private static native int virDomainSetMemoryFlags(Pointer domain, long memory, int flags);

    /** {@code int virDomainSetVcpusFlags(virDomainPtr domain, unsigned int nvcpus, unsigned int flags)}. */
    private static native int virDomainSetVcpusFlags(Pointer domain, int nvcpus, int flags);

    private static native int virDomainDestroyFlags(Pointer domain, int flags);

    private static native int virDomainSuspend(Pointer domain);

    private static native int virDomainResume(Pointer domain);

    private static native int virDomainManagedSave(Pointer domain, int flags);

    private static native int virDomainHasManagedSaveImage(Pointer domain, int flags);

    private static native int virDomainManagedSaveRemove(Pointer domain, int flags);

    private static native int virDomainListAllSnapshots(Pointer domain, PointerByReference snaps, int flags);

    private static native Pointer virDomainSnapshotLookupByName(Pointer domain, byte[] name, int flags);

    private static native Pointer virDomainSnapshotCreateXML(Pointer domain, byte[] xml, int flags);

    /** {@code int virDomainOpenConsole(virDomainPtr dom, const char *dev_name, virStreamPtr st, unsigned int flags)}. */
    private static native int virDomainOpenConsole(Pointer domain, byte[] device, Pointer stream, int flags);

    /** {@code int virDomainOpenGraphicsFD(virDomainPtr dom, unsigned int idx, unsigned int flags)}: the fd, or -1. */
    private static native int virDomainOpenGraphicsFD(Pointer domain, int index, int flags);
}
