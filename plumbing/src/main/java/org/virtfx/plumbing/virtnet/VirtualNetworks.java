package org.virtfx.plumbing.virtnet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.virtfx.core.config.AtomicFiles;
import org.virtfx.core.config.CrossProcessLock;
import org.virtfx.core.config.DefinitionStore;
import org.virtfx.core.config.DirectoryChanges;
import org.virtfx.core.config.LoadWarnings;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.event.EventBus;
import org.virtfx.core.event.NetworkEvent;
import org.virtfx.core.network.DhcpLease;
import org.virtfx.core.network.NetworkDefinition;
import org.virtfx.core.network.NetworkFamily;
import org.virtfx.core.network.NetworkSummary;
import org.virtfx.core.network.NetworkUpdate;
import org.virtfx.core.network.NetworkXml;
import org.virtfx.core.task.Rollback;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlParser;
import org.virtfx.plumbing.netdev.LinkInfo;
import org.virtfx.plumbing.netdev.NetDevices;
import org.virtfx.plumbing.process.HostProcess;

/**
 * Virtual networks of the native drivers: define, undefine, start, destroy, autostart, XML and
 * DHCP leases, with definitions persisted in a configuration directory. Isolated, NAT and routed
 * networks are a bridge of their own, {@code virbrN} with the lowest free N unless the XML names
 * one, with the {@code <ip>} addresses on it, dnsmasq for DHCP, router advertisements and DNS,
 * and forwarding rules in an nftables table of the network's own; a network in {@code bridge}
 * mode uses an existing host bridge and creates nothing. IPv4 and IPv6 work alike, as in
 * libvirt: DHCPv6 on one IPv6 subnet with dnsmasq's router advertisements telling guests to use
 * it, SLAAC on IPv6 subnets without DHCP, and IPv6 routed rather than masqueraded in NAT mode
 * unless {@code <nat ipv6='yes'>}.
 *
 * <p>Not yet supported, and refused with a clear error rather than half done: the
 * open, macvtap and hostdev modes. Of DNS, dnsmasq gets {@code <domain>}, {@code <dns enable>}
 * and {@code <dns><host>}; TXT, SRV and forwarders are kept in the definition only.
 *
 * <p>One lock guards the table of networks and the choice of bridge names, so two defines
 * never pick the same {@code virbrN}. Starting and stopping hold it too: they take
 * milliseconds, and holding it means a bridge name cannot be taken between choice and creation.
 * Across processes, as a daemon would serialize its clients: defines check uniqueness and
 * choose bridges against the stored files under the definition directory's lock, and a start,
 * stop or update holds the network's own lock and works from its write-ahead record
 * ({@link NetworkRecord}), so a network is active exactly when a completed start is recorded.
 * Every operation first catches up with the stored definitions and records, so what another
 * process defined, started, stopped or removed since is never a reason to refuse; when neither
 * folder changed this costs a {@code stat} of each.
 */
public final class VirtualNetworks implements NetworkFamily {
    private static final System.Logger LOG = System.getLogger(VirtualNetworks.class.getName());
    private static final String BRIDGE_PREFIX = "virbr";

    /** How long a start or stop waits for another process's, as a domain job waits. */
    private static final Duration LOCK_WAIT = Duration.ofSeconds(30);

    private final NetDevices devices;
    private final EventBus events;
    private final DefinitionStore store;
    private final Path stateDirectory;
    private final DirectoryChanges storedChanges;
    private final DirectoryChanges recordChanges;
    private final HostCommand command;
    private final NetworkFirewall firewall;
    private final Map<UUID, Dnsmasq> dnsmasqs = new LinkedHashMap<>();
    private final NetworkXml networkXml = new NetworkXml();
    private final XmlParser parser = new XmlParser();
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<UUID, Network> networks = new LinkedHashMap<>();

    /** A network's persistent configuration and, while it runs, the definition it runs with. */
    private record Network(NetworkDefinition config, NetworkDefinition live, boolean persistent) {
        boolean active() {
            return live != null;
        }

        NetworkDefinition current() {
            return live != null ? live : config;
        }
    }

    /**
     * Loads the definitions stored in {@code configDirectory}, and the networks running from
     * their records in {@code stateDirectory}, with their dnsmasq found again: that is how a
     * restarted application finds the networks it left running (see {@link #adoptAll}).
     *
     * @param configDirectory where definitions are stored
     * @param stateDirectory  where dnsmasq's configuration and leases of running networks go
     * @param devices         the devices of the namespace the networks' bridges live in; dnsmasq
     *                        and nft run in that namespace too
     * @param events          where defines, undefines, starts and stops are published, always
     *                        after the driver's lock is released
     */
    public VirtualNetworks(Path configDirectory, Path stateDirectory, NetDevices devices, EventBus events) {
        this(configDirectory, stateDirectory, devices, events, new LoadWarnings());
    }

    /**
     * Networks whose stored definitions that cannot be loaded are skipped and recorded in
     * {@code warnings}, each naming its file, so one bad file never hides the others.
     */
    public VirtualNetworks(Path configDirectory, Path stateDirectory, NetDevices devices, EventBus events,
                           LoadWarnings warnings) {
        this.devices = devices;
        this.events = events;
        this.store = new DefinitionStore(configDirectory, "network");
        this.stateDirectory = stateDirectory;
        this.command = new HostCommand(devices.namespace());
        this.firewall = new NetworkFirewall(command);
        // Looked at before the load: a change made while it runs shows at the first operation.
        this.storedChanges = new DirectoryChanges(configDirectory);
        this.recordChanges = new DirectoryChanges(stateDirectory);
        storedChanges.changed();
        recordChanges.changed();
        for (DefinitionStore.Document document : store.loadAll(warnings)) {
            NetworkDefinition definition;
            try {
                definition = networkXml.parse(document.xml(), document.file().toString());
            } catch (RuntimeException unreadable) {
                warnings.skipped(document.file(), unreadable instanceof VirtException
                        ? unreadable.getMessage() : unreadable.toString());
                continue;
            }
            networks.put(definition.uuid(), new Network(definition, null, true));
        }
        adoptAll(warnings);
    }

    /**
     * Finds the networks that other runs left running, from their records, as libvirt's network
     * driver reloads its status files, and finishes the starts and stops that killed processes
     * left half done: a network with a record of a completed start is adopted (a transient one
     * too), and one whose start or stop was cut short is torn down, so nothing of it is left.
     * Each is handled under its cross-process lock; a start or stop still under way in another
     * process is left to it, and the network shows as it was before that change. A record that
     * cannot be read is skipped with a warning naming its file.
     */
    private void adoptAll(LoadWarnings warnings) {
        if (Files.isDirectory(stateDirectory)) {
            AtomicFiles.removeStale(stateDirectory);
        }
        for (String name : NetworkRecord.names(stateDirectory)) {
            try {
                adoptRecord(name);
            } catch (RuntimeException e) {
                warnings.skipped(NetworkRecord.path(stateDirectory, name), e instanceof VirtException
                        ? e.getMessage() : e.toString());
            }
        }
        // A network an earlier VirtFX started, which kept no record: its bridge says it runs.
        Set<String> bridges = new HashSet<>();
        devices.list().stream().filter(l -> l.kind().equals("bridge")).map(LinkInfo::name).forEach(bridges::add);
        for (Network network : List.copyOf(networks.values())) {
            NetworkDefinition config = network.config();
            if (!network.active() && !config.forwardMode().equals("bridge") && bridges.contains(config.bridge())
                    && !Files.exists(NetworkRecord.path(stateDirectory, config.name()))) {
                lockOf(config.uuid()).holdIfFree(() -> refresh(network));
            }
        }
    }

    /**
     * Takes in the network whose record is {@code NAME.state}: adopted when its start completed,
     * torn down when its start or stop was cut short, each under its cross-process lock; while
     * another process holds that lock, shown as it was before that process's change. A network
     * this process did not know (a transient one, or one defined since) joins the table.
     *
     * @throws RuntimeException when the record cannot be read or contradicts the table
     */
    private void adoptRecord(String name) {
        Path file = NetworkRecord.path(stateDirectory, name);
        NetworkRecord record = NetworkRecord.read(file);
        NetworkDefinition live = networkXml.parse(record.liveXml(), file.toString());
        Network known = networks.get(record.uuid());
        Network network = known != null ? known : new Network(live, null, false);
        if (!network.config().name().equals(name)) {
            throw VirtException.of(ErrorCode.INTERNAL_ERROR, "the record is of network '" + name
                    + "' but uuid " + record.uuid() + " is network '" + network.config().name() + "'");
        }
        networks.put(record.uuid(), network);
        boolean free = lockOf(record.uuid()).holdIfFree(() -> refresh(network));
        if (!free) {
            boolean wasRunning = record.phase() != NetworkRecord.Phase.STARTING;
            networks.put(record.uuid(), new Network(network.config(), wasRunning ? live : null,
                    network.persistent()));
        }
    }

    @Override
    public String driverName() {
        return "network";
    }

    @Override
    public List<NetworkSummary> list() {
        lock.lock();
        try {
            catchUp();
            List<NetworkSummary> summaries = new ArrayList<>();
            networks.values().forEach(n -> summaries.add(summary(n)));
            return summaries;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public NetworkSummary define(String xml) {
        XmlElement root = parser.parse(xml, "network definition");
        boolean uuidGiven = root.child("uuid").isPresent();
        NetworkDefinition parsed = withSafeName(networkXml.read(root, "network definition"));
        NetworkSummary defined;
        lock.lock();
        try {
            defined = store.locked(() -> defineHeld(xml, parsed, uuidGiven));
        } finally {
            lock.unlock();
        }
        events.publish(new NetworkEvent(defined, NetworkEvent.Type.DEFINED));
        return defined;
    }

    /**
     * Checks libvirt's uniqueness rules and chooses the bridge against the stored definitions as
     * they are now, written by this process or another, then stores the definition. Caller holds
     * {@link #lock} and the store's cross-process lock, so no other process defines meanwhile.
     */
    private NetworkSummary defineHeld(String xml, NetworkDefinition parsed, boolean uuidGiven) {
        readDefinitions();
        readRecords();
        if (!uuidGiven) {
            // As libvirt: redefining a network by name without a <uuid> keeps its UUID.
            for (Network other : networks.values()) {
                if (other.config().name().equals(parsed.name())) {
                    XmlElement again = parser.parse(xml, "network definition");
                    again.insertAfter("name", new XmlElement("uuid").setText(other.config().uuid().toString()));
                    parsed = networkXml.read(again, "network definition");
                }
            }
        }
        sameNetwork(parsed);
        NetworkDefinition definition = withBridge(parsed);
        store.save(definition.name(), definition.xml());
        Network previous = networks.get(definition.uuid());
        Network network = new Network(definition, previous == null ? null : previous.live(), true);
        networks.put(definition.uuid(), network);
        return summary(network);
    }

    /**
     * Creates and starts a transient network, as {@code virNetworkCreateXML}: recorded before
     * anything is made, as a start is, so a process killed at any step leaves it running for the
     * next process to adopt or nothing of it. It holds the network's cross-process lock and the
     * definitions' lock from the uniqueness checks to the end of the start (a start takes well
     * under a second), so no other process defines or creates a clashing network meanwhile.
     */
    @Override
    public NetworkSummary create(String xml) {
        NetworkDefinition parsed = withSafeName(networkXml.parse(xml, "network definition"));
        NetworkSummary created;
        lock.lock();
        try {
            created = acrossProcesses(parsed.uuid(), () -> store.locked(() -> createHeld(parsed)));
        } finally {
            lock.unlock();
        }
        events.publish(new NetworkEvent(created, NetworkEvent.Type.STARTED));
        return created;
    }

    /**
     * Checks libvirt's uniqueness rules against every network as it is now, stored or running in
     * any process, and starts the new one; the same name and UUID as an inactive persistent
     * network starts that network with this definition, as libvirt does. Its stored definition
     * stays, and it runs with that one after a stop: libvirt keeps the created one in memory
     * until the daemon restarts and then the file's, and VirtFX has no daemon memory. Caller holds
     * {@link #lock}, the network's cross-process lock and the store's.
     */
    private NetworkSummary createHeld(NetworkDefinition parsed) {
        readDefinitions();
        readRecords();
        Network same = sameNetwork(parsed);
        Network now = same == null ? null : refresh(same);
        if (now != null && now.active()) {
            throw VirtException.of(ErrorCode.OPERATION_INVALID, "network is already active as '"
                    + parsed.name() + "'");
        }
        NetworkDefinition live = withBridge(parsed);
        return run(now != null && now.persistent() ? now : new Network(live, null, false), live);
    }

    /**
     * The network with the name and UUID of {@code parsed}, if there is one; libvirt's uniqueness
     * rules refuse a name another network has under another UUID, and a UUID another has under
     * another name. A network's name and UUID never change while it runs, so its stored
     * definition's are its running one's. Caller holds {@link #lock}.
     */
    private Network sameNetwork(NetworkDefinition parsed) {
        Network same = null;
        for (Network other : networks.values()) {
            NetworkDefinition existing = other.config();
            boolean sameName = existing.name().equals(parsed.name());
            boolean sameUuid = existing.uuid().equals(parsed.uuid());
            if (sameName && !sameUuid) {
                throw VirtException.of(ErrorCode.OPERATION_FAILED, "network '" + parsed.name()
                        + "' already exists with uuid " + existing.uuid());
            }
            if (sameUuid && !sameName) {
                throw VirtException.of(ErrorCode.OPERATION_FAILED, "network '" + existing.name()
                        + "' is already defined with uuid " + existing.uuid());
            }
            if (sameUuid) {
                same = other;
            }
        }
        return same;
    }

    /** The definition, refused when its name cannot safely become file names here and in dnsmasq's state. */
    private static NetworkDefinition withSafeName(NetworkDefinition parsed) {
        // libvirt refuses '/' too.
        if (parsed.name().contains("/") || parsed.name().startsWith(".")
                || parsed.name().chars().anyMatch(Character::isISOControl)) {
            throw VirtException.of(ErrorCode.XML_ERROR, "name '" + parsed.name()
                    + "' cannot contain '/', start with '.' or contain control characters");
        }
        return parsed;
    }

    /**
     * Catches up with what other processes did since this one last looked, as every operation
     * does first: definitions stored or removed, networks started, stopped or created
     * elsewhere. Only a folder whose time changed is read again, so this costs a {@code stat}
     * of each when nothing changed. Caller holds {@link #lock}.
     */
    private void catchUp() {
        boolean definitions = storedChanges.changed();
        boolean records = recordChanges.changed();
        try {
            if (definitions) {
                readDefinitions();
            }
            if (definitions || records) {
                readRecords();
            }
        } catch (RuntimeException e) {
            storedChanges.forget();
            recordChanges.forget();
            throw e;
        }
    }

    /**
     * Brings the table's persistent definitions up to date with the stored files, which other
     * processes may have written or deleted since this one loaded them: a file's definition
     * replaces the one known, a network whose file is gone is dropped (or, while it runs, is
     * transient), and a new file's network is added. Files that cannot be read were reported
     * when loaded. Each file is written atomically, so reading needs no lock; a define holds the
     * store's lock around this and its checks. Caller holds {@link #lock}.
     */
    private void readDefinitions() {
        Map<UUID, NetworkDefinition> stored = new LinkedHashMap<>();
        for (DefinitionStore.Document document : store.read(new LoadWarnings())) {
            try {
                NetworkDefinition definition = networkXml.parse(document.xml(), document.file().toString());
                stored.put(definition.uuid(), definition);
            } catch (RuntimeException unreadable) {
                // Skipped, as at load.
            }
        }
        networks.entrySet().removeIf(e -> e.getValue().persistent() && !e.getValue().active()
                && !stored.containsKey(e.getKey()));
        networks.replaceAll((uuid, n) -> n.persistent() && !stored.containsKey(uuid)
                ? new Network(n.live(), n.live(), false) : n);
        stored.forEach((uuid, definition) -> {
            Network known = networks.get(uuid);
            networks.put(uuid, new Network(definition, known == null ? null : known.live(), true));
        });
    }

    /**
     * Brings the table's running networks up to date with the records. A transient network
     * runs on its record alone: another process may have created it, or undefined it while it
     * ran, after this one loaded; its name and UUID stay taken until it stops. A network this
     * process saw running whose record is gone was stopped by another process: nothing of a
     * network without a record runs, since a start records before it makes anything and a stop
     * removes the record last. Caller holds {@link #lock}.
     */
    private void readRecords() {
        List<String> recorded = NetworkRecord.names(stateDirectory);
        for (String name : recorded) {
            try {
                adoptRecord(name);
            } catch (RuntimeException unreadableOrGone) {
                // Reported when loaded, or deleted by a stop meanwhile.
            }
        }
        for (Network network : List.copyOf(networks.values())) {
            if ((network.active() || !network.persistent()) && !recorded.contains(network.config().name())) {
                withLive(network, null);
            }
        }
    }

    @Override
    public void undefine(UUID uuid) {
        NetworkSummary undefined;
        lock.lock();
        try {
            catchUp();
            Network network = require(uuid);
            if (!network.persistent()) {
                throw VirtException.of(ErrorCode.OPERATION_INVALID, "network '" + network.config().name()
                        + "' is not persistent");
            }
            undefined = summary(network);
            store.delete(network.config().name());
            if (network.active()) {
                networks.put(uuid, new Network(network.live(), network.live(), false));
            } else {
                networks.remove(uuid);
            }
        } finally {
            lock.unlock();
        }
        events.publish(new NetworkEvent(undefined, NetworkEvent.Type.UNDEFINED));
    }

    @Override
    public void start(UUID uuid) {
        NetworkSummary started;
        lock.lock();
        try {
            catchUp();
            started = acrossProcesses(uuid, () -> startHeld(uuid));
        } finally {
            lock.unlock();
        }
        events.publish(new NetworkEvent(started, NetworkEvent.Type.STARTED));
    }

    /**
     * Starts the network, recorded before anything is made ({@link NetworkRecord}); a start that
     * fails undoes what it made and drops the record, unless the undo failed too, when the record
     * stays for the next process to finish the undo.
     */
    private NetworkSummary startHeld(UUID uuid) {
        Network network = refresh(require(uuid));
        if (network.active()) {
            throw VirtException.of(ErrorCode.OPERATION_INVALID, "network is already active");
        }
        return run(network, network.config());
    }

    /**
     * Starts {@code network} with {@code definition} as its running definition: its stored one
     * for a start, the one given for a create. Caller holds {@link #lock} and the network's
     * cross-process lock.
     */
    private NetworkSummary run(Network network, NetworkDefinition definition) {
        UUID uuid = definition.uuid();
        List<NetworkAddressing> addressing = addressing(definition);
        NetworkRecord record = new NetworkRecord(uuid, NetworkRecord.Phase.STARTING, definition.bridge(),
                definition.xml());
        if (definition.forwardMode().equals("bridge")) {
            if (devices.find(definition.bridge()).filter(l -> l.kind().equals("bridge")).isEmpty()) {
                throw VirtException.of(ErrorCode.OPERATION_FAILED, "cannot start network '" + definition.name()
                        + "': host bridge '" + definition.bridge() + "' does not exist");
            }
        } else {
            // Refused before the record is written: the undo of a record deletes its bridge.
            requireNoDevice(definition);
            record.write(stateDirectory, definition.name());
            try {
                startOwnBridge(definition, addressing);
            } catch (RuntimeException e) {
                if (e.getSuppressed().length == 0) {
                    NetworkRecord.delete(stateDirectory, definition.name());
                }
                throw e;
            }
        }
        record.in(NetworkRecord.Phase.RUNNING).write(stateDirectory, definition.name());
        Network running = new Network(network.persistent() ? network.config() : definition, definition,
                network.persistent());
        networks.put(uuid, running);
        return summary(running);
    }

    private void requireNoDevice(NetworkDefinition definition) {
        if (devices.find(definition.bridge()).isPresent()) {
            throw VirtException.of(ErrorCode.OPERATION_FAILED, "cannot start network '" + definition.name()
                    + "': a network device named '" + definition.bridge() + "' already exists");
        }
    }

    @Override
    public void destroy(UUID uuid) {
        NetworkSummary stopped;
        lock.lock();
        try {
            catchUp();
            stopped = acrossProcesses(uuid, () -> destroyHeld(uuid));
        } finally {
            lock.unlock();
        }
        events.publish(new NetworkEvent(stopped, NetworkEvent.Type.STOPPED));
    }

    private NetworkSummary destroyHeld(UUID uuid) {
        Network network = refresh(require(uuid));
        if (!network.active()) {
            throw VirtException.of(ErrorCode.OPERATION_INVALID, "network is not active");
        }
        Network after = new Network(network.config(), null, network.persistent());
        if (network.persistent()) {
            networks.put(uuid, after);
        } else {
            networks.remove(uuid);
        }
        stop(uuid, network.live());
        return summary(after);
    }

    /**
     * Stops a running network: records the stop, removes what the start made and then the
     * record. When a step fails, the record stays ({@code stopping}) and the next process to look
     * at the network finishes the job; the network counts as stopped either way.
     */
    private void stop(UUID uuid, NetworkDefinition live) {
        new NetworkRecord(uuid, NetworkRecord.Phase.STOPPING, live.bridge(), live.xml())
                .write(stateDirectory, live.name());
        if (!live.forwardMode().equals("bridge")) {
            tearDown(uuid, live);
        }
        NetworkRecord.delete(stateDirectory, live.name());
    }

    /**
     * Runs a start or stop holding the network's lock across processes, so that two VirtFX
     * processes never both start or stop it. Caller holds {@link #lock}.
     */
    private <T> T acrossProcesses(UUID uuid, Supplier<T> change) {
        return lockOf(uuid).hold(LOCK_WAIT, "network " + uuid, change);
    }

    private CrossProcessLock lockOf(UUID uuid) {
        return CrossProcessLock.at(stateDirectory.resolve("locks").resolve(uuid + ".lock"));
    }

    /**
     * The network as its record has it now: another process may have started, stopped or
     * updated it since this one looked, or been killed in the middle of it. A record of a
     * completed start whose own bridge is still there is a running network, adopted with the
     * definition it runs with and its dnsmasq, started again if it is gone (as libvirt refreshes
     * its networks' daemons). A record of a start or stop cut short, or of a network whose bridge
     * someone removed, is torn down to nothing. Without a record the network is not running,
     * unless an earlier VirtFX, which kept no record, left its bridge. Caller holds {@link #lock}
     * and the network's cross-process lock, so no other process is in the middle of a change.
     */
    private Network refresh(Network network) {
        NetworkDefinition config = network.config();
        UUID uuid = config.uuid();
        Optional<NetworkRecord> found = NetworkRecord.read(stateDirectory, config.name())
                .filter(r -> r.uuid().equals(uuid));
        if (found.isEmpty()) {
            boolean unrecorded = !config.forwardMode().equals("bridge") && ownBridgeExists(config.bridge());
            if (unrecorded) {
                new NetworkRecord(uuid, NetworkRecord.Phase.RUNNING, config.bridge(), config.xml())
                        .write(stateDirectory, config.name());
                return adopt(network, config);
            }
            return withLive(network, null);
        }
        NetworkRecord record = found.get();
        NetworkDefinition live = networkXml.parse(record.liveXml(), NetworkRecord.path(stateDirectory,
                config.name()).toString());
        boolean ownBridge = !live.forwardMode().equals("bridge");
        if (record.phase() == NetworkRecord.Phase.RUNNING && (!ownBridge || ownBridgeExists(record.bridge()))) {
            return adopt(network, live);
        }
        Network stopped = withLive(network, null);
        if (ownBridge) {
            tearDown(uuid, live);
        }
        NetworkRecord.delete(stateDirectory, config.name());
        return stopped;
    }

    private boolean ownBridgeExists(String bridge) {
        return devices.find(bridge).filter(l -> l.kind().equals("bridge")).isPresent();
    }

    /** The network running with {@code live}, its dnsmasq found again or, if it is gone, started again. */
    private Network adopt(Network network, NetworkDefinition live) {
        UUID uuid = live.uuid();
        Dnsmasq known = dnsmasqs.get(uuid);
        if ((known == null || !known.alive()) && !live.forwardMode().equals("bridge")) {
            dnsmasqs.remove(uuid);
            Optional<Dnsmasq> found = Dnsmasq.adopt(stateDirectory, live.name());
            if (found.isPresent()) {
                dnsmasqs.put(uuid, found.get());
            } else {
                List<NetworkAddressing> addressing = addressing(live);
                if (!addressing.isEmpty()) {
                    try {
                        dnsmasqs.put(uuid, startDnsmasq(live, addressing));
                    } catch (VirtException e) {
                        // The network runs without DHCP and DNS, as libvirt's does when dnsmasq
                        // cannot start again; its destroy still works.
                        LOG.log(System.Logger.Level.WARNING, "network '" + live.name() + "': " + e.getMessage());
                    }
                }
            }
        }
        return withLive(network, live);
    }

    /** The network with {@code live} as its running definition (none: stopped), in the table. */
    private Network withLive(Network network, NetworkDefinition live) {
        UUID uuid = network.config().uuid();
        if (live == null) {
            dnsmasqs.remove(uuid);
            if (!network.persistent()) {
                networks.remove(uuid);
                return new Network(network.config(), null, false);
            }
        }
        Network now = new Network(network.persistent() ? network.config() : live, live, network.persistent());
        networks.put(uuid, now);
        return now;
    }

    /**
     * Stops dnsmasq, removes its files and the firewall table and deletes the bridge, each even
     * when an earlier one failed (as libvirt tears down), then reports the first failure. A
     * process killed halfway through a start or a stop leaves some of these and not others; each
     * step is fine with its part gone, so tearing down again finishes the job.
     */
    private void tearDown(UUID uuid, NetworkDefinition live) {
        List<Runnable> steps = new ArrayList<>();
        Dnsmasq dnsmasq = dnsmasqs.remove(uuid);
        if (dnsmasq == null) {
            dnsmasq = Dnsmasq.adopt(stateDirectory, live.name()).orElse(null);
        }
        if (dnsmasq != null) {
            steps.add(dnsmasq::stop);
        }
        steps.add(() -> Dnsmasq.removeFiles(stateDirectory, live.name()));
        if (!addressing(live).isEmpty()) {
            steps.add(() -> firewall.remove(live.bridge()));
        }
        steps.add(() -> devices.delete(live.bridge()));
        RuntimeException first = null;
        for (Runnable step : steps) {
            try {
                step.run();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public void setAutostart(UUID uuid, boolean autostart) {
        lock.lock();
        try {
            catchUp();
            Network network = require(uuid);
            if (!network.persistent()) {
                throw VirtException.of(ErrorCode.OPERATION_INVALID, "cannot set autostart for transient network");
            }
            store.setAutostart(network.config().name(), autostart);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The running network {@code name} as a guest interface joins it, refused in libvirt's words
     * when there is no such network or it is not running.
     */
    public NetworkAttachment attachment(String name) {
        lock.lock();
        try {
            catchUp();
            Network network = networks.values().stream().filter(n -> n.current().name().equals(name)).findFirst()
                    .orElseThrow(() -> VirtException.of(ErrorCode.NO_NETWORK,
                            "no network with matching name '" + name + "'"));
            if (!network.active()) {
                throw VirtException.of(ErrorCode.OPERATION_INVALID, "network '" + name + "' is not active");
            }
            NetworkDefinition live = network.current();
            XmlElement root = parser.parse(live.xml(), live.name());
            boolean guestIpv6 = live.forwardMode().equals("bridge") || carriesIpv6(root, NetworkAddressing.of(root));
            return new NetworkAttachment(live.bridge(), guestIpv6);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String xml(UUID uuid, boolean inactive) {
        lock.lock();
        try {
            catchUp();
            Network network = require(uuid);
            return inactive ? network.config().xml() : network.current().xml();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Starts every persistent network marked for autostart that is not running, as the driver
     * does when it opens. A network that fails to start does not stop the others; its error is
     * returned.
     */
    public List<VirtException> autostart() {
        List<VirtException> failures = new ArrayList<>();
        for (NetworkSummary network : list()) {
            if (network.autostart() && !network.active()) {
                try {
                    start(network.uuid());
                } catch (VirtException e) {
                    failures.add(e);
                }
            }
        }
        return failures;
    }

    /**
     * Applies one {@code net-update} change, as {@code virNetworkUpdate} does: to the stored
     * definition ({@code config}), to the running network ({@code live}), or both. A live change
     * is recorded first and then restarts dnsmasq with the new definition on the same lease file,
     * so new DHCP hosts and ranges take effect at once and the leases handed out are kept, as
     * libvirt restarts dnsmasq. It holds the network's cross-process lock, as a start does.
     */
    @Override
    public NetworkSummary update(UUID uuid, NetworkUpdate update, boolean live, boolean config) {
        lock.lock();
        try {
            catchUp();
            return acrossProcesses(uuid, () -> updateHeld(uuid, update, live, config));
        } finally {
            lock.unlock();
        }
    }

    private NetworkSummary updateHeld(UUID uuid, NetworkUpdate update, boolean liveAsked, boolean configAsked) {
        Network network = refresh(require(uuid));
        boolean live = liveAsked || !configAsked && network.active();
        boolean config = configAsked || !liveAsked && !network.active();
        if (live && !network.active()) {
            throw VirtException.of(ErrorCode.OPERATION_INVALID, "network is not running");
        }
        if (config && !network.persistent()) {
            throw VirtException.of(ErrorCode.OPERATION_INVALID, "cannot change persistent config of a transient network");
        }
        NetworkDefinition newConfig = config ? networkXml.update(network.config(), update) : network.config();
        NetworkDefinition newLive = live ? networkXml.update(network.live(), update) : network.live();
        if (live) {
            // Everything that can refuse the new definition is read before the old dnsmasq
            // stops, so a bad update leaves the running one serving.
            List<NetworkAddressing> addressing = addressing(newLive);
            NetworkDns.of(parser.parse(newLive.xml(), newLive.name()));
            new NetworkRecord(uuid, NetworkRecord.Phase.RUNNING, newLive.bridge(), newLive.xml())
                    .write(stateDirectory, newLive.name());
            Dnsmasq running = dnsmasqs.remove(uuid);
            if (running != null) {
                running.terminate();
                dnsmasqs.put(uuid, startDnsmasq(newLive, addressing));
            }
        }
        if (config) {
            store.save(newConfig.name(), newConfig.xml());
        }
        Network updated = new Network(network.persistent() ? newConfig : newLive, newLive, network.persistent());
        networks.put(uuid, updated);
        return summary(updated);
    }

    /**
     * The DHCPv4 and DHCPv6 leases of a running network's dnsmasq; empty for a network without
     * DHCP.
     */
    @Override
    public List<DhcpLease> leases(UUID uuid) {
        lock.lock();
        try {
            catchUp();
            Network network = require(uuid);
            Dnsmasq dnsmasq = dnsmasqs.get(uuid);
            return dnsmasq == null || !network.active() ? List.of() : dnsmasq.leases(addressing(network.live()));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Creates the network's bridge, sets its IPv6 switches (and makes a bridge that carries IPv6
     * its segment's multicast querier) and, when it has addresses, puts them
     * on it, adds its static routes, installs its forwarding rules, turns on forwarding for NAT
     * and routed modes and starts dnsmasq. The {@code <forward>} and {@code <route>} elements are
     * checked before anything is made. Each step registers its undo first, and a failure runs
     * them all, newest first (routes go with the bridge).
     */
    private void startOwnBridge(NetworkDefinition definition, List<NetworkAddressing> addressing) {
        String bridge = definition.bridge();
        String mode = definition.forwardMode();
        XmlElement root = parser.parse(definition.xml(), definition.name());
        Forwarding forwarding = Forwarding.of(root, mode);
        List<NetworkRoute> routes = NetworkRoute.of(root);
        Rollback undo = new Rollback();
        try {
            if (!devices.createBridge(bridge)) {
                throw VirtException.of(ErrorCode.OPERATION_FAILED, "cannot start network '" + definition.name()
                        + "': a network device named '" + bridge + "' already exists");
            }
            undo.push(() -> devices.delete(bridge));
            boolean ipv4 = addressing.stream().anyMatch(ip -> !ip.ipv6());
            boolean ipv6 = addressing.stream().anyMatch(NetworkAddressing::ipv6);
            boolean bridgeIpv6 = carriesIpv6(root, addressing);
            setIpv6Switches(bridge, bridgeIpv6);
            if (bridgeIpv6) {
                // Without a querier the bridge floods each guest's duplicate-address checks,
                // MLD reports and router solicitations to every other port, work that grows with
                // the square of the guests; with one it sends them only to ports that listen. A
                // bridge without IPv6 (libvirt turns it off there) has no address to ask MLD
                // questions from, so it stays as the kernel and libvirt leave it.
                devices.setMulticastQuerier(bridge, true);
            } else {
                // It floods every group without a querier all the same; snooping would only
                // restart every port's multicast state at each port's link change.
                devices.setMulticastSnooping(bridge, false);
            }
            for (NetworkAddressing ip : addressing) {
                devices.addAddress(bridge, ip.address());
            }
            devices.setUp(bridge, true);
            for (NetworkRoute route : routes) {
                devices.addRoute(bridge, route.destination(), route.gateway(), route.metric());
            }
            if (!addressing.isEmpty()) {
                undo.push(() -> firewall.remove(bridge));
                firewall.install(bridge, forwarding, addressing);
                if (!mode.isEmpty()) {
                    enableForwarding(ipv4, ipv6);
                }
                undo.push(() -> Dnsmasq.removeFiles(stateDirectory, definition.name()));
                dnsmasqs.put(definition.uuid(), startDnsmasq(definition, addressing));
            }
        } catch (RuntimeException e) {
            throw undo.undoAll(e);
        }
    }

    /**
     * Whether guests talk IPv6 on the network's own bridge: it has an IPv6 address, or
     * {@code <network ipv6='yes'>} asks for guest-to-guest IPv6 on a bridge without one.
     */
    private static boolean carriesIpv6(XmlElement root, List<NetworkAddressing> addressing) {
        return addressing.stream().anyMatch(NetworkAddressing::ipv6)
                || root.attribute("ipv6").filter("yes"::equals).isPresent();
    }

    /** Starts dnsmasq for a network with addresses, on its bridge, with its DHCP and DNS settings. */
    private Dnsmasq startDnsmasq(NetworkDefinition live, List<NetworkAddressing> addressing) {
        return Dnsmasq.start(command, stateDirectory, live.name(), live.bridge(), live.forwardMode().isEmpty(),
                addressing, NetworkDns.of(parser.parse(live.xml(), live.name())));
    }

    /**
     * As libvirt's {@code networkSetIPv6Sysctls}: IPv6 off on a bridge without IPv6 addresses and
     * explicitly on with them (the default is not known); never accept router advertisements
     * from guests, which could otherwise hijack the host's routing, and no autoconfiguration, as
     * for every router interface. {@code /proc/sys/net} shows the namespace of the thread that
     * opens it, hence the writes from a thread inside the devices' namespace.
     */
    private void setIpv6Switches(String bridge, boolean ipv6) {
        devices.namespace().call(() -> {
            Path conf = Path.of("/proc/sys/net/ipv6/conf", bridge);
            if (!Files.isDirectory(conf)) {
                if (ipv6) {
                    throw VirtException.of(ErrorCode.OPERATION_FAILED, "cannot give bridge '" + bridge
                            + "' an IPv6 address: IPv6 is disabled on this host (" + conf + " does not exist)");
                }
                return null;
            }
            Files.writeString(conf.resolve("disable_ipv6"), ipv6 ? "0\n" : "1\n");
            Files.writeString(conf.resolve("accept_ra"), "0\n");
            Files.writeString(conf.resolve("autoconf"), "0\n");
            return null;
        });
    }

    /**
     * Turns on IPv4 and IPv6 forwarding in the devices' namespace, as libvirt does for NAT and
     * routed networks of each family. {@code /proc/sys/net} shows the namespace of the thread
     * that opens it, hence the writes from a thread inside the namespace.
     *
     * <p>Before IPv6 forwarding is turned on, as libvirt checks: a host that learnt routes from
     * router advertisements on an interface whose {@code accept_ra} is not 2 would drop them
     * (the kernel ignores RAs on a forwarding host unless accept_ra is 2), so the network is
     * refused with the interfaces named rather than the host losing its IPv6 routes.
     */
    private void enableForwarding(boolean ipv4, boolean ipv6) {
        List<String> raInterfaces = ipv6 ? interfacesWithRaRoutes() : List.of();
        devices.namespace().call(() -> {
            if (ipv6 && !Files.readString(Path.of("/proc/sys/net/ipv6/conf/all/forwarding")).strip().equals("1")) {
                List<String> atRisk = new ArrayList<>();
                for (String device : raInterfaces) {
                    Path acceptRa = Path.of("/proc/sys/net/ipv6/conf", device, "accept_ra");
                    if (Files.exists(acceptRa) && !Files.readString(acceptRa).strip().equals("2")) {
                        atRisk.add(device);
                    }
                }
                if (!atRisk.isEmpty()) {
                    throw VirtException.of(ErrorCode.OPERATION_FAILED, "Check the host setup: enabling IPv6 "
                            + "forwarding with RA routes without accept_ra set to 2 is likely to cause routes loss. "
                            + "Interfaces to look at: " + String.join(", ", atRisk));
                }
            }
            if (ipv4) {
                Files.writeString(Path.of("/proc/sys/net/ipv4/ip_forward"), "1\n");
            }
            if (ipv6) {
                Files.writeString(Path.of("/proc/sys/net/ipv6/conf/all/forwarding"), "1\n");
            }
            return null;
        });
    }

    /** The devices of the namespace with IPv6 routes learnt from router advertisements. */
    private List<String> interfacesWithRaRoutes() {
        HostProcess.Result routes = command.run(List.of("ip", "-6", "route", "show", "proto", "ra"), null);
        if (!routes.ok()) {
            throw VirtException.of(ErrorCode.OPERATION_FAILED, "cannot list IPv6 routes: " + routes.stderr().strip());
        }
        List<String> found = new ArrayList<>();
        for (String line : routes.stdout().split("\n")) {
            String[] words = line.strip().split("\\s+");
            for (int i = 0; i + 1 < words.length; i++) {
                if (words[i].equals("dev") && words[i + 1].matches("[A-Za-z0-9_.@-]{1,15}")
                        && !found.contains(words[i + 1])) {
                    found.add(words[i + 1]);
                }
            }
        }
        return found;
    }

    private List<NetworkAddressing> addressing(NetworkDefinition definition) {
        String mode = definition.forwardMode();
        if (!mode.isEmpty() && !List.of("nat", "route", "bridge").contains(mode)) {
            throw VirtException.of(ErrorCode.CONFIG_UNSUPPORTED, "forward mode '" + mode
                    + "' is not supported yet by VirtFX's network driver (isolated, nat, route and bridge are)");
        }
        List<NetworkAddressing> addressing = NetworkAddressing.of(parser.parse(definition.xml(), definition.name()));
        if ((mode.equals("nat") || mode.equals("route")) && addressing.isEmpty()) {
            throw VirtException.of(ErrorCode.CONFIG_UNSUPPORTED, "a network in " + mode
                    + " mode needs an <ip> address");
        }
        return addressing;
    }

    /**
     * The definition with its bridge named: as libvirt does at define time, an isolated network
     * without one gets {@code virbrN} with the lowest N that no other network and no existing
     * device uses. Caller holds the lock.
     */
    private NetworkDefinition withBridge(NetworkDefinition definition) {
        Set<String> taken = new HashSet<>();
        for (Network other : networks.values()) {
            if (!other.config().uuid().equals(definition.uuid())) {
                taken.add(other.config().bridge());
                taken.add(other.current().bridge());
            }
        }
        if (!definition.bridge().isEmpty()) {
            if (taken.contains(definition.bridge()) && !definition.forwardMode().equals("bridge")) {
                throw VirtException.of(ErrorCode.OPERATION_FAILED, "bridge name '" + definition.bridge()
                        + "' already in use.");
            }
            return definition;
        }
        if (definition.forwardMode().equals("bridge")) {
            throw VirtException.of(ErrorCode.XML_ERROR, "network '" + definition.name()
                    + "' in bridge mode needs <bridge name='...'/>");
        }
        devices.list().forEach(link -> taken.add(link.name()));
        int number = 0;
        while (taken.contains(BRIDGE_PREFIX + number)) {
            number++;
        }
        XmlElement root = parser.parse(definition.xml(), definition.name());
        XmlElement bridge = root.child("bridge").orElseGet(() -> {
            XmlElement created = new XmlElement("bridge");
            root.append(created);
            return created;
        });
        bridge.setAttribute("name", BRIDGE_PREFIX + number);
        return networkXml.read(root, definition.name());
    }

    private Network require(UUID uuid) {
        Network network = networks.get(uuid);
        if (network == null) {
            throw VirtException.of(ErrorCode.NO_NETWORK, "no network with matching uuid '" + uuid + "'");
        }
        return network;
    }

    private NetworkSummary summary(Network network) {
        NetworkDefinition definition = network.current();
        return new NetworkSummary(definition.name(), definition.uuid(), network.active(), network.persistent(),
                network.persistent() && store.autostart(definition.name()), definition.bridge());
    }
}
