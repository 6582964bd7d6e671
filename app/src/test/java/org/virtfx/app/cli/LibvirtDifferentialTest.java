package org.virtfx.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtfx.app.testing.ForwardingConnection;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverChoice;
import org.virtfx.core.connect.DriverKind;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.error.VirtException;

/**
 * The differential of issue 14: the same virsh scripts through VirtFX's own test driver
 * ({@code --driver builtin}) and through libvirt's {@code test:///default} in libvirt.so.0
 * ({@code --driver libvirt}), command by command, output and errors compared.
 */
class LibvirtDifferentialTest {

    /** One command's result: what it printed, its errors, its status. */
    record Result(String out, String err, int status) {
        @Override
        public String toString() {
            return "status " + status + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    /** Runs each command of a script on one connection that stays open between commands. */
    private static List<Result> run(DriverChoice choice, List<String> script) {
        DriverRegistry registry = DriverRegistry.discover();
        List<Result> results = new ArrayList<>();
        try (Connection connection = registry.open("test:///default", choice)) {
            assertEquals(choice == DriverChoice.LIBVIRT ? DriverKind.LIBVIRT : DriverKind.BUILTIN, connection.driverKind());
            // Both drivers share test:///default while any connection to it is open: a script needs it fresh.
            assertEquals(1, connection.domains().lookup("test").id(), "a connection to test:///default was left open");
            Connection kept = new KeptOpen(connection);
            for (String command : script) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                int status = new VirshShell(() -> kept, new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8), false).run(List.of(command));
                results.add(new Result(normalise(out.toString(StandardCharsets.UTF_8)),
                        normalise(err.toString(StandardCharsets.UTF_8)), status));
            }
        }
        return results;
    }

    /** Snapshot times come from the clock: the two runs take them seconds apart. */
    private static final Pattern CREATION_TIME = Pattern.compile("<creationTime>\\d+</creationTime>");
    private static final Pattern TABLE_TIME = Pattern.compile("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d [+-]\\d{4}");

    private static String normalise(String text) {
        return TABLE_TIME.matcher(CREATION_TIME.matcher(text).replaceAll("<creationTime>T</creationTime>"))
                .replaceAll("YYYY-MM-DD hh:mm:ss +zzzz");
    }

    private static final String CPU_TIME = "libvirt's test driver reports the wall clock as CPU time, even for a"
            + " shut-off domain, so virsh prints a CPU time line there; VirtFX's counts time spent running";
    private static final String EMPTY_DEVICES = "libvirt 9.0 writes an empty <devices> element for a domain without"
            + " devices; VirtFX's formatter leaves it out";
    /** Commands whose output differs, with the reason; every other command must print the same. */
    private static final Map<String, String> KNOWN_CLI_DIFFERENCES = Map.ofEntries(
            Map.entry("lifecycle #1 dominfo test", CPU_TIME),
            Map.entry("lifecycle #21 dominfo test", CPU_TIME),
            Map.entry("lifecycle #26 dominfo test", CPU_TIME),
            Map.entry("xml #4 dumpxml web", EMPTY_DEVICES),
            Map.entry("xml #6 dumpxml web", EMPTY_DEVICES),
            Map.entry("host #2 version", "the installed libvirt is 9.0.0; VirtFX's drivers report the release they follow, 9.9.0"),
            Map.entry("host #4 capabilities", "libvirt's test host also lists page sizes, CPU features, power management, IOMMU"
                    + " and each CPU's socket, die and core; VirtFX's test host writes the topology alone"),
            Map.entry("networks #8 net-dhcp-leases lan", "both refuse; libvirt names the API (virNetworkGetDHCPLeases), VirtFX's"
                    + " test driver the command and itself (net-dhcp-leases, unsupported by test)"),
            Map.entry("networks #15 net-dumpxml default --inactive", "libvirt 9.0's test driver refuses the inactive flag"
                    + " (unsupported flags (0x1) in function testNetworkGetXMLDesc); VirtFX's gives the definition"));
    /** Exact matches among the virsh scripts' commands, pinned: a change either way must be looked at. */
    private static final int CLI_EXACT = 151;
    private static final int CLI_COMMANDS = 160;

    @Test
    void virshScriptsPrintTheSameThroughBothDrivers(@TempDir Path dir) throws IOException {
        Map<String, List<String>> scripts = scripts(dir);
        int total = 0;
        int same = 0;
        Map<String, String> differing = new LinkedHashMap<>();
        for (var entry : scripts.entrySet()) {
            List<Result> builtin = run(DriverChoice.BUILTIN, entry.getValue());
            List<Result> libvirt = run(DriverChoice.LIBVIRT, entry.getValue());
            for (int i = 0; i < entry.getValue().size(); i++) {
                total++;
                if (builtin.get(i).equals(libvirt.get(i))) {
                    same++;
                } else {
                    differing.put(entry.getKey() + " #" + i + " " + entry.getValue().get(i),
                            "[builtin] " + builtin.get(i) + "[libvirt] " + libvirt.get(i));
                }
            }
        }
        assertEquals(KNOWN_CLI_DIFFERENCES.keySet(), differing.keySet(), () -> differing.keySet() + "\n"
                + String.join("\n", differing.values()));
        assertEquals(CLI_COMMANDS, total);
        assertEquals(CLI_EXACT, same);
    }

    private static Map<String, List<String>> scripts(Path dir) throws IOException {
        Path web = dir.resolve("web.xml");
        Files.writeString(web, """
                <domain type='test'>
                  <name>web</name>
                  <uuid>4a9b3f53-fa2a-47f3-a757-dd87720d9d1d</uuid>
                  <memory unit='KiB'>1048576</memory>
                  <vcpu>2</vcpu>
                  <os><type arch='i686'>hvm</type></os>
                </domain>
                """);
        Path lan = dir.resolve("lan.xml");
        Files.writeString(lan, """
                <network>
                  <name>lan</name>
                  <uuid>0a7c8d0e-5f5a-4c3b-9a39-6bd0f6b7c1e2</uuid>
                  <bridge name='virbr7'/>
                  <ip address='192.168.77.1' netmask='255.255.255.0'>
                    <dhcp><range start='192.168.77.10' end='192.168.77.99'/></dhcp>
                  </ip>
                </network>
                """);
        Path tnet = dir.resolve("tnet.xml");
        Files.writeString(tnet, "<network><name>tnet</name><uuid>4a95f8ba-a617-4aaa-8021-6f763aab6106</uuid>"
                + "<bridge name='vbrt'/></network>\n");
        Path defaultAgain = dir.resolve("default-zz0.xml");
        Files.writeString(defaultAgain, "<network><name>default</name><uuid>dd8fe884-6c02-601e-7551-cca97df1c5df</uuid>"
                + "<bridge name='zz0'/></network>\n");
        Path otherDefault = dir.resolve("other.xml");
        Files.writeString(otherDefault, "<network><name>other</name><uuid>dd8fe884-6c02-601e-7551-cca97df1c5df</uuid>"
                + "</network>\n");
        Path images = dir.resolve("images.xml");
        Files.writeString(images, """
                <pool type='dir'>
                  <name>images</name>
                  <uuid>35bb2ad9-388a-cdfe-461a-b8907f6e53fe</uuid>
                  <target><path>/var/lib/virtfx-images</path></target>
                </pool>
                """);
        Path disk = dir.resolve("disk1.xml");
        Files.writeString(disk, """
                <volume>
                  <name>disk1.qcow2</name>
                  <capacity unit='MiB'>512</capacity>
                  <allocation unit='MiB'>64</allocation>
                  <target><format type='qcow2'/></target>
                </volume>
                """);
        Map<String, List<String>> scripts = new LinkedHashMap<>();
        scripts.put("storage", List.of("pool-list --all --details", "pool-define " + images, "vol-list images",
                "pool-build images", "pool-start images", "pool-build images", "vol-create images " + disk,
                "vol-list --details images", "pool-info images", "vol-dumpxml disk1.qcow2 --pool images",
                "pool-dumpxml images", "vol-create images " + disk, "vol-create-as images raw.img 1G",
                "vol-info raw.img --pool images", "vol-path /var/lib/virtfx-images/raw.img",
                "vol-clone raw.img copy.img --pool images", "vol-list images", "pool-refresh images",
                "vol-delete disk1.qcow2 --pool images", "vol-delete disk1.qcow2 --pool images",
                "pool-autostart images", "pool-undefine images", "pool-destroy images", "pool-refresh images",
                "pool-undefine images", "pool-info images", "pool-list --all"));
        scripts.put("lifecycle", List.of("list --all", "dominfo test", "domstate test --reason", "suspend test",
                "domstate test --reason", "resume test", "domstate test --reason", "reboot test", "reset test",
                "shutdown test", "domstate test --reason", "list --all", "start test", "domid test", "domuuid test",
                "domname 2", "destroy test", "domstate test --reason", "start test", "managedsave test",
                "domstate test --reason", "dominfo test", "list --all", "undefine test", "managedsave-remove test",
                "autostart test", "dominfo test", "autostart test --disable", "start test"));
        scripts.put("xml", List.of("dumpxml test", "dumpxml test --inactive", "define " + web, "list --all",
                "dumpxml web", "start web", "dumpxml web", "destroy web", "undefine web", "list --all"));
        scripts.put("host", List.of("nodeinfo", "uri", "version", "hostname", "capabilities", "iface-list --all",
                "pool-list --all"));
        scripts.put("networks", List.of("net-list --all", "net-dumpxml default", "net-define " + lan, "net-list --all",
                "net-dumpxml lan", "net-start lan", "net-autostart lan", "net-list --all", "net-dhcp-leases lan",
                "net-destroy lan", "net-undefine lan", "net-list --all", "net-destroy default", "net-list --all",
                "net-start default", "net-dumpxml default --inactive"));
        scripts.put("transient networks", List.of("net-create " + tnet, "net-list --all", "net-dumpxml tnet",
                "net-create " + tnet, "net-destroy tnet", "net-list --all", "net-destroy default",
                "net-create " + defaultAgain, "net-dumpxml default", "net-destroy default", "net-dumpxml default",
                "net-create " + otherDefault));
        scripts.put("snapshots", List.of("snapshot-list test", "snapshot-create-as test s1 first",
                "snapshot-create-as test s2", "snapshot-list test --parent", "snapshot-current test --name",
                "snapshot-info test s1", "snapshot-info test --current", "snapshot-dumpxml test s1",
                "snapshot-revert test s1", "snapshot-current test --name", "snapshot-delete test s1",
                "snapshot-list test --tree", "destroy test", "undefine test", "snapshot-delete test s2", "undefine test",
                "list --all"));
        scripts.put("keys", List.of("send-key test KEY_LEFTCTRL KEY_LEFTALT KEY_DELETE", "send-key test --holdtime 50 30",
                "send-key test 0x1e 48", "send-key test KEY_NOSUCH", "send-key test 700", "send-key test --holdtime -1 30",
                "setmem test 4G --live", "setvcpus test 1 --current", "send-key test --codeset xt 0x1d 0x38 0xe053",
                "send-key test --codeset xt 200", "send-key test --codeset win32 VK_A", "send-key test --codeset bogus 4",
                "setmem test 9G", "setvcpus test 3 --config", "setmem test 100M --config --live", "dumpxml test",
                "dumpxml test --inactive", "screenshot test " + dir.resolve("screen.ppm"), "destroy test", "setmem test 100M",
                "setmem test 100M --current", "setvcpus test 1 --live", "dumpxml test", "send-key test KEY_A"));
        scripts.put("errors", List.of("start nosuch", "dominfo nosuch", "destroy test", "suspend test", "resume test",
                "shutdown test", "reboot test", "start test", "start test", "resume test", "net-start nosuch",
                "net-start default", "net-undefine default", "define " + dir.resolve("none.xml"),
                "snapshot-info test nosuch", "snapshot-revert test --current", "managedsave-remove nosuch",
                "define " + lan));
        return scripts;
    }

    /** The connection of a script; each VirshShell run closes its connection, this one stays open. */
    private static final class KeptOpen extends ForwardingConnection {
        KeptOpen(Connection inner) {
            super(inner);
        }

        @Override
        public void close() {
            // The script's own try-with-resources closes the real connection.
        }
    }
}
