package org.virtfx.drivers.libvirt.binding;

import com.sun.jna.Callback;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.host.HostInterface;
import org.virtfx.core.host.NodeInfo;

/**
 * A {@code virConnectPtr}: one open connection to a hypervisor, local or remote. Thread-safe as
 * libvirt's connections are; closing it ({@code virConnectClose}) leaves the objects it manages
 * running. Domains, networks and pools looked up through it hold references of their own.
 */
public final class VirConnect extends NativeHandle {
    /** {@code VIR_CONNECT_RO}: a read-only connection. */
    public static final int OPEN_READ_ONLY = 1;

    /** {@code VIR_NODE_CPU_STATS_ALL_CPUS} / {@code VIR_NODE_MEMORY_STATS_ALL_CELLS}: the whole host. */
    private static final int ALL = -1;
    /** {@code VIR_NODE_CPU_STATS_FIELD_LENGTH}: the name field of virNodeCPUStats and virNodeMemoryStats. */
    private static final int STATS_FIELD_LENGTH = 80;
    /** sizeof(virNodeCPUStats): char field[80]; unsigned long long value. */
    private static final int STATS_SIZE = STATS_FIELD_LENGTH + 8;
    /** sizeof(virNodeInfo): char model[32]; unsigned long memory; unsigned int cpus, mhz, nodes, sockets, cores, threads. */
    private static final int NODE_INFO_SIZE = 64;
    /** sizeof(virConnectCredential): int type; const char *prompt, *challenge, *defresult; char *result; unsigned int resultlen. */
    private static final int CREDENTIAL_SIZE = 48;

    static {
        Native.register(VirConnect.class, LibvirtLibrary.require());
    }

    private VirConnect(Pointer pointer) {
        super(pointer, "connection", VirConnect::virConnectClose);
    }

    /**
     * Opens a connection with {@code virConnectOpenAuth}, asking {@code auth} for whatever
     * credentials the hypervisor or transport needs. Registers libvirt's event loop first, so
     * that events and keepalives work on every connection.
     *
     * @throws VirtException libvirt's error; when {@code auth} refused a request, the message
     *     says what was asked for
     */
    public static VirConnect open(String uri, ConnectAuth auth, int flags) {
        EventLoop.ensureRunning();
        AuthCallback callback = new AuthCallback(auth);
        Memory types = new Memory(4L * ConnectAuth.Type.values().length);
        for (int i = 0; i < ConnectAuth.Type.values().length; i++) {
            types.setInt(4L * i, ConnectAuth.Type.values()[i].code());
        }
        // struct virConnectAuth { int *credtype; unsigned int ncredtype; virConnectAuthCallbackPtr cb; void *cbdata; }
        Memory authStruct = new Memory(32);
        authStruct.clear();
        authStruct.setPointer(0, types);
        authStruct.setInt(8, ConnectAuth.Type.values().length);
        authStruct.setPointer(16, com.sun.jna.CallbackReference.getFunctionPointer(callback));
        Pointer opened = virConnectOpenAuth(Errors.cString(uri), authStruct, flags);
        try {
            if (opened == null) {
                VirtException error = Errors.last("virConnectOpenAuth");
                if (callback.refused.isEmpty()) {
                    throw error;
                }
                String asked = callback.refused.stream().map(ConnectAuth.Type::words).distinct()
                        .collect(Collectors.joining(", "));
                String why = callback.failure == null ? "not given" : callback.failure.getMessage();
                throw new VirtException(error.code(), error.getMessage() + " (libvirt asked for: " + asked + "; " + why + ")",
                        error.detail(), callback.failure != null ? callback.failure : error.getCause());
            }
            return new VirConnect(opened);
        } finally {
            // The callback and the structures must outlive the native call that uses them.
            Reference.reachabilityFence(callback);
            Reference.reachabilityFence(authStruct);
            Reference.reachabilityFence(types);
        }
    }

    /** {@code int (*virConnectAuthCallbackPtr)(virConnectCredentialPtr cred, unsigned int ncred, void *cbdata)}. */
    interface AuthCallbackFunction extends Callback {
        int invoke(Pointer credentials, int count, Pointer data);
    }

    /** Hands libvirt's requests to a {@link ConnectAuth} and records what it refused. */
    private static final class AuthCallback implements AuthCallbackFunction {
        private final ConnectAuth auth;
        private final List<ConnectAuth.Type> refused = new ArrayList<>();
        /** Why the prompt could not ask (no terminal, say), for the open's error. */
        private RuntimeException failure;

        AuthCallback(ConnectAuth auth) {
            this.auth = auth;
        }

        @Override
        public int invoke(Pointer credentials, int count, Pointer data) {
            List<ConnectAuth.Credential> requests = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                Pointer c = credentials.share((long) i * CREDENTIAL_SIZE);
                requests.add(new ConnectAuth.Credential(ConnectAuth.Type.of(c.getInt(0)).orElse(ConnectAuth.Type.EXTERNAL),
                        text(c.getPointer(8)), text(c.getPointer(16)), text(c.getPointer(24))));
            }
            Optional<List<String>> answers;
            try {
                answers = auth.answer(requests);
            } catch (RuntimeException e) {
                // An exception must not unwind through libvirt's C frames.
                failure = e;
                answers = Optional.empty();
            }
            if (answers.isEmpty() || answers.get().size() != count) {
                requests.forEach(r -> refused.add(r.type()));
                return -1;
            }
            for (int i = 0; i < count; i++) {
                // libvirt frees result with free(): it must come from malloc.
                byte[] utf8 = answers.get().get(i).getBytes(StandardCharsets.UTF_8);
                Pointer result = new Pointer(Native.malloc(utf8.length + 1L));
                result.write(0, utf8, 0, utf8.length);
                result.setByte(utf8.length, (byte) 0);
                Pointer c = credentials.share((long) i * CREDENTIAL_SIZE);
                c.setPointer(32, result);
                c.setInt(40, utf8.length);
            }
            return 0;
        }

        private static String text(Pointer p) {
            return p == null ? "" : p.getString(0, StandardCharsets.UTF_8.name());
        }
    }

    /** The capabilities document ({@code virConnectGetCapabilities}), as {@code virsh capabilities} prints it. */
    public String capabilities() {
        return Errors.takeString(virConnectGetCapabilities(pointer()), "virConnectGetCapabilities");
    }

    /** The host's name ({@code virConnectGetHostname}). */
    public String hostname() {
        return Errors.takeString(virConnectGetHostname(pointer()), "virConnectGetHostname");
    }

    /** The hypervisor's name ({@code virConnectGetType}): "TEST", "QEMU", "LXC"... */
    public String type() {
        return Errors.borrowString(virConnectGetType(pointer()), "virConnectGetType");
    }

    /** The hypervisor's version, encoded as libvirt encodes versions ({@code virConnectGetVersion}). */
    public long version() {
        long[] version = new long[1];
        Errors.check(virConnectGetVersion(pointer(), version), "virConnectGetVersion");
        return version[0];
    }

    /** The version of libvirt serving the connection: the daemon's when remote ({@code virConnectGetLibVersion}). */
    public long libVersion() {
        long[] version = new long[1];
        Errors.check(virConnectGetLibVersion(pointer(), version), "virConnectGetLibVersion");
        return version[0];
    }

    /** The canonical URI of the connection ({@code virConnectGetURI}). */
    public String uri() {
        return Errors.takeString(virConnectGetURI(pointer()), "virConnectGetURI");
    }

    /** Whether the connection still works ({@code virConnectIsAlive}); a local driver always is. */
    public boolean isAlive() {
        return Errors.check(virConnectIsAlive(pointer()), "virConnectIsAlive") == 1;
    }

    /**
     * Starts keepalive probes on a connection through a daemon ({@code virConnectSetKeepAlive}):
     * after {@code count} unanswered probes {@code interval} seconds apart libvirt closes it and
     * the close callback says why.
     *
     * @return false when the connection has no daemon to probe (a driver libvirt runs in-process,
     *     such as test:///) or the daemon does not answer probes
     */
    public boolean setKeepAlive(int intervalSeconds, int count) {
        int result = virConnectSetKeepAlive(pointer(), intervalSeconds, count);
        if (result < 0) {
            VirtException error = Errors.last("virConnectSetKeepAlive");
            if (LibvirtError.is(error, LibvirtError.NO_SUPPORT)) {
                return false;
            }
            throw error;
        }
        return result == 0;
    }

    /** The host's CPU and memory topology ({@code virNodeGetInfo}); memory in KiB. */
    public NodeInfo nodeInfo() {
        byte[] raw = new byte[NODE_INFO_SIZE];
        Errors.check(virNodeGetInfo(pointer(), raw), "virNodeGetInfo");
        ByteBuffer info = ByteBuffer.wrap(raw).order(ByteOrder.nativeOrder());
        int end = 0;
        while (end < 32 && raw[end] != 0) {
            end++;
        }
        return new NodeInfo(new String(raw, 0, end, StandardCharsets.UTF_8), info.getLong(32), info.getInt(40),
                info.getInt(44), info.getInt(48), info.getInt(52), info.getInt(56), info.getInt(60));
    }

    /**
     * The host's cumulative CPU times in nanoseconds over all CPUs ({@code virNodeGetCPUStats}):
     * "kernel", "user", "idle", "iowait" on Linux.
     *
     * @throws VirtException {@code VIR_ERR_NO_SUPPORT} for drivers without host statistics (test)
     */
    public Map<String, Long> nodeCpuStats() {
        return nodeStats(true);
    }

    /** The host's memory in KiB ({@code virNodeGetMemoryStats}): "total", "free", "buffers", "cached". */
    public Map<String, Long> nodeMemoryStats() {
        return nodeStats(false);
    }

    private Map<String, Long> nodeStats(boolean cpu) {
        String call = cpu ? "virNodeGetCPUStats" : "virNodeGetMemoryStats";
        int[] count = new int[1];
        Errors.check(cpu ? virNodeGetCPUStats(pointer(), ALL, null, count, 0)
                : virNodeGetMemoryStats(pointer(), ALL, null, count, 0), call);
        if (count[0] == 0) {
            return Map.of();
        }
        Memory params = new Memory((long) count[0] * STATS_SIZE);
        params.clear();
        Errors.check(cpu ? virNodeGetCPUStats(pointer(), ALL, params, count, 0)
                : virNodeGetMemoryStats(pointer(), ALL, params, count, 0), call);
        Map<String, Long> stats = new LinkedHashMap<>();
        for (int i = 0; i < count[0]; i++) {
            long offset = (long) i * STATS_SIZE;
            stats.put(params.getString(offset, StandardCharsets.UTF_8.name()), params.getLong(offset + STATS_FIELD_LENGTH));
        }
        return stats;
    }

    /** Every domain that matches libvirt's {@code virConnectListAllDomainsFlags} (0: all). */
    public List<VirDomain> listAllDomains(int flags) {
        PointerByReference array = new PointerByReference();
        int count = Errors.check(virConnectListAllDomains(pointer(), array, flags), "virConnectListAllDomains");
        return takeArray(array.getValue(), count, VirDomain::new);
    }

    public VirDomain domainByName(String name) {
        return lookup(virDomainLookupByName(pointer(), Errors.cString(name)),
                "virDomainLookupByName", VirDomain::new);
    }

    public VirDomain domainByUuid(String uuid) {
        return lookup(virDomainLookupByUUIDString(pointer(), Errors.cString(uuid)),
                "virDomainLookupByUUIDString", VirDomain::new);
    }

    /** An active domain by its id. */
    public VirDomain domainById(int id) {
        return lookup(virDomainLookupByID(pointer(), id), "virDomainLookupByID", VirDomain::new);
    }

    /**
     * Defines a persistent domain, or redefines one of the same name and UUID
     * ({@code virDomainDefineXMLFlags}; flag 1 is {@code VIR_DOMAIN_DEFINE_VALIDATE}).
     */
    public VirDomain defineDomain(String xml, int flags) {
        return new VirDomain(Errors.check(virDomainDefineXMLFlags(pointer(), Errors.cString(xml), flags),
                "virDomainDefineXMLFlags"));
    }

    /**
     * The host's devices of the kinds asked for ({@code virConnectListAllNodeDevices} with
     * {@link VirNodeDevice#LIST_PCI}, {@link VirNodeDevice#LIST_USB}...).
     */
    public List<VirNodeDevice> listAllNodeDevices(int flags) {
        PointerByReference array = new PointerByReference();
        int count = Errors.check(virConnectListAllNodeDevices(pointer(), array, flags), "virConnectListAllNodeDevices");
        return takeArray(array.getValue(), count, VirNodeDevice::new);
    }

    /** Every network matching {@code virConnectListAllNetworksFlags} (0: all). */
    public List<VirNetwork> listAllNetworks(int flags) {
        PointerByReference array = new PointerByReference();
        int count = Errors.check(virConnectListAllNetworks(pointer(), array, flags), "virConnectListAllNetworks");
        return takeArray(array.getValue(), count, VirNetwork::new);
    }

    public VirNetwork networkByName(String name) {
        return lookup(virNetworkLookupByName(pointer(), Errors.cString(name)),
                "virNetworkLookupByName", VirNetwork::new);
    }

    public VirNetwork networkByUuid(String uuid) {
        return lookup(virNetworkLookupByUUIDString(pointer(), Errors.cString(uuid)),
                "virNetworkLookupByUUIDString", VirNetwork::new);
    }

    /**
     * Creates and starts a transient network ({@code virNetworkCreateXML}); libvirt refuses a name
     * or UUID another network has, and starts an inactive persistent one of the same name and
     * UUID with this definition.
     */
    public VirNetwork createNetwork(String xml) {
        return new VirNetwork(Errors.check(virNetworkCreateXML(pointer(), Errors.cString(xml)), "virNetworkCreateXML"));
    }

    /** Defines a persistent network, or redefines one of the same name and UUID ({@code virNetworkDefineXML}). */
    public VirNetwork defineNetwork(String xml) {
        return new VirNetwork(Errors.check(virNetworkDefineXML(pointer(), Errors.cString(xml)), "virNetworkDefineXML"));
    }

    /** Every storage pool matching {@code virConnectListAllStoragePoolsFlags} (0: all). */
    public List<VirStoragePool> listAllStoragePools(int flags) {
        PointerByReference array = new PointerByReference();
        int count = Errors.check(virConnectListAllStoragePools(pointer(), array, flags), "virConnectListAllStoragePools");
        return takeArray(array.getValue(), count, VirStoragePool::new);
    }

    public VirStoragePool storagePoolByName(String name) {
        return lookup(virStoragePoolLookupByName(pointer(), Errors.cString(name)),
                "virStoragePoolLookupByName", VirStoragePool::new);
    }

    public VirStoragePool storagePoolByUuid(String uuid) {
        return lookup(virStoragePoolLookupByUUIDString(pointer(), Errors.cString(uuid)),
                "virStoragePoolLookupByUUIDString", VirStoragePool::new);
    }

    /** Defines a persistent storage pool ({@code virStoragePoolDefineXML}). */
    public VirStoragePool defineStoragePool(String xml) {
        return new VirStoragePool(Errors.check(virStoragePoolDefineXML(pointer(), Errors.cString(xml), 0),
                "virStoragePoolDefineXML"));
    }

    /**
     * The host's network interfaces as the interface driver knows them
     * ({@code virConnectListAllInterfaces}, then name, MAC and state of each).
     */
    public List<HostInterface> interfaces() {
        PointerByReference array = new PointerByReference();
        int count = Errors.check(virConnectListAllInterfaces(pointer(), array, 0), "virConnectListAllInterfaces");
        Pointer list = array.getValue();
        if (list == null) {
            return List.of();
        }
        List<HostInterface> interfaces = new ArrayList<>(count);
        try {
            for (Pointer iface : list.getPointerArray(0, count)) {
                try {
                    interfaces.add(new HostInterface(Errors.borrowString(virInterfaceGetName(iface), "virInterfaceGetName"),
                            Errors.borrowString(virInterfaceGetMACString(iface), "virInterfaceGetMACString"),
                            Errors.check(virInterfaceIsActive(iface), "virInterfaceIsActive") == 1));
                } finally {
                    virInterfaceFree(iface);
                }
            }
        } finally {
            Native.free(Pointer.nativeValue(list));
        }
        return interfaces;
    }

    /** How many networks the host has; fails when the connection has no network driver. */
    public int numberOfNetworks() {
        return Errors.check(virConnectNumOfNetworks(pointer()), "virConnectNumOfNetworks")
                + Errors.check(virConnectNumOfDefinedNetworks(pointer()), "virConnectNumOfDefinedNetworks");
    }

    /** How many storage pools the host has; fails when the connection has no storage driver. */
    public int numberOfStoragePools() {
        return Errors.check(virConnectNumOfStoragePools(pointer()), "virConnectNumOfStoragePools")
                + Errors.check(virConnectNumOfDefinedStoragePools(pointer()), "virConnectNumOfDefinedStoragePools");
    }

    private static native Pointer virConnectOpenAuth(byte[] name, Pointer auth, int flags);

    /** {@code int virConnectClose(virConnectPtr conn)}: drops this reference; the connection closes with the last one. */
    private static native int virConnectClose(Pointer conn);

    private static native Pointer virConnectGetCapabilities(Pointer conn);

    private static native Pointer virConnectGetHostname(Pointer conn);

    /** {@code const char *virConnectGetType(virConnectPtr conn)}: static string, not freed. */
    private static native Pointer virConnectGetType(Pointer conn);

    private static native int virConnectGetVersion(Pointer conn, long[] hvVer);

    private static native int virConnectGetLibVersion(Pointer conn, long[] libVer);

    private static native Pointer virConnectGetURI(Pointer conn);

    private static native int virConnectIsAlive(Pointer conn);

    private static native int virConnectSetKeepAlive(Pointer conn, int interval, int count);

    private static native int virNodeGetInfo(Pointer conn, byte[] info);

    /** {@code int virNodeGetCPUStats(conn, int cpuNum, virNodeCPUStatsPtr params, int *nparams, unsigned int flags)}; NULL params asks for the count. */
    private static native int virNodeGetCPUStats(Pointer conn, int cpuNum, Pointer params, int[] nparams, int flags);

    private static native int virNodeGetMemoryStats(Pointer conn, int cellNum, Pointer params, int[] nparams, int flags);

    /** {@code int virConnectListAllDomains(conn, virDomainPtr **domains, unsigned int flags)}: count, or -1. */
    private static native int virConnectListAllDomains(Pointer conn, PointerByReference domains, int flags);

    private static native Pointer virDomainLookupByName(Pointer conn, byte[] name);

    private static native Pointer virDomainLookupByUUIDString(Pointer conn, byte[] uuid);

    private static native Pointer virDomainLookupByID(Pointer conn, int id);

    private static native Pointer virDomainDefineXMLFlags(Pointer conn, byte[] xml, int flags);

    private static native int virConnectListAllNodeDevices(Pointer conn, PointerByReference devices, int flags);

    private static native int virConnectListAllNetworks(Pointer conn, PointerByReference nets, int flags);

    private static native Pointer virNetworkLookupByName(Pointer conn, byte[] name);

    private static native Pointer virNetworkLookupByUUIDString(Pointer conn, byte[] uuid);

    private static native Pointer virNetworkDefineXML(Pointer conn, byte[] xml);

    private static native Pointer virNetworkCreateXML(Pointer conn, byte[] xml);

    private static native int virConnectListAllStoragePools(Pointer conn, PointerByReference pools, int flags);

    private static native Pointer virStoragePoolLookupByName(Pointer conn, byte[] name);

    private static native Pointer virStoragePoolLookupByUUIDString(Pointer conn, byte[] uuid);

    private static native Pointer virStoragePoolDefineXML(Pointer conn, byte[] xml, int flags);

    private static native int virConnectListAllInterfaces(Pointer conn, PointerByReference ifaces, int flags);

    /** {@code const char *virInterfaceGetName(virInterfacePtr iface)}: owned by the interface object. */
    private static native Pointer virInterfaceGetName(Pointer iface);

    private static native Pointer virInterfaceGetMACString(Pointer iface);

    private static native int virInterfaceIsActive(Pointer iface);

    private static native int virInterfaceFree(Pointer iface);

    private static native int virConnectNumOfNetworks(Pointer conn);

    private static native int virConnectNumOfDefinedNetworks(Pointer conn);

    private static native int virConnectNumOfStoragePools(Pointer conn);

    private static native int virConnectNumOfDefinedStoragePools(Pointer conn);
}
