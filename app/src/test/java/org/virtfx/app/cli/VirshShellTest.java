package org.virtfx.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.domain.KeyCodeset;

class VirshShellTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int virshOn(String uri, String... words) {
        DriverRegistry registry = DriverRegistry.discover();
        return new VirshShell(() -> registry.open(uri), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false).run(List.of(words));
    }

    private int virsh(String... words) {
        return virshOn("test:///default", words);
    }

    /** Runs a command with nothing printed before, so {@link #err()} holds its errors alone. */
    private int virshAfresh(String... words) {
        out.reset();
        err.reset();
        return virsh(words);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void listsLikeVirsh() {
        assertEquals(0, virsh("list"));
        assertEquals(" Id   Name   State\n----------------------\n 1    test   running\n\n", out());
    }

    @Test
    void chainsRunEveryCommandAndExitWithTheLastStatus() {
        int status = virsh("suspend test; suspend test; resume test; destroy test; domstate test --reason; "
                + "start test; domid test");
        assertEquals(0, status);
        assertEquals("Domain 'test' suspended\n\n\nDomain 'test' resumed\n\nDomain 'test' destroyed\n\n"
                + "shut off (destroyed)\n\nDomain 'test' started\n\n2\n\n", out());
        assertEquals("error: Failed to suspend domain 'test'\nerror: internal error: domain 'test' not running\n", err());
    }

    @Test
    void listAllShowsInactiveDomainsAfterActiveOnes() {
        virsh("destroy test; list --all");
        assertTrue(out().endsWith(" Id   Name   State\n-----------------------\n -    test   shut off\n\n"), out());
    }

    @Test
    void reportsVirshsOwnErrors() {
        assertEquals(1, virsh("start test"));
        assertEquals("error: Domain is already active\n", err());
        err.reset();
        assertEquals(1, virsh("dominfo nosuch"));
        assertEquals("error: failed to get domain 'nosuch'\n", err());
        err.reset();
        assertEquals(1, virsh("net-start nosuch"));
        assertEquals("error: failed to get network 'nosuch'\nerror: Network not found: no network with matching name 'nosuch'\n",
                err());
    }

    @Test
    void leasesAreUnsupportedOnTheTestDriverAsInLibvirt() {
        assertEquals(1, virsh("net-dhcp-leases default"));
        assertEquals("error: Failed to get leases info for default\n"
                + "error: this function is not supported by the connection driver: net-dhcp-leases"
                + " (unsupported by test)\n", err());
    }

    @Test
    void aParseErrorRunsNothing() {
        assertEquals(1, virsh("destroy test; frobnicate"));
        assertEquals("error: unknown command: 'frobnicate'\n", err());
        assertEquals("", out());
        err.reset();
        assertEquals(0, virsh("domstate test"));
        assertEquals("running\n\n", out());
    }

    @Test
    void commandLineMistakesGetVirshsWords(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("none.xml");
        String[][] cases = {
            {"define", "error: command 'define' requires <file> option\n"},
            {"start", "error: command 'start' requires <domain> option\n"},
            {"net-start", "error: command 'net-start' requires <network> option\n"},
            {"define --bogus x", "error: command 'define' doesn't support option --bogus\n"},
            {"list --bogus", "error: command 'list' doesn't support option --bogus\n"},
            {"list --all extra", "error: unexpected data 'extra'\n"},
            {"define " + missing, "error: Failed to open file '" + missing + "': No such file or directory\n"},
            {"define /dev/zero", "error: Failed to read file '/dev/zero': not a regular file\n"},
            {"domstate --domain", "error: expected syntax: --domain <string>\n"},
            {"list --all --all", "error: option --all already seen\n"},
            {"domstate test --domain test", "error: option --domain already seen\n"},
            {"list --all=yes", "error: invalid '=' after option --all\n"},
            {"list @/dev/zero", "error: unexpected data '@/dev/zero'\n"},
            {"dominfo ''", "error: Failed to get option 'domain': Option argument is empty\n"},
            {"help frobnicate", "error: command or command group 'frobnicate' doesn't exist\n"},
            {"pool-list --all --inactive", "error: Options --all and --inactive are mutually exclusive\n"},
            {"vol-create-as default-pool", "error: command 'vol-create-as' requires <name> option\n"
                    + "error: command 'vol-create-as' requires <capacity> option\n"},
            {"domname test", "error: failed to get domain 'test'\n"},
            {"domid 1", "error: failed to get domain '1'\n"},
            {"domuuid 6695eb01-f6a4-8304-79aa-97f2502e193f",
                "error: failed to get domain '6695eb01-f6a4-8304-79aa-97f2502e193f'\n"},
            {"pool-name default-pool", "error: failed to get pool 'default-pool'\n"},
            {"pool-uuid dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566",
                "error: failed to get pool 'dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566'\n"
                        + "error: Storage pool not found: no storage pool with matching name "
                        + "'dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566'\n"},
            {"pool-list --type dir,bogus", "error: Invalid pool type 'bogus'\n"},
            {"vol-create-as default-pool x.img 99999999999999999999",
                "error: Malformed size 99999999999999999999\n"},
            {"vol-create-as default-pool x.img 99999999999E",
                "error: Malformed size 99999999999E\nerror: numerical overflow: value too large: 99999999999E\n"},
            {"vol-create-as default-pool x.img 200G", "error: Failed to create vol x.img\n"
                    + "error: internal error: Not enough free space in pool for volume 'x.img'\n"},
        };
        for (String[] mistake : cases) {
            err.reset();
            assertEquals(1, virsh(mistake[0]), mistake[0]);
            assertEquals(mistake[1], err(), mistake[0]);
        }
    }

    @Test
    void poolListShowsOnlyTheTypesAsked() {
        assertEquals(0, virsh("pool-list --type fs,logical; pool-list dir"));
        assertEquals(" Name   State   Autostart\n---------------------------\n\n"
                + " Name           State    Autostart\n------------------------------------\n"
                + " default-pool   active   no\n\n", out());
    }

    @Test
    void argumentsMayBeGivenByNameOrAfterDoubleDash() {
        assertEquals(0, virsh("domstate --domain test; domstate --domain=test --reason; domstate -- test"));
        assertEquals("running\n\nrunning (unknown)\n\nrunning\n\n", out());
    }

    @Test
    void argvModeTakesSemicolonsLiterally() {
        assertEquals(1, virsh("domstate", "test;"));
        assertEquals("error: failed to get domain 'test;'\n", err());
    }

    @Test
    void hostCommandsPrintLibvirtsFormats() {
        virsh("nodeinfo; net-list --all; pool-list; iface-list; uri; version");
        assertEquals("""
                CPU model:           i686
                CPU(s):              16
                CPU frequency:       1400 MHz
                CPU socket(s):       2
                Core(s) per socket:  2
                Thread(s) per core:  2
                NUMA cell(s):        2
                Memory size:         3145728 KiB

                 Name      State    Autostart   Persistent
                --------------------------------------------
                 default   active   no          yes

                 Name           State    Autostart
                ------------------------------------
                 default-pool   active   no

                 Name   State    MAC Address
                ------------------------------------
                 eth1   active   aa:bb:cc:dd:ee:ff

                test:///default

                Compiled against library: libvirt 9.9.0
                Using library: libvirt 9.9.0
                Using API: TEST 9.9.0
                Running hypervisor: TEST 0.0.2

                """, out());
    }

    @Test
    void dominfoShowsTheDomainsFacts() {
        virsh("dominfo test");
        String info = out();
        assertTrue(info.startsWith("""
                Id:             1
                Name:           test
                UUID:           6695eb01-f6a4-8304-79aa-97f2502e193f
                OS Type:        hvm
                State:          running
                CPU(s):         2
                """), info);
        assertTrue(info.contains("Max memory:     8388608 KiB\nUsed memory:    2097152 KiB\nPersistent:     yes\n"
                + "Autostart:      disable\n"), info);
        // The test host's capabilities name the model testSecurity, with an empty DOI.
        assertTrue(info.endsWith("Security model: testSecurity\nSecurity DOI:   \n\n"), info);
    }

    @Test
    void managedSaveStopsTheDomainAndDominfoSaysSo() {
        int status = virsh("managedsave test; domstate test --reason; dominfo test; managedsave-remove test; "
                + "managedsave-remove test; managedsave test");
        assertEquals(1, status);
        String shown = out();
        // As virsh 9: a newline before the saved message, none after the two removal messages.
        assertTrue(shown.startsWith("\nDomain 'test' state saved by libvirt\n\nshut off (saved)\n\n"), shown);
        assertTrue(shown.contains("Autostart:      disable\nManaged save:   yes\n"), shown);
        assertTrue(shown.endsWith("Removed managedsave image for domain 'test'\n"
                + "Domain 'test' has no manage save image; removal skipped\n\n"), shown);
        assertEquals("error: Failed to save domain 'test' state\n"
                + "error: Requested operation is not valid: domain is not running\n", err());
    }

    @Test
    void definesThenInspectsInOneInvocation(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("web.xml");
        Files.writeString(file, "<domain type='test'><name>web</name><memory>65536</memory>"
                + "<os><type>hvm</type></os></domain>");
        assertEquals(0, virsh("define " + file + "; list --all; start web; domstate web --reason; undefine web; "
                + "list --all"));
        String text = out();
        assertTrue(text.startsWith("Domain 'web' defined from " + file + "\n\n"), text);
        assertTrue(text.contains(" 1    test   running\n -    web    shut off\n"), text);
        assertTrue(text.contains("Domain 'web' started\n\nrunning (booted)\n\nDomain 'web' has been undefined\n"), text);
        assertTrue(text.endsWith(" 1    test   running\n 2    web    running\n\n"), text);
    }

    @Test
    void badDefinitionsChangeNothing(@TempDir Path dir) throws IOException {
        Path broken = dir.resolve("broken.xml");
        Files.writeString(broken, "<domain type='test'>\n<name>x</name>\n<memory>1\n</domain>\n");
        Path duplicate = dir.resolve("dup.xml");
        Files.writeString(duplicate, "<domain type='test'><name>test</name><memory>1024</memory>"
                + "<os><type>hvm</type></os></domain>");
        assertEquals(0, virsh("define " + broken + "; define " + duplicate + "; define " + dir.resolve("none.xml")
                + "; list --all --name"));
        String[] lines = err().split("\n");
        assertEquals("error: Failed to define domain from " + broken, lines[0]);
        // libvirt's words for a malformed document: the line at fault and a pointer under the place.
        assertEquals("error: (domain_definition):4: Opening and ending tag mismatch: memory line 3 and domain", lines[1]);
        assertEquals("</domain>", lines[2]);
        assertEquals("---------^", lines[3]);
        assertEquals("error: Failed to define domain from " + duplicate, lines[4]);
        assertTrue(lines[5].startsWith("error: operation failed: domain 'test' already exists with uuid "), lines[5]);
        // virsh: opening a missing file fails before any read.
        assertEquals("error: Failed to open file '" + dir.resolve("none.xml") + "': No such file or directory", lines[6]);
        assertTrue(out().endsWith("test\n\n"), out());
    }

    @Test
    void schemaViolationsNameTheFileLineAndColumn(@TempDir Path dir) throws IOException {
        Path invalid = dir.resolve("invalid.xml");
        Files.writeString(invalid, "<domain type='test'>\n  <name>x</name>\n  <memory>1024</memory>\n"
                + "  <vcpu>many</vcpu>\n  <os><type>hvm</type></os>\n</domain>\n");
        assertEquals(1, virsh("define --validate " + invalid));
        String[] lines = err().split("\n");
        assertEquals("error: Failed to define domain from " + invalid, lines[0]);
        assertTrue(lines[1].startsWith("error: " + invalid + ":4:"), lines[1]);
        assertTrue(lines[1].contains("failed to validate against schema domain.rng"), lines[1]);
        out.reset();
        virsh("list --all --name");
        assertEquals("test\n\n", out());
    }

    @Test
    void startsSeveralDomainsAtOnce(@TempDir Path dir) throws IOException {
        StringBuilder script = new StringBuilder();
        for (String name : List.of("a", "b", "c")) {
            Path file = dir.resolve(name + ".xml");
            Files.writeString(file, "<domain type='test'><name>" + name + "</name><memory>1024</memory>"
                    + "<os><type>hvm</type></os></domain>");
            script.append("define ").append(file).append(";");
        }
        script.append("start a b c; list --name");
        assertEquals(0, virsh(script.toString()));
        assertTrue(out().contains("Domain 'a' started\nDomain 'b' started\nDomain 'c' started\n"), out());
        assertTrue(out().endsWith("test\na\nb\nc\n\n") || out().contains("\ntest\n"), out());
    }

    @Test
    void screenshotSavesTheTestDriversPictureAsPpmOrPng(@TempDir Path dir) throws IOException {
        Path ppm = dir.resolve("test.ppm");
        Path png = dir.resolve("test.png");
        assertEquals(0, virsh("screenshot test " + ppm + "; screenshot test " + png));
        assertEquals("Screenshot saved to " + ppm + ", with type of image/x-portable-pixmap\n"
                + "Screenshot saved to " + png + ", with type of image/png\n", out());
        assertTrue(new String(Files.readAllBytes(ppm), 0, 16, StandardCharsets.US_ASCII).startsWith("P6\n1120 832\n255\n"));
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(1120, image.getWidth());
        assertEquals(832, image.getHeight());
    }

    @Test
    void sendKeyTakesKeysOfEveryCodesetByNameOrNumberAndRefusesWhatVirshRefuses() {
        assertEquals(0, virsh("send-key test KEY_LEFTCTRL KEY_LEFTALT KEY_DELETE; send-key test --holdtime 20 0x1e 48;"
                + " send-key test --codeset xt 0x1d 0x38 0xe053; send-key test --codeset usb 4;"
                + " send-key test --codeset win32 VK_A; send-key test --codeset os_x ANSI_A; send-key test --codeset rfb 0x9d"));
        assertEquals("", err());
        assertEquals(30, SendKey.keycode(KeyCodeset.LINUX, "KEY_A"));
        assertEquals(111, SendKey.keycode(KeyCodeset.LINUX, "KEY_DELETE"));
        assertEquals(0x41, SendKey.keycode(KeyCodeset.WIN32, "VK_A"));
        assertEquals(1, virshAfresh("send-key test KEY_NOSUCH"));
        assertEquals("error: invalid keycode: 'KEY_NOSUCH'\n", err());
        assertEquals(1, virshAfresh("send-key test --codeset xt KEY_A"));
        assertEquals("error: invalid keycode: 'KEY_A'\n", err());
        assertEquals(1, virshAfresh("send-key test 65536"));
        assertEquals("error: invalid keycode: '65536'\n", err());
        assertEquals(1, virshAfresh("send-key test --codeset xt 200"));
        assertEquals("error: internal error: invalid keycode 200 of xt codeset\n", err());
        assertEquals(1, virshAfresh("send-key test --codeset bogus 30"));
        assertEquals("error: unknown codeset: 'bogus'\n", err());
        assertEquals(1, virshAfresh("send-key test --holdtime -1 30"));
        assertEquals("error: Numeric value '-1' for <holdtime> option is malformed or out of range\n", err());
    }

    @Test
    void setmemAndSetvcpusCheckTheirArgumentsAsVirshDoes() {
        assertEquals(4 * 1024 * 1024, ResourceCommands.SetMem.kib("4G"));
        assertEquals(512 * 1024, ResourceCommands.SetMem.kib("512MiB"));
        assertEquals(1000, ResourceCommands.SetMem.kib("1000"));
        assertEquals(1, virshAfresh("setmem test -5"));
        assertEquals("error: Scaled numeric value '-5' for <size> option is malformed or out of range\n", err());
        assertEquals(1, virshAfresh("setmem test 1x"));
        assertEquals("error: Scaled numeric value '1x' for <size> option is malformed or out of range\n", err());
        assertEquals(1, virshAfresh("setvcpus test two"));
        assertEquals("error: Numeric value 'two' for <count> option is malformed or out of range\n", err());
        assertEquals(1, virshAfresh("setvcpus test 1 --current --live"));
        assertEquals("error: Options --current and --live are mutually exclusive\n", err());
        assertEquals(1, virshAfresh("setvcpus test 0"));
        assertEquals("error: Can't set 0 processors for a VM\n", err());
        assertEquals(1, virshAfresh("setvcpus test 4 --maximum"));
        assertEquals("error: Option --config is required by option --maximum\n", err());
        assertEquals(1, virshAfresh("setvcpus test 1 --guest --config"));
        assertEquals("error: Options --guest and --config are mutually exclusive\n", err());
        assertEquals(1, virshAfresh("setvcpus test 1 --guest"));
        assertEquals("error: VirtFX cannot change vCPUs in the guest (--guest); it changes the domain's vCPU count only\n",
                err());
        assertEquals(1, virshAfresh("setvcpus test 1 --hotpluggable --config"));
        assertTrue(err().contains("(--hotpluggable)"), err());
    }

    @Test
    void setmemAndSetvcpusChangeTheRunningGuestUnlessToldOtherwise() {
        assertEquals(0, virsh("setmem test 1G; setvcpus test 1; dumpxml test"));
        assertTrue(out().contains("<currentMemory unit='KiB'>1048576</currentMemory>"), out());
        assertTrue(out().contains("<vcpu placement='static' current='1'>2</vcpu>"), out());
        assertEquals(0, virshAfresh("setvcpus test 5 --maximum --config; dumpxml --inactive test"));
        assertTrue(out().contains("<vcpu placement='static' current='2'>5</vcpu>"), out());
        assertEquals(0, virshAfresh("setvcpus test 1 --maximum --config; dumpxml --inactive test"));
        assertTrue(out().contains("<vcpu placement='static'>1</vcpu>"), out());
        assertEquals(1, virshAfresh("destroy test; setmem test 1G"));
        assertTrue(err().endsWith("error: Requested operation is not valid: domain is not running\n"), err());
    }

    @Test
    void aScreenshotBecomesPngWhenAskedFor() throws IOException {
        byte[] ppm = ("P6\n2 1\n255\n").getBytes(StandardCharsets.US_ASCII);
        byte[] pixels = {(byte) 255, 0, 0, 0, 0, (byte) 255};
        byte[] whole = java.util.Arrays.copyOf(ppm, ppm.length + pixels.length);
        System.arraycopy(pixels, 0, whole, ppm.length, pixels.length);
        BufferedImage image = ImageIO.read(new java.io.ByteArrayInputStream(
                Screenshot.png(whole)));
        assertEquals(0xff0000, image.getRGB(0, 0) & 0xffffff);
        assertEquals(0x0000ff, image.getRGB(1, 0) & 0xffffff);
    }

    @Test
    void aDriverWithoutConsolesSaysSo() {
        assertEquals(1, virsh("console test"));
        assertEquals("error: Failed to get console for domain 'test'\nerror: this function is not supported by the "
                + "connection driver: console (unsupported by test)\n", err());
    }

    @Test
    void aBadUriSaysWhichSchemesExist() {
        assertEquals(1, virshOn("tset:///default", "list"));
        assertEquals("error: failed to connect to the hypervisor\nerror: no connection driver available for "
                + "tset:///default (available schemes: bhyve, ch, esx, gsx, hyperv, libxl, lxc, openvz, qemu, test, vbox,"
                + " vmwarefusion, vmwareplayer, vmwarews, vpx, vz, xen)\n", err());
    }
}
