package org.virtfx.drivers.libvirt.binding;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A {@code virNetworkPtr}: one virtual network, defined or running. */
public final class VirNetwork extends NativeHandle {
    /** {@code VIR_NETWORK_XML_INACTIVE}: the persistent definition. */
    public static final int XML_INACTIVE = 1;
    /** {@code VIR_NETWORK_UPDATE_AFFECT_LIVE}. */
    public static final int UPDATE_AFFECT_LIVE = 1;
    /** {@code VIR_NETWORK_UPDATE_AFFECT_CONFIG}. */
    public static final int UPDATE_AFFECT_CONFIG = 2;

    /**
     * sizeof(virNetworkDHCPLease): char *iface; long long expirytime; int type; char *mac, *iaid,
     * *ipaddr; unsigned int prefix; char *hostname, *clientid.
     */
    private static final int LEASE_EXPIRY = 8;
    private static final int LEASE_TYPE = 16;
    private static final int LEASE_MAC = 24;
    private static final int LEASE_IAID = 32;
    private static final int LEASE_IPADDR = 40;
    private static final int LEASE_PREFIX = 48;
    private static final int LEASE_HOSTNAME = 56;
    private static final int LEASE_CLIENTID = 64;

    static {
        Native.register(VirNetwork.class, LibvirtLibrary.require());
    }

    VirNetwork(Pointer pointer) {
        super(pointer, "network", VirNetwork::virNetworkFree);
    }

    /** A new reference to a network libvirt lent to a callback ({@code virNetworkRef}). */
    static VirNetwork borrowed(Pointer pointer) {
        Errors.check(virNetworkRef(pointer), "virNetworkRef");
        return new VirNetwork(pointer);
    }

    public String name() {
        return Errors.borrowString(virNetworkGetName(pointer()), "virNetworkGetName");
    }

    public String uuid() {
        byte[] buffer = new byte[37];
        Errors.check(virNetworkGetUUIDString(pointer(), buffer), "virNetworkGetUUIDString");
        return new String(buffer, 0, 36, StandardCharsets.US_ASCII);
    }

    public boolean isActive() {
        return Errors.check(virNetworkIsActive(pointer()), "virNetworkIsActive") == 1;
    }

    public boolean isPersistent() {
        return Errors.check(virNetworkIsPersistent(pointer()), "virNetworkIsPersistent") == 1;
    }

    public boolean autostart() {
        int[] autostart = new int[1];
        Errors.check(virNetworkGetAutostart(pointer(), autostart), "virNetworkGetAutostart");
        return autostart[0] != 0;
    }

    public void setAutostart(boolean autostart) {
        Errors.check(virNetworkSetAutostart(pointer(), autostart ? 1 : 0), "virNetworkSetAutostart");
    }

    /** The network's XML ({@code virNetworkGetXMLDesc}) with {@link #XML_INACTIVE} or 0. */
    public String xml(int flags) {
        return Errors.takeString(virNetworkGetXMLDesc(pointer(), flags), "virNetworkGetXMLDesc");
    }

    /** Removes the persistent definition ({@code virNetworkUndefine}). */
    public void undefine() {
        Errors.check(virNetworkUndefine(pointer()), "virNetworkUndefine");
    }

    /** Starts the defined network ({@code virNetworkCreate}). */
    public void create() {
        Errors.check(virNetworkCreate(pointer()), "virNetworkCreate");
    }

    /** Stops the network ({@code virNetworkDestroy}); a transient one is gone afterwards. */
    public void destroy() {
        Errors.check(virNetworkDestroy(pointer()), "virNetworkDestroy");
    }

    /**
     * Changes one part of the definition ({@code virNetworkUpdate}): {@code command} is a
     * {@code VIR_NETWORK_UPDATE_COMMAND_*}, {@code section} a {@code VIR_NETWORK_SECTION_*},
     * {@code flags} {@link #UPDATE_AFFECT_LIVE} and/or {@link #UPDATE_AFFECT_CONFIG} (0: current).
     */
    public void update(int command, int section, int parentIndex, String xml, int flags) {
        Errors.check(virNetworkUpdate(pointer(), command, section, parentIndex, Errors.cString(xml), flags),
                "virNetworkUpdate");
    }

    /**
     * The DHCP leases of the running network ({@code virNetworkGetDHCPLeases}), of one MAC
     * address or, with null, all.
     */
    public List<Lease> dhcpLeases(String mac) {
        PointerByReference array = new PointerByReference();
        int count = Errors.check(virNetworkGetDHCPLeases(pointer(), Errors.cString(mac), array, 0),
                "virNetworkGetDHCPLeases");
        Pointer list = array.getValue();
        if (list == null) {
            return List.of();
        }
        List<Lease> leases = new ArrayList<>(count);
        try {
            for (Pointer lease : list.getPointerArray(0, count)) {
                try {
                    leases.add(new Lease(text(lease, 0), lease.getLong(LEASE_EXPIRY), lease.getInt(LEASE_TYPE),
                            text(lease, LEASE_MAC), text(lease, LEASE_IAID), text(lease, LEASE_IPADDR),
                            lease.getInt(LEASE_PREFIX), text(lease, LEASE_HOSTNAME), text(lease, LEASE_CLIENTID)));
                } finally {
                    virNetworkDHCPLeaseFree(lease);
                }
            }
        } finally {
            Native.free(Pointer.nativeValue(list));
        }
        return leases;
    }

    private static Optional<String> text(Pointer struct, int offset) {
        Pointer p = struct.getPointer(offset);
        return p == null ? Optional.empty() : Optional.of(p.getString(0, StandardCharsets.UTF_8.name()));
    }

    /**
     * One {@code virNetworkDHCPLease}: interface, expiry in seconds since 1970, type (0 IPv4,
     * 1 IPv6), MAC, IAID, address, prefix, host name and client id.
     */
    public record Lease(Optional<String> iface, long expirySeconds, int type, Optional<String> mac,
                        Optional<String> iaid, Optional<String> address, int prefix, Optional<String> hostname,
                        Optional<String> clientId) {
    }

    /** The name of the network's bridge ({@code virNetworkGetBridgeName}); empty when it has none. */
    public Optional<String> bridgeName() {
        Pointer name = virNetworkGetBridgeName(pointer());
        if (name == null) {
            // Networks that do not forward through a bridge of their own (hostdev, macvtap) have none.
            Errors.reset();
            return Optional.empty();
        }
        return Optional.of(Errors.takeString(name, "virNetworkGetBridgeName"));
    }

    private static native int virNetworkFree(Pointer network);

    private static native int virNetworkRef(Pointer network);

    private static native Pointer virNetworkGetName(Pointer network);

    private static native int virNetworkGetUUIDString(Pointer network, byte[] buf);

    private static native int virNetworkIsActive(Pointer network);

    private static native int virNetworkIsPersistent(Pointer network);

    private static native int virNetworkGetAutostart(Pointer network, int[] autostart);

    private static native int virNetworkSetAutostart(Pointer network, int autostart);

    private static native Pointer virNetworkGetXMLDesc(Pointer network, int flags);

    private static native int virNetworkUndefine(Pointer network);

    private static native int virNetworkCreate(Pointer network);

    private static native int virNetworkDestroy(Pointer network);

    /**
     * {@code int virNetworkUpdate(virNetworkPtr network, unsigned int command, unsigned int section,
     * int parentIndex, const char *xml, unsigned int flags)}.
     */
    private static native int virNetworkUpdate(Pointer network, int command, int section, int parentIndex, byte[] xml,
                                               int flags);

    private static native int virNetworkGetDHCPLeases(Pointer network, byte[] mac, PointerByReference leases, int flags);

    private static native void virNetworkDHCPLeaseFree(Pointer lease);

    private static native Pointer virNetworkGetBridgeName(Pointer network);
}
