package org.virtfx.drivers.libvirt.binding;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A {@code virStoragePoolPtr}: one storage pool, defined or running. */
public final class VirStoragePool extends NativeHandle {
    /** {@code VIR_STORAGE_XML_INACTIVE}: the persistent definition. */
    public static final int XML_INACTIVE = 1;
    /** sizeof(virStoragePoolInfo): int state; unsigned long long capacity, allocation, available. */
    private static final int INFO_SIZE = 32;

    static {
        Native.register(VirStoragePool.class, LibvirtLibrary.require());
    }

    VirStoragePool(Pointer pointer) {
        super(pointer, "storage pool", VirStoragePool::virStoragePoolFree);
    }

    /** A new reference to a pool libvirt lent to a callback ({@code virStoragePoolRef}). */
    static VirStoragePool borrowed(Pointer pointer) {
        Errors.check(virStoragePoolRef(pointer), "virStoragePoolRef");
        return new VirStoragePool(pointer);
    }

    public String name() {
        return Errors.borrowString(virStoragePoolGetName(pointer()), "virStoragePoolGetName");
    }

    public String uuid() {
        byte[] buffer = new byte[37];
        Errors.check(virStoragePoolGetUUIDString(pointer(), buffer), "virStoragePoolGetUUIDString");
        return new String(buffer, 0, 36, StandardCharsets.US_ASCII);
    }

    public boolean isActive() {
        return Errors.check(virStoragePoolIsActive(pointer()), "virStoragePoolIsActive") == 1;
    }

    public boolean isPersistent() {
        return Errors.check(virStoragePoolIsPersistent(pointer()), "virStoragePoolIsPersistent") == 1;
    }

    public boolean autostart() {
        int[] autostart = new int[1];
        Errors.check(virStoragePoolGetAutostart(pointer(), autostart), "virStoragePoolGetAutostart");
        return autostart[0] != 0;
    }

    public void setAutostart(boolean autostart) {
        Errors.check(virStoragePoolSetAutostart(pointer(), autostart ? 1 : 0), "virStoragePoolSetAutostart");
    }

    /** {@code virStoragePoolGetInfo}: a {@code virStoragePoolState} and sizes in bytes. */
    public PoolInfo info() {
        byte[] raw = new byte[INFO_SIZE];
        Errors.check(virStoragePoolGetInfo(pointer(), raw), "virStoragePoolGetInfo");
        ByteBuffer info = ByteBuffer.wrap(raw).order(ByteOrder.nativeOrder());
        return new PoolInfo(info.getInt(0), info.getLong(8), info.getLong(16), info.getLong(24));
    }

    /** {@code virStoragePoolInfo}: state (2 is running), capacity, allocation and available bytes. */
    public record PoolInfo(int state, long capacity, long allocation, long available) {
    }

    /** The pool's XML ({@code virStoragePoolGetXMLDesc}) with {@link #XML_INACTIVE} or 0. */
    public String xml(int flags) {
        return Errors.takeString(virStoragePoolGetXMLDesc(pointer(), flags), "virStoragePoolGetXMLDesc");
    }

    /** Removes the persistent definition ({@code virStoragePoolUndefine}). */
    public void undefine() {
        Errors.check(virStoragePoolUndefine(pointer()), "virStoragePoolUndefine");
    }

    /** Starts the pool ({@code virStoragePoolCreate}). */
    public void create() {
        Errors.check(virStoragePoolCreate(pointer(), 0), "virStoragePoolCreate");
    }

    /** Stops the pool ({@code virStoragePoolDestroy}); its data stays. */
    public void destroy() {
        Errors.check(virStoragePoolDestroy(pointer()), "virStoragePoolDestroy");
    }

    /** Makes what the pool needs on its host, for a directory pool the directory ({@code virStoragePoolBuild}). */
    public void build() {
        Errors.check(virStoragePoolBuild(pointer(), 0), "virStoragePoolBuild");
    }

    /** Rescans the pool's volumes ({@code virStoragePoolRefresh}). */
    public void refresh() {
        Errors.check(virStoragePoolRefresh(pointer(), 0), "virStoragePoolRefresh");
    }

    /** The volumes of the running pool ({@code virStoragePoolListAllVolumes}). */
    public List<VirStorageVol> listAllVolumes() {
        PointerByReference array = new PointerByReference();
        int count = Errors.check(virStoragePoolListAllVolumes(pointer(), array, 0), "virStoragePoolListAllVolumes");
        return takeArray(array.getValue(), count, VirStorageVol::new);
    }

    public VirStorageVol volumeByName(String name) {
        return lookup(virStorageVolLookupByName(pointer(), Errors.cString(name)),
                "virStorageVolLookupByName", VirStorageVol::new);
    }

    /** Creates a volume from its XML ({@code virStorageVolCreateXML}). */
    public VirStorageVol createVolume(String xml) {
        return new VirStorageVol(Errors.check(virStorageVolCreateXML(pointer(), Errors.cString(xml), 0),
                "virStorageVolCreateXML"));
    }

    /** A volume whose content is a copy of {@code source}'s ({@code virStorageVolCreateXMLFrom}). */
    public VirStorageVol createVolumeFrom(String xml, VirStorageVol source) {
        return new VirStorageVol(Errors.check(virStorageVolCreateXMLFrom(pointer(), Errors.cString(xml),
                source.pointer(), 0), "virStorageVolCreateXMLFrom"));
    }

    private static native int virStoragePoolFree(Pointer pool);

    private static native int virStoragePoolRef(Pointer pool);

    private static native Pointer virStoragePoolGetName(Pointer pool);

    private static native int virStoragePoolGetUUIDString(Pointer pool, byte[] buf);

    private static native int virStoragePoolIsActive(Pointer pool);

    private static native int virStoragePoolIsPersistent(Pointer pool);

    private static native int virStoragePoolGetAutostart(Pointer pool, int[] autostart);

    private static native int virStoragePoolSetAutostart(Pointer pool, int autostart);

    private static native int virStoragePoolGetInfo(Pointer pool, byte[] info);

    private static native Pointer virStoragePoolGetXMLDesc(Pointer pool, int flags);

    private static native int virStoragePoolUndefine(Pointer pool);

    private static native int virStoragePoolCreate(Pointer pool, int flags);

    private static native int virStoragePoolDestroy(Pointer pool);

    private static native int virStoragePoolRefresh(Pointer pool, int flags);

    private static native int virStoragePoolListAllVolumes(Pointer pool, PointerByReference vols, int flags);

    private static native Pointer virStorageVolLookupByName(Pointer pool, byte[] name);

    private static native Pointer virStorageVolCreateXML(Pointer pool, byte[] xml, int flags);

    private static native Pointer virStorageVolCreateXMLFrom(Pointer pool, byte[] xml, Pointer source, int flags);

    private static native int virStoragePoolBuild(Pointer pool, int flags);
}
