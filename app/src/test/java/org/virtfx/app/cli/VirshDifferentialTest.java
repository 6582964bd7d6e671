package org.virtfx.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverRegistry;

/**
 * The CLI against Debian's virsh ({@code libvirt-clients}) on {@code test:///default}: the same
 * scripts run through {@code virsh -c test:///default} and through {@link VirshShell} in this
 * JVM, and each command's standard output, error output and exit status must be the same. Every
 * command the CLI shares with virsh is in a script. A command's output is what its script up to
 * it printed beyond what the script up to the command before printed, since both print
 * commands one after the other and the test driver starts afresh for every connection.
 *
 * <p>The known differences below, each with its reason, are expected to differ; one that starts
 * to match fails until it is taken off the list, so the list stays true. The last test pins how
 * many commands match. Without virsh the test is skipped, except under {@code CI=true}.
 */
class VirshDifferentialTest {
    /** Commands whose outputs match virsh's; pinned so that a regression shows in the count. */
    private static final int MATCHING = 208;

    private static final Map<String, String> KNOWN_DIFFERENCES = Map.of(
            "lifecycle: dominfo test",
            "libvirt's test driver answers 'linux' as every domain's OS type and 'libvirt-test "
                    + "(enforcing)' as its security label; VirtFX's drivers have no call for either, so "
                    + "the CLI shows the definition's <os><type> (what libvirt's QEMU and LXC drivers "
                    + "answer) and no label line",
            "host: version",
            "VirtFX follows libvirt 9.9.0, the release of its conformance corpus; Debian 12's virsh is 9.0.0",
            "networks: net-dhcp-leases default",
            "both drivers lack DHCP leases; libvirt names the API (virNetworkGetDHCPLeases), VirtFX the command",
            "errors: console test",
            "virsh refuses a console without a terminal before it asks the driver; VirtFX asks the "
                    + "driver first, and the test driver has no console",
            "networks: net-dumpxml --inactive lan",
            "libvirt's test driver refuses the flag (unsupported flags (0x1) in testNetworkGetXMLDesc); "
                    + "VirtFX's test driver answers with the network's persistent definition",
            "errors: vol-resize v2.img 2M --pool default-pool",
            "both refuse; libvirt names the API (virStorageVolResize), VirtFX's test driver the command and itself",
            "keys and resources: screenshot test FILES/screen.ppm",
            "core promises a PPM screenshot, so the CLI saves one and says so; libvirt's test driver sends a PNG, "
                    + "which virsh saves under any name and calls image/png",
            "host: capabilities",
            "the test driver's capabilities lack libvirt's host CPU features and page sizes, power "
                    + "management, IOMMU, the CPUs' socket, core and sibling ids and the guests' features, "
                    + "and write an empty DOI as <doi/>");

    /** Scripts by name; each command runs after the ones before it in the same connection. */
    private static Map<String, List<String>> scripts(Path dir) throws IOException {
        Path domain = dir.resolve("web.xml");
        Files.writeString(domain, """
                <domain type='test'>
                  <name>web</name>
                  <uuid>2f3c7e4a-9a34-4d61-9e0f-6c1d2b0a7e55</uuid>
                  <memory unit='KiB'>262144</memory>
                  <vcpu>1</vcpu>
                  <os><type>hvm</type></os>
                  <devices>
                    <interface type='network'>
                      <mac address='52:54:00:12:34:56'/>
                      <source network='default'/>
                    </interface>
                  </devices>
                </domain>
                """);
        Path network = dir.resolve("lan.xml");
        Files.writeString(network, """
                <network>
                  <name>lan</name>
                  <uuid>7c0b6a8e-3d0f-4b8e-9d3c-2a1e5f6b7c8d</uuid>
                  <bridge name='virbr5'/>
                  <mac address='52:54:00:ab:cd:ef'/>
                  <ip address='192.168.150.1' netmask='255.255.255.0'>
                    <dhcp><range start='192.168.150.2' end='192.168.150.254'/></dhcp>
                  </ip>
                </network>
                """);
        Path transientNetwork = dir.resolve("tnet.xml");
        Files.writeString(transientNetwork, "<network><name>tnet</name><uuid>4a95f8ba-a617-4aaa-8021-6f763aab6106</uuid>"
                + "<bridge name='vbrt'/><ip address='192.0.2.1' netmask='255.255.255.0'/></network>\n");
        Path defaultAgain = dir.resolve("default-zz0.xml");
        Files.writeString(defaultAgain, "<network><name>default</name><uuid>dd8fe884-6c02-601e-7551-cca97df1c5df</uuid>"
                + "<bridge name='zz0'/></network>\n");
        Path pool = dir.resolve("p3.xml");
        Files.writeString(pool, """
                <pool type='dir'>
                  <name>p3</name>
                  <uuid>a028bc9e-d0fd-4948-a329-e545c64865a4</uuid>
                  <target><path>/var/lib/p3</path></target>
                </pool>
                """);
        Path volume = dir.resolve("v2.xml");
        Files.writeString(volume, "<volume><name>v2.img</name><capacity unit='KiB'>1024</capacity></volume>\n");
        Path snapshot = dir.resolve("s9.xml");
        Files.writeString(snapshot, "<domainsnapshot><name>s9</name><description>nine</description></domainsnapshot>\n");
        // A redefinition carries the domain as it was: test:///default's own "test", as its defined
        // XML, which DefaultNodeTest pins to what virsh dumps.
        Path redefined = dir.resolve("r1.xml");
        Files.writeString(redefined, """
                <domainsnapshot>
                  <name>r1</name>
                  <description>old</description>
                  <state>running</state>
                  <creationTime>1700000000</creationTime>
                """ + defaultTestDomain().indent(2) + "</domainsnapshot>\n");
        Map<String, List<String>> scripts = new LinkedHashMap<>();
        scripts.put("lifecycle", List.of("list", "list --all", "domstate test", "domstate test --reason",
                "domid test", "domuuid test", "domname 1", "dominfo test", "suspend test", "domstate test --reason",
                "list --all", "resume test", "shutdown test", "domstate test --reason", "domid test", "start test",
                "reboot test", "reset test", "destroy test", "domstate test --reason", "start test",
                "autostart test", "autostart --disable test", "managedsave test", "domstate test --reason",
                "managedsave-remove test", "start test", "list --all"));
        scripts.put("xml", List.of("dumpxml test", "dumpxml --inactive test", "define " + domain, "list --all",
                "dumpxml web", "start web", "list --all", "destroy web", "undefine web", "list --all"));
        scripts.put("networks", List.of("net-list", "net-list --all", "net-dumpxml default", "net-destroy default",
                "net-list --all", "net-list --inactive", "net-start default", "net-autostart --disable default",
                "net-list --all", "net-autostart default", "net-define " + network, "net-list --all",
                "net-start lan", "net-dumpxml lan", "net-dumpxml --inactive lan", "net-destroy lan",
                "net-undefine lan", "net-list --all", "net-dhcp-leases default"));
        scripts.put("transient networks", List.of("net-create " + transientNetwork, "net-list --all",
                "net-dumpxml tnet", "net-undefine tnet", "net-destroy tnet", "net-list --all", "net-dumpxml tnet",
                "net-destroy default", "net-create --file " + defaultAgain + " --validate", "net-list --all",
                "net-dumpxml default", "net-destroy default", "net-list --all", "net-dumpxml default"));
        scripts.put("pools", List.of("pool-list", "pool-list --all", "pool-list --inactive", "pool-list --details",
                "pool-info default-pool", "pool-dumpxml default-pool", "pool-uuid default-pool",
                "pool-name dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566", "pool-define " + pool, "pool-list --all --details",
                "pool-info p3", "pool-build p3", "pool-start p3", "pool-autostart p3", "pool-info p3",
                "pool-autostart --disable p3", "pool-refresh p3", "pool-destroy p3", "pool-info p3", "pool-undefine p3",
                "pool-define-as p4 dir --target /var/lib/p4", "pool-list --all",
                "pool-define-as p5 dir --target /var/lib/p5 --print-xml", "pool-undefine p4", "pool-list --all",
                "pool-list --type dir", "pool-list --all fs,logical"));
        scripts.put("volumes", List.of("vol-list default-pool", "vol-create-as default-pool v1.img 10M",
                "vol-create " + "default-pool " + volume, "vol-list default-pool", "vol-list --details default-pool",
                "vol-info v1.img --pool default-pool", "vol-info /default-pool/v1.img",
                "vol-path --pool default-pool v1.img", "vol-dumpxml --pool default-pool v1.img",
                "vol-clone v1.img v3.img --pool default-pool", "vol-list --details default-pool",
                "vol-create-as default-pool q.img 1G --format qcow2 --allocation 1M --print-xml",
                "vol-delete v1.img --pool default-pool", "vol-delete /default-pool/v3.img", "vol-list default-pool"));
        scripts.put("host", List.of("uri", "hostname", "nodeinfo", "version", "capabilities", "iface-list",
                "iface-list --all", "iface-list --inactive"));
        scripts.put("snapshots", List.of("snapshot-list test", "snapshot-create-as test first 'the first'",
                "snapshot-create-as test second", "snapshot-list test", "snapshot-list test --parent",
                "snapshot-list test --tree", "snapshot-list test --name", "snapshot-current test --name",
                "snapshot-info test first", "snapshot-info test --current", "snapshot-revert test first",
                "snapshot-current test --name", "snapshot-delete test second", "snapshot-list test --name",
                "snapshot-create test --xmlfile " + snapshot, "snapshot-create test --xmlfile " + snapshot + " --current",
                "snapshot-create test --xmlfile " + redefined + " --redefine", "snapshot-list test --name",
                "snapshot-create test --xmlfile " + redefined + " --redefine --current", "snapshot-current test --name",
                "snapshot-info test r1", "snapshot-revert test r1 --force", "domstate test",
                "snapshot-current test first", "snapshot-current test --name", "snapshot-current test --snapshotname r1",
                "snapshot-list test --name", "snapshot-current test nosuch", "snapshot-current test r1 --name"));
        scripts.put("keys and resources", List.of("send-key test KEY_LEFTCTRL KEY_LEFTALT KEY_DELETE",
                "send-key test 700", "send-key test 0", "send-key test --codeset xt 0x1d 0x38 0xe053",
                "send-key test --codeset xt 200", "send-key test --codeset usb 4", "send-key test --codeset win32 VK_A",
                "send-key test --codeset os_x ANSI_A", "send-key test --codeset bogus 4", "send-key test --codeset xt KEY_A",
                "setmem test 1G", "setmem test 9G", "setmem test 100M --config", "setmem test 100M --config --live",
                "setvcpus test 1", "setvcpus test 3 --config", "setvcpus test 0", "setvcpus test 5 --maximum",
                "setvcpus test 5 --maximum --config", "setvcpus test 40 --config", "dumpxml test", "dumpxml --inactive test",
                "screenshot test " + dir.resolve("screen.ppm"), "destroy test", "setmem test 100M",
                "setvcpus test 1 --current", "dumpxml test"));
        scripts.put("states", List.of("list --state-running", "list --state-shutoff", "suspend test",
                "list --state-paused", "list --state-running --state-paused", "list --state-other --all",
                "destroy test", "list --state-shutoff", "list --state-shutoff --inactive --name",
                "list --all --state-running", "list --state-running --state-shutoff --uuid"));
        scripts.put("errors", List.of("dominfo nosuch", "domstate nosuch", "start test", "resume test",
                "destroy nosuch", "undefine nosuch", "define " + dir.resolve("missing.xml"), "net-start nosuch",
                "net-dumpxml nosuch", "net-start default", "snapshot-info test nosuch",
                "snapshot-revert test nosuch", "snapshot-current test", "console test", "domname 42",
                "domid 6695eb01-f6a4-8304-79aa-000000000000", "pool-info nopool", "pool-start default-pool",
                "pool-undefine default-pool", "pool-build default-pool", "vol-list nopool",
                "vol-info v9 --pool default-pool", "vol-info v9", "vol-create-as default-pool b.img 10X",
                "vol-create-as default-pool b.img abc", "vol-create-as default-pool v2.img 1M",
                "vol-create-as default-pool v2.img 1M", "vol-resize v2.img 2M --pool default-pool"));
        return scripts;
    }

    /** The defined XML of test:///default's domain "test". */
    private static String defaultTestDomain() {
        try (Connection c = DriverRegistry.discover().open("test:///default")) {
            return c.domains().xml(c.domains().lookup("test").uuid(), true);
        }
    }

    @TempDir
    static Path files;

    @TestFactory
    Stream<DynamicNode> theCliAnswersAsVirshDoes() throws IOException {
        Assumptions.assumeTrue(virshPresent(), "virsh (Debian's libvirt-clients) is not installed");
        List<Outcome> outcomes = new ArrayList<>();
        scripts(files).forEach((name, commands) -> {
            Result[] virsh = new Result[commands.size() + 1];
            Result[] virtfx = new Result[commands.size() + 1];
            virsh[0] = Result.NOTHING;
            virtfx[0] = Result.NOTHING;
            for (int k = 1; k <= commands.size(); k++) {
                String script = String.join("; ", commands.subList(0, k));
                virsh[k] = virsh(script);
                virtfx[k] = virtfx(script);
                outcomes.add(new Outcome(name + ": " + commands.get(k - 1),
                        virsh[k].after(virsh[k - 1]), virtfx[k].after(virtfx[k - 1])));
            }
        });
        long matching = outcomes.stream().filter(Outcome::matches).count();
        System.out.println("virsh differential: " + matching + " of " + outcomes.size() + " commands match virsh");
        Stream<DynamicNode> each = outcomes.stream().map(o -> DynamicTest.dynamicTest(o.command(), () -> {
            String known = KNOWN_DIFFERENCES.get(o.command().replace(files.toString(), "FILES"));
            if (known == null) {
                assertEquals(o.virsh(), o.virtfx(), o.command());
            } else {
                assertFalse(o.matches(), "now matches virsh: take it off the known differences (" + known + ")");
            }
        }));
        DynamicTest listed = DynamicTest.dynamicTest("every known difference is a command of a script", () ->
                KNOWN_DIFFERENCES.keySet().forEach(command -> {
                    if (outcomes.stream().noneMatch(o -> o.command().replace(files.toString(), "FILES").equals(command))) {
                        fail("no script runs '" + command + "'");
                    }
                }));
        DynamicTest count = DynamicTest.dynamicTest(MATCHING + " commands match virsh", () ->
                assertEquals(MATCHING, matching, "commands that match virsh"));
        return Stream.concat(each, Stream.of(listed, count));
    }

    /** Mistakes whose error output and status match virsh's; pinned like {@link #MATCHING}. */
    private static final int MISTAKES_MATCHING = 235;

    private static final Map<String, String> KNOWN_MISTAKE_DIFFERENCES = Map.of(
            "define /dev/zero",
            "virsh's 'Value too large for defined data type' is an accident of its read on a device; "
                    + "VirtFX refuses anything but a regular file before it opens it and says so",
            "net-define FILES/badforward.xml",
            "VirtFX's network parser names the attribute, its line and the modes allowed; libvirt only the mode");

    /**
     * Mistakes a person makes at the prompt, each run alone on a fresh {@code test:///default}:
     * malformed and invalid documents, files that cannot be read, missing and repeated arguments,
     * unknown options, arguments of the wrong kind, lookups of what is not there in every family,
     * operations in the wrong state.
     */
    private static List<String> mistakes(Path dir) throws IOException {
        Files.writeString(dir.resolve("malformed.xml"), "<domain type='test'>\n  <name>x</name>\n  <memory>1024\n</domain>\n");
        Files.writeString(dir.resolve("malformed-net.xml"), "<network>\n  <name>n</name>\n  <bridge name='b'>\n</network>\n");
        Files.writeString(dir.resolve("nomem.xml"), "<domain type='test'><name>nomem</name><os><type>hvm</type></os></domain>\n");
        Files.writeString(dir.resolve("noname.xml"), "<domain type='test'><memory>1024</memory><os><type>hvm</type></os></domain>\n");
        Files.writeString(dir.resolve("baduuid.xml"), "<domain type='test'><name>u</name><uuid>not-a-uuid</uuid>"
                + "<memory>1024</memory><os><type>hvm</type></os></domain>\n");
        Files.writeString(dir.resolve("badforward.xml"), "<network><name>n1</name><forward mode='tunnel'/></network>\n");
        Files.writeString(dir.resolve("unnamed-net.xml"), "<network/>\n");
        Files.writeString(dir.resolve("empty.xml"), "");
        Files.writeString(dir.resolve("wrongroot.xml"), "<foo/>\n");
        Files.writeString(dir.resolve("malformed-pool.xml"),
                "<pool type='dir'>\n  <name>x</name>\n  <target>\n</pool>\n");
        Files.writeString(dir.resolve("notarget.xml"), "<pool type='dir'><name>nop</name></pool>\n");
        Files.writeString(dir.resolve("notype.xml"), "<pool><name>nop</name><target><path>/x</path></target></pool>\n");
        Files.writeString(dir.resolve("logical.xml"), "<pool type='logical'><name>vg</name></pool>\n");
        Files.writeString(dir.resolve("badallocation.xml"),
                "<volume><name>bad</name><capacity>10</capacity><allocation>zz</allocation></volume>\n");
        Files.writeString(dir.resolve("badunit.xml"),
                "<volume><name>bad</name><capacity unit='XB'>10</capacity></volume>\n");
        Files.writeString(dir.resolve("badformat.xml"), "<volume><name>bad</name><capacity>10</capacity>"
                + "<target><format type='none'/></target></volume>\n");
        Files.writeString(dir.resolve("duppool.xml"), "<pool type='dir'><name>default-pool</name>"
                + "<uuid>a028bc9e-d0fd-4948-a329-e545c64865a4</uuid><target><path>/x</path></target></pool>\n");
        Files.writeString(dir.resolve("dupnet.xml"), "<network><name>default</name>"
                + "<uuid>7c0b6a8e-3d0f-4b8e-9d3c-2a1e5f6b7c8d</uuid></network>\n");
        Files.writeString(dir.resolve("otherdefault.xml"), "<network><name>other</name>"
                + "<uuid>dd8fe884-6c02-601e-7551-cca97df1c5df</uuid></network>\n");
        Files.writeString(dir.resolve("activedefault.xml"), "<network><name>default</name>"
                + "<uuid>dd8fe884-6c02-601e-7551-cca97df1c5df</uuid></network>\n");
        Files.writeString(dir.resolve("vol.xml"),
                "<volume><name>v2.img</name><capacity unit='KiB'>1024</capacity></volume>\n");
        Files.writeString(dir.resolve("badcapacity.xml"),
                "<volume><name>bad</name><capacity unit='KiB'>abc</capacity></volume>\n");
        Files.writeString(dir.resolve("snap.xml"), "<domainsnapshot><name>s1</name></domainsnapshot>\n");
        Files.createDirectories(dir.resolve("folder"));
        String missing = dir.resolve("missing.xml").toString();
        String folder = dir.resolve("folder").toString();
        String unknownUuid = "6695eb01-f6a4-8304-79aa-000000000000";
        List<String> mistakes = new ArrayList<>(List.of("define " + dir.resolve("malformed.xml"),
                "net-define " + dir.resolve("malformed-net.xml"),
                "define " + dir.resolve("empty.xml"), "define " + dir.resolve("nomem.xml"),
                "define " + dir.resolve("noname.xml"), "define " + dir.resolve("baduuid.xml"),
                "define " + dir.resolve("wrongroot.xml"), "net-define " + dir.resolve("wrongroot.xml"),
                "net-define " + dir.resolve("badforward.xml"), "net-define " + dir.resolve("unnamed-net.xml"),
                "define " + missing, "net-define " + missing, "define --file " + missing,
                "define " + dir.resolve("folder"), "define /dev/zero", "define", "start", "net-start", "dominfo",
                "snapshot-list", "define --bogus x", "list --bogus", "start test --bogus", "domstate test --reas",
                "list -x", "list --all extra", "destroy test test", "domuuid 1 2", "frobnicate", "help frobnicate",
                "dominfo nosuch", "domuuid nosuch", "domid 6695eb01-f6a4-8304-79aa-000000000000", "domname 42",
                "net-dumpxml nosuch", "net-start --network nosuch", "snapshot-info test nosuch",
                "snapshot-revert test", "domstate --domain test", "domstate -- test", "domstate --domain=test",
                "dominfo ''", "define ''", "snapshot-info test ''",
                "domstate test --reason --reason", "domstate test --domain test", "start --domain",
                "list --all=yes", "list --all --uuid=x", "pool-list --all --inactive", "iface-list --all --inactive",
                "net-list --all --inactive", "domstate \"test", "list @/dev/zero"));
        // Wrong states, and each domain command's lookup of a name, id or UUID that is not there
        // or that the command does not take (domname takes an id or UUID, domid a name or UUID,
        // domuuid an id or name).
        mistakes.addAll(List.of("start nosuch", "start " + unknownUuid, "shutdown nosuch", "suspend nosuch",
                "resume nosuch", "reboot nosuch", "reset nosuch", "autostart nosuch", "dumpxml nosuch",
                "domuuid " + unknownUuid, "undefine " + unknownUuid, "managedsave nosuch", "managedsave-remove nosuch",
                "console nosuch", "dominfo 42", "domstate 42", "destroy 42", "reboot 42", "resume 42",
                "reset " + unknownUuid, "domname abc", "domname test", "domid nosuch", "domid 1",
                "domuuid 6695eb01-f6a4-8304-79aa-97f2502e193f", "suspend test; suspend test",
                "destroy test; destroy test", "destroy test; shutdown test", "destroy test; reboot test",
                "destroy test; reset test", "destroy test; suspend test", "destroy test; managedsave test",
                "domstate test --reason=yes", "autostart test --disable --disable", "domstate", "autostart", "dumpxml",
                "start test test", "dominfo test test", "list --all --all", "define " + dir.resolve("vol.xml")));
        // Networks.
        mistakes.addAll(List.of("net-undefine nosuch", "net-destroy nosuch", "net-autostart nosuch",
                "net-dhcp-leases nosuch", "net-dumpxml " + unknownUuid, "net-start " + unknownUuid,
                "net-destroy default; net-destroy default", "net-undefine default; net-start default",
                "net-define " + dir.resolve("dupnet.xml"), "net-define " + dir.resolve("malformed.xml"),
                "net-define " + folder, "net-define " + dir.resolve("vol.xml"), "net-autostart", "net-dumpxml",
                "net-dhcp-leases", "net-list --bogus", "net-start default --bogus", "net-dhcp-leases default --mac",
                "net-autostart default --disable=yes", "net-create " + dir.resolve("dupnet.xml"),
                "net-create " + dir.resolve("otherdefault.xml"), "net-create " + dir.resolve("activedefault.xml"),
                "net-create " + dir.resolve("malformed-net.xml"), "net-create " + dir.resolve("unnamed-net.xml"),
                "net-create " + missing, "net-create " + folder, "net-create", "net-create x.xml --bogus"));
        // Pools: lookups (pool-name takes a UUID only, pool-uuid a name only), states, definitions.
        mistakes.addAll(List.of("pool-dumpxml nopool", "pool-destroy nopool", "pool-autostart nopool",
                "pool-refresh nopool", "pool-uuid nopool", "pool-uuid dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566",
                "pool-uuid " + unknownUuid, "pool-name " + unknownUuid, "pool-name default-pool",
                "pool-name 6695eb01-f6a4-8304-79aa-97f2502e193g", "pool-undefine nopool", "pool-build nopool",
                "pool-start nopool --build",
                "pool-define-as p9 dir --target /x; pool-start p9 --build", "pool-info nopool --bogus", "pool-build default-pool --bogus",
                "pool-destroy default-pool; pool-refresh default-pool", "pool-destroy default-pool; pool-destroy default-pool",
                "pool-destroy default-pool; vol-list default-pool", "pool-define-as default-pool dir --target /x",
                "pool-define-as p9 nosuchtype --target /x", "pool-define-as p9", "pool-define-as",
                "pool-define " + dir.resolve("duppool.xml"), "pool-define " + dir.resolve("malformed-pool.xml"),
                "pool-define " + missing, "pool-define " + folder, "pool-define " + dir.resolve("vol.xml"),
                "pool-define " + dir.resolve("notarget.xml"), "pool-define " + dir.resolve("notype.xml"),
                "pool-define " + dir.resolve("logical.xml"), "pool-info", "pool-list --details --bogus",
                "pool-list extra", "pool-list --type dir,bogus", "pool-list --type 'dir,,fs'", "pool-list --type DIR"));
        // Volumes: lookups, sizes, definitions, space.
        mistakes.addAll(List.of("vol-delete v9 --pool default-pool", "vol-dumpxml v9 --pool default-pool",
                "vol-path v9 --pool default-pool", "vol-clone v9 v10 --pool default-pool", "vol-delete v9",
                "vol-info /nosuch/path", "vol-clone /default-pool/nosuch x", "vol-info v9 --pool nopool",
                "vol-resize v9 1M --pool default-pool", "vol-resize /default-pool/nosuch 1M", "vol-list nopool --details",
                "vol-create default-pool " + missing, "vol-create nopool " + dir.resolve("vol.xml"),
                "vol-create default-pool " + dir.resolve("malformed.xml"),
                "vol-create default-pool " + dir.resolve("badcapacity.xml"), "vol-create default-pool " + folder,
                "vol-create default-pool " + dir.resolve("badallocation.xml"),
                "vol-create default-pool " + dir.resolve("badunit.xml"),
                "vol-create default-pool " + dir.resolve("badformat.xml"),
                "vol-create default-pool " + dir.resolve("snap.xml"), "vol-create-as nopool x.img 1M",
                "vol-create-as default-pool x.img -5", "vol-create-as default-pool x.img 1.5G",
                "vol-create-as default-pool x.img 99999999999999999999", "vol-create-as default-pool x.img 99999999999E",
                "vol-create-as default-pool x.img 10M --allocation abc", "vol-create-as default-pool x.img 1M --format bogus",
                "vol-create-as default-pool x.img 0; vol-create-as default-pool x.img 0",
                "vol-create-as default-pool x.img 200G", "vol-create-as default-pool x.img 1M --allocation 200G",
                "vol-create-as default-pool x.img 1M --allocation 2M --print-xml --bogus",
                "vol-create-as default-pool x.img", "vol-create-as default-pool", "vol-create-as", "vol-clone",
                "vol-clone v1", "vol-resize v1", "vol-delete", "vol-path", "vol-list", "vol-info --pool default-pool",
                "vol-list default-pool extra"));
        // Snapshots.
        mistakes.addAll(List.of("snapshot-list nosuch", "snapshot-create-as nosuch",
                "snapshot-create-as test s1; snapshot-create-as test s1", "snapshot-delete test nosuch",
                "snapshot-dumpxml test nosuch", "snapshot-current nosuch", "snapshot-info test",
                "snapshot-info test s1 --current", "snapshot-delete test --current", "snapshot-revert test --current",
                "snapshot-revert test nosuch --force", "snapshot-revert nosuch s1", "snapshot-delete nosuch s1",
                "snapshot-info nosuch --current", "snapshot-dumpxml nosuch s1", "snapshot-current test --name",
                "snapshot-create test --xmlfile " + missing, "snapshot-create test --xmlfile " + dir.resolve("malformed.xml"),
                "snapshot-create test --xmlfile " + folder, "snapshot-create test --xmlfile " + dir.resolve("vol.xml"),
                "snapshot-create test --current", "snapshot-create test --xmlfile " + dir.resolve("snap.xml")
                        + "; snapshot-create test --xmlfile " + dir.resolve("snap.xml"),
                "snapshot-list test --tree --name", "snapshot-list test --parent --tree", "snapshot-list test --bogus",
                "snapshot-create-as test --name", "snapshot-create-as test --description", "snapshot-dumpxml",
                "snapshot-revert", "snapshot-create-as"));
        // Host commands.
        mistakes.addAll(List.of("uri extra", "hostname extra", "capabilities extra", "nodeinfo --bogus",
                "iface-list --bogus"));
        return mistakes;
    }

    @TestFactory
    Stream<DynamicNode> mistakesGetVirshsWords() throws IOException {
        Assumptions.assumeTrue(virshPresent(), "virsh (Debian's libvirt-clients) is not installed");
        List<Outcome> outcomes = mistakes(files).stream()
                .map(m -> new Outcome("mistake: " + m, virsh(m).after(Result.NOTHING), virtfx(m).after(Result.NOTHING)))
                .toList();
        long matching = outcomes.stream().filter(Outcome::matches).count();
        System.out.println("virsh differential: " + matching + " of " + outcomes.size() + " mistakes match virsh");
        Stream<DynamicNode> each = outcomes.stream().map(o -> DynamicTest.dynamicTest(o.command(), () -> {
            String known = KNOWN_MISTAKE_DIFFERENCES.get(o.command().substring("mistake: ".length())
                    .replace(files.toString(), "FILES"));
            if (known == null) {
                assertEquals(o.virsh(), o.virtfx(), o.command());
            } else {
                assertFalse(o.matches(), "now matches virsh: take it off the known differences (" + known + ")");
            }
        }));
        DynamicTest count = DynamicTest.dynamicTest(MISTAKES_MATCHING + " mistakes match virsh", () ->
                assertEquals(MISTAKES_MATCHING, matching, "mistakes that match virsh"));
        return Stream.concat(each, Stream.of(count));
    }

    private static boolean virshPresent() {
        boolean present = Stream.of(System.getenv("PATH").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "virsh")));
        if (!present && "true".equals(System.getenv("CI"))) {
            fail("CI needs virsh: install Debian's libvirt-clients");
        }
        return present;
    }

    /**
     * Runs a script through virsh. Debian's virsh 9.0 now and then hangs after a script on the
     * test driver (seen once in many runs, never reproduced by hand), so a run that does not end
     * within a minute is killed and tried once more before the test gives up.
     */
    private static Result virsh(String script) {
        for (int attempt = 1; ; attempt++) {
            Optional<Result> result = virshOnce(script);
            if (result.isPresent()) {
                return result.get();
            }
            if (attempt == 2) {
                throw new IllegalStateException("virsh did not finish twice: " + script);
            }
        }
    }

    private static Optional<Result> virshOnce(String script) {
        try {
            ProcessBuilder builder = new ProcessBuilder("virsh", "-c", "test:///default", script);
            // Untranslated messages, as the CLI prints them.
            builder.environment().put("LC_ALL", "C.UTF-8");
            builder.environment().remove("LANGUAGE");
            Process process = builder.start();
            process.getOutputStream().close();
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                return Optional.empty();
            }
            return Optional.of(new Result(new String(out.join(), StandardCharsets.UTF_8),
                    new String(err.join(), StandardCharsets.UTF_8), process.exitValue()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run virsh", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] readAll(java.io.InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Result virtfx(String script) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        DriverRegistry registry = DriverRegistry.discover();
        int status = new VirshShell(() -> registry.open("test:///default"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                false).run(List.of(script));
        return new Result(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), status);
    }

    /** What a run printed and its exit status, with the values that change from run to run masked. */
    private record Result(String out, String err, int status) {
        static final Result NOTHING = new Result("", "", 0);

        Result {
            // The test drivers report the time of day as a domain's CPU time, and snapshots carry
            // the time they were taken: both differ between any two runs.
            out = out.replaceAll("(?m)^(CPU time:\\s+)\\S+$", "$1<time>")
                    .replaceAll("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d [+-]\\d{4}", "<date>")
                    .replaceAll("<creationTime>\\d+</creationTime>", "<creationTime><time></creationTime>");
        }

        /** This run's output beyond an earlier run's, and this run's status: the last command's. */
        String after(Result earlier) {
            return "stdout:\n" + beyond(out, earlier.out) + "stderr:\n" + beyond(err, earlier.err) + "status " + status;
        }

        private static String beyond(String text, String prefix) {
            return text.startsWith(prefix) ? text.substring(prefix.length())
                    : "(the output of the commands before changed)\n" + text;
        }
    }

    private record Outcome(String command, String virsh, String virtfx) {
        boolean matches() {
            return virsh.equals(virtfx);
        }
    }
}
