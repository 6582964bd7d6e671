package org.virtfx.drivers.libvirt.binding;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** A {@code virStorageVolPtr}: one volume of a storage pool. */
public final class VirStorageVol extends NativeHandle {
    /** sizeof(virStorageVolInfo): int type; unsigned long long capacity, allocation. */
    private static final int INFO_SIZE = 24;

    static {
        Native.register(VirStorageVol.class, LibvirtLibrary.require());
    }

    VirStorageVol(Pointer pointer) {
        super(pointer, "storage volume", VirStorageVol::virStorageVolFree);
    }

    /** {@code virStorageVolGetName}: kept in the handle. */
    public String name() {
        return Errors.borrowString(virStorageVolGetName(pointer()), "virStorageVolGetName");
    }

    /** {@code virStorageVolGetKey}: the volume's unique key (its path, for file volumes). */
    public String key() {
        return Errors.borrowString(virStorageVolGetKey(pointer()), "virStorageVolGetKey");
    }

    /** {@code virStorageVolGetPath}: where the volume is on the host. */
    public String path() {
        return Errors.takeString(virStorageVolGetPath(pointer()), "virStorageVolGetPath");
    }

    /** {@code virStorageVolGetInfo}: type and sizes in bytes. */
    public VolumeInfo info() {
        byte[] raw = new byte[INFO_SIZE];
        Errors.check(virStorageVolGetInfo(pointer(), raw), "virStorageVolGetInfo");
        ByteBuffer info = ByteBuffer.wrap(raw).order(ByteOrder.nativeOrder());
        return new VolumeInfo(info.getInt(0), info.getLong(8), info.getLong(16));
    }

    /** {@code virStorageVolInfo}: a {@code virStorageVolType} (0 file), capacity and allocation in bytes. */
    public record VolumeInfo(int type, long capacity, long allocation) {
    }

    /** The volume's XML ({@code virStorageVolGetXMLDesc}). */
    public String xml() {
        return Errors.takeString(virStorageVolGetXMLDesc(pointer(), 0), "virStorageVolGetXMLDesc");
    }

    /** Deletes the volume and its data ({@code virStorageVolDelete}). */
    public void delete() {
        Errors.check(virStorageVolDelete(pointer(), 0), "virStorageVolDelete");
    }

    /** {@code VIR_STORAGE_VOL_RESIZE_SHRINK}: a smaller capacity is allowed. */
    public static final int RESIZE_SHRINK = 4;

    /** Sets the capacity in bytes ({@code virStorageVolResize}) with {@link #RESIZE_SHRINK} or 0. */
    public void resize(long capacity, int flags) {
        Errors.check(virStorageVolResize(pointer(), capacity, flags), "virStorageVolResize");
    }

    private static native int virStorageVolFree(Pointer vol);

    private static native Pointer virStorageVolGetName(Pointer vol);

    private static native Pointer virStorageVolGetKey(Pointer vol);

    private static native Pointer virStorageVolGetPath(Pointer vol);

    private static native int virStorageVolGetInfo(Pointer vol, byte[] info);

    private static native Pointer virStorageVolGetXMLDesc(Pointer vol, int flags);

    private static native int virStorageVolDelete(Pointer vol, int flags);

    private static native int virStorageVolResize(Pointer vol, long capacity, int flags);
}
