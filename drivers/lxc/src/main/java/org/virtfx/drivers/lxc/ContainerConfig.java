package org.virtfx.drivers.lxc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.virtfx.core.domain.DomainDefinition;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.net.MacAddress;
import org.virtfx.core.xml.ScaledSize;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlParser;

/**
 * What starting a container needs from its domain XML, read once per start (and at define, so
 * that a definition the driver cannot start is refused early, as libvirt's LXC driver does).
 *
 * @param init         absolute path of the init program ({@code <init>}, default /sbin/init)
 * @param initArgs     {@code <initarg>}s in order
 * @param initEnv      {@code <initenv>}s in order
 * @param initDir      {@code <initdir>}, default "/"
 * @param root         a host directory mounted as the container's root, or empty to share the
 *                     host's root as libvirt does without a root filesystem
 * @param mounts       the other {@code <filesystem type='mount'>}s
 * @param interfaces   the network interfaces, in document order
 * @param memoryLimitKiB {@code <memtune><hard_limit>}, else {@code <memory>}
 * @param cpuShares    {@code <cputune><shares>}, when given
 * @param idmap        {@code <idmap>} as uid_map and gid_map lines, when given
 * @param initUser     {@code <inituser>}: init's user, a name in the container's passwd or a uid
 * @param initGroup    {@code <initgroup>}: init's group, likewise
 * @param cpus         {@code <vcpu cpuset>}: the host CPUs the container may run on, in order;
 *                     empty for all
 */
record ContainerConfig(String init, List<String> initArgs, Map<String, String> initEnv, String initDir,
                       Optional<String> root, List<Mount> mounts, List<Interface> interfaces,
                       long memoryLimitKiB, Optional<Long> cpuShares, Optional<IdMap> idmap,
                       Optional<String> initUser, Optional<String> initGroup, List<Integer> cpus) {

    /**
     * A {@code <filesystem>} other than the root: a host directory bound in ({@code type='mount'}),
     * or a fresh tmpfs of {@code ramKiB} ({@code type='ram'}).
     */
    record Mount(Optional<String> source, String target, boolean readOnly, long ramKiB) {

        static Mount bind(String source, String target, boolean readOnly) {
            return new Mount(Optional.of(source), target, readOnly, 0);
        }

        static Mount ram(String target, long sizeKiB) {
            return new Mount(Optional.empty(), target, false, sizeKiB);
        }
    }

    /**
     * @param type      network, bridge or ethernet
     * @param source    the network's or bridge's name; empty for ethernet
     * @param hostName  the host end's name when the XML fixes one ({@code <target dev>})
     * @param guestName the name inside the container ({@code <guest dev>}, default ethN)
     * @param up        {@code <link state>} is not 'down'
     * @param addressing its addresses and routes inside the container
     */
    record Interface(String type, String source, MacAddress mac, Optional<String> hostName, String guestName,
                     boolean up, GuestAddressing addressing) {
    }

    record IdMap(String uidMap, String gidMap) {
    }

    private static final XmlParser PARSER = new XmlParser();

    static ContainerConfig read(DomainDefinition definition) {
        XmlElement root = PARSER.parse(definition.xml(), definition.name());
        if (!definition.hypervisorType().equals("lxc")) {
            throw unsupported("domain type '" + definition.hypervisorType() + "' is not 'lxc'");
        }
        if (!definition.osType().equals("exe")) {
            throw unsupported("os type '" + definition.osType() + "' is not 'exe'");
        }
        XmlElement os = root.child("os").orElseThrow();
        String init = os.childText("init").map(String::strip).orElse("/sbin/init");
        if (!init.startsWith("/")) {
            throw unsupported("init '" + init + "' must be an absolute path");
        }
        List<String> args = os.children("initarg").stream().map(XmlElement::text).toList();
        Map<String, String> env = new LinkedHashMap<>();
        for (XmlElement e : os.children("initenv")) {
            String name = e.attribute("name").orElse("");
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw VirtException.of(ErrorCode.XML_ERROR, "invalid initenv name '" + name + "'");
            }
            env.put(name, e.text());
        }
        String initDir = os.childText("initdir").map(String::strip).filter(s -> !s.isEmpty()).orElse("/");
        Optional<String> initUser = os.childText("inituser").map(String::strip).map(u -> account(u, "inituser"));
        Optional<String> initGroup = os.childText("initgroup").map(String::strip).map(g -> account(g, "initgroup"));

        Optional<String> rootDir = Optional.empty();
        List<Mount> mounts = new ArrayList<>();
        List<Interface> interfaces = new ArrayList<>();
        XmlElement devices = root.child("devices").orElse(new XmlElement("devices"));
        for (XmlElement fs : devices.children("filesystem")) {
            String type = fs.attribute("type").orElse("mount");
            if (!type.equals("mount") && !type.equals("ram")) {
                throw unsupported("filesystem type '" + type + "' is not supported yet (only 'mount' and 'ram')");
            }
            String target = fs.child("target").flatMap(t -> t.attribute("dir")).orElseThrow(() ->
                    VirtException.of(ErrorCode.XML_ERROR, "missing target dir of a filesystem"));
            if (type.equals("ram")) {
                mounts.add(Mount.ram(requireMountPoint(target), ramSize(fs, target)));
                continue;
            }
            String source = fs.child("source").flatMap(s -> s.attribute("dir")).orElseThrow(() ->
                    VirtException.of(ErrorCode.XML_ERROR, "missing source dir of a filesystem"));
            if (!source.startsWith("/") || !target.startsWith("/") || target.contains("/../") || target.endsWith("/..")) {
                throw VirtException.of(ErrorCode.XML_ERROR, "filesystem source and target must be absolute paths"
                        + " without '..' (source '" + source + "', target '" + target + "')");
            }
            if (target.equals("/")) {
                rootDir = Optional.of(source);
            } else {
                mounts.add(Mount.bind(source, target, fs.child("readonly").isPresent()));
            }
        }
        List<XmlElement> nics = devices.children("interface");
        for (int i = 0; i < nics.size(); i++) {
            interfaces.add(readInterface(nics.get(i), i));
        }

        long memory = definition.memoryKiB();
        Optional<XmlElement> hardLimit = root.child("memtune").flatMap(m -> m.child("hard_limit"));
        if (hardLimit.isPresent()) {
            memory = ScaledSize.toKiB(hardLimit.get().text().strip(), hardLimit.get().attribute("unit").orElse("KiB"),
                    "memtune hard_limit");
        }
        Optional<Long> shares = root.child("cputune").flatMap(c -> c.childText("shares")).map(String::strip)
                .map(Long::parseLong);
        Optional<IdMap> idmap = root.child("idmap").map(ContainerConfig::readIdMap);
        return new ContainerConfig(init, List.copyOf(args), env, initDir, rootDir, List.copyOf(mounts),
                List.copyOf(interfaces), memory, shares, idmap, initUser, initGroup,
                root.child("vcpu").flatMap(v -> v.attribute("cpuset")).map(ContainerConfig::cpuList).orElse(List.of()));
    }

    private static Interface readInterface(XmlElement nic, int index) {
        String type = nic.attribute("type").orElse("");
        String source = switch (type) {
            case "network" -> nic.child("source").flatMap(s -> s.attribute("network")).orElseThrow(() ->
                    VirtException.of(ErrorCode.XML_ERROR, "interface " + index + " has no source network"));
            case "bridge" -> nic.child("source").flatMap(s -> s.attribute("bridge")).orElseThrow(() ->
                    VirtException.of(ErrorCode.XML_ERROR, "interface " + index + " has no source bridge"));
            case "ethernet" -> "";
            default -> throw unsupported("interface type '" + type + "' (network, bridge and ethernet are)");
        };
        MacAddress mac = MacAddress.parse(nic.child("mac").flatMap(m -> m.attribute("address")).orElseThrow(() ->
                VirtException.of(ErrorCode.XML_ERROR, "interface " + index + " has no MAC address")));
        // As libvirt: a vnetN or vethN target is what an earlier start generated, not a choice.
        Optional<String> hostName = nic.child("target").flatMap(t -> t.attribute("dev"))
                .filter(d -> !d.matches("(vnet|veth|vpeer)\\d*"));
        hostName.ifPresent(ContainerConfig::requireDeviceName);
        String guest = nic.child("guest").flatMap(g -> g.attribute("dev")).orElse("eth" + index);
        requireDeviceName(guest);
        boolean up = !nic.child("link").flatMap(l -> l.attribute("state")).orElse("up").equals("down");
        return new Interface(type, source, mac, hostName, guest, up, GuestAddressing.read(nic, index, up));
    }

    private static IdMap readIdMap(XmlElement idmap) {
        return new IdMap(mapLines(idmap, "uid"), mapLines(idmap, "gid"));
    }

    private static String mapLines(XmlElement idmap, String kind) {
        StringBuilder lines = new StringBuilder();
        for (XmlElement e : idmap.children(kind)) {
            long start = Long.parseLong(e.attribute("start").orElse("0"));
            long target = Long.parseLong(e.attribute("target").orElse("0"));
            long count = Long.parseLong(e.attribute("count").orElse("0"));
            lines.append(start).append(' ').append(target).append(' ').append(count).append('\n');
        }
        if (lines.isEmpty()) {
            throw VirtException.of(ErrorCode.XML_ERROR, "<idmap> needs both <uid> and <gid> entries");
        }
        return lines.toString();
    }

    /** The kernel's rule for device names; the guest name also becomes a supervisor argument. */
    private static String requireMountPoint(String target) {
        if (!target.startsWith("/") || target.equals("/") || target.contains("/../") || target.endsWith("/..")) {
            throw VirtException.of(ErrorCode.XML_ERROR, "a ram filesystem's target must be an absolute path other"
                    + " than / and without '..' (target '" + target + "')");
        }
        return target;
    }

    /** {@code <source usage units>} of a ram filesystem: its size, which must be given. */
    private static long ramSize(XmlElement fs, String target) {
        XmlElement source = fs.child("source").filter(s -> s.attribute("usage").isPresent()).orElseThrow(() ->
                VirtException.of(ErrorCode.XML_ERROR, "ram filesystem at " + target + " needs <source usage>"));
        long kib = ScaledSize.toKiB(source.attribute("usage").orElseThrow().strip(),
                source.attribute("units").orElse("KiB"), "usage of the ram filesystem at " + target);
        if (kib <= 0) {
            throw VirtException.of(ErrorCode.XML_ERROR, "ram filesystem at " + target + " needs a usage above 0");
        }
        return kib;
    }

    /**
     * libvirt's cpuset syntax: {@code 0-3,^2,6} is CPUs 0, 1, 3 and 6. As libvirt's LXC driver, the
     * container's init is pinned to them (its children inherit that), on either cgroup version.
     */
    static List<Integer> cpuList(String cpuset) {
        java.util.TreeSet<Integer> cpus = new java.util.TreeSet<>();
        java.util.Set<Integer> excluded = new java.util.HashSet<>();
        for (String part : cpuset.strip().split(",")) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\^)?(\\d{1,4})(?:-(\\d{1,4}))?")
                    .matcher(part.strip());
            if (!m.matches() || (m.group(1) != null && m.group(3) != null)
                    || (m.group(3) != null && Integer.parseInt(m.group(3)) < Integer.parseInt(m.group(2)))) {
                throw VirtException.of(ErrorCode.XML_ERROR, "invalid cpuset '" + cpuset + "' of <vcpu> (e.g. 0-3,^2,6)");
            }
            int first = Integer.parseInt(m.group(2));
            int last = m.group(3) == null ? first : Integer.parseInt(m.group(3));
            for (int cpu = first; cpu <= last; cpu++) {
                (m.group(1) != null ? excluded : cpus).add(cpu);
            }
        }
        cpus.removeAll(excluded);
        if (cpus.isEmpty()) {
            throw VirtException.of(ErrorCode.XML_ERROR, "cpuset '" + cpuset + "' of <vcpu> leaves no CPU");
        }
        return List.copyOf(cpus);
    }

    /** A user or group as passwd and group files spell them, or a number; nothing an option could be. */
    private static String account(String text, String element) {
        if (!text.matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}")) {
            throw VirtException.of(ErrorCode.XML_ERROR, "invalid <" + element + "> '" + text
                    + "': a user or group name, or a number");
        }
        return text;
    }

    private static void requireDeviceName(String name) {
        if (!name.matches("[\\x21-\\x7e&&[^/:]]{1,15}") || name.equals(".") || name.equals("..")) {
            throw VirtException.of(ErrorCode.XML_ERROR, "invalid interface name '" + name
                    + "': 1 to 15 printable ASCII characters without '/', ':' or spaces");
        }
    }

    private static VirtException unsupported(String what) {
        return VirtException.of(ErrorCode.CONFIG_UNSUPPORTED, what);
    }
}
