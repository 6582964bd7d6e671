package org.virtfx.app.wizard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtfx.app.details.DomainWindowViewModel;
import org.virtfx.app.preferences.Preferences;
import org.virtfx.app.settings.Settings;
import org.virtfx.app.testing.RestrictedConnection;
import org.virtfx.app.testing.ScriptedDialogs;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.connect.Feature;
import org.virtfx.core.osinfo.IsoImages;
import org.virtfx.core.osinfo.LoopbackFiles;
import org.virtfx.core.osinfo.OsDatabase;
import org.virtfx.core.osinfo.OsEntry;
import org.virtfx.core.osinfo.SystemOsDatabase;
import org.virtfx.core.task.CurrentThreadTaskExecutor;
import org.virtfx.core.xml.SchemaValidator;
import org.virtfx.core.xml.XmlParser;

/**
 * New VM for machines on test:///default: the OS detected from an ISO the test writes, UEFI
 * from the OS's needs, a network install from a tree served on loopback, bad input refused on
 * its step with nothing created.
 */
class MachineInstallTest {
    private static final SchemaValidator SCHEMA = new SchemaValidator();

    @TempDir
    Path dir;
    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private final List<NewDomainViewModel.Created> created = new ArrayList<>();
    private LoopbackFiles server;
    private Connection connection;
    private NewDomainViewModel wizard;
    private OsDatabase db;

    @BeforeEach
    void open() throws Exception {
        db = SystemOsDatabase.require();
        connection = DriverRegistry.discover().open("test:///default");
        wizard = new NewDomainViewModel(List.of(new WizardConnection("test default", connection)),
                new CurrentThreadTaskExecutor(), dialogs, SCHEMA, created::add);
        wizard.bootDirectory(dir.resolve("boot"));
        server = LoopbackFiles.start();
    }

    @AfterEach
    void close() {
        server.close();
        connection.close();
    }

    private static final String USB3 = "<controller type='usb' model='qemu-xhci' ports='15'/>";

    private void forwardTo(WizardStep target) {
        while (wizard.stepProperty().get() != target) {
            assertTrue(wizard.next(), "refused on " + wizard.stepProperty().get() + ": "
                    + wizard.errorProperty(WizardField.MEDIA_PATH).get() + wizard.errorProperty(WizardField.INSTALL_URL).get());
        }
    }

    /** A Fedora 36 Server tree with its .treeinfo; returns its URL. */
    private String serveFedora36() {
        server.put("/f36/.treeinfo", "[general]\nfamily = Fedora\nversion = 36\narch = x86_64\nvariant = Server\n"
                + "[images-x86_64]\nkernel = images/pxeboot/vmlinuz\ninitrd = images/pxeboot/initrd.img\n");
        server.put("/f36/images/pxeboot/vmlinuz", "K");
        server.put("/f36/images/pxeboot/initrd.img", "I");
        return server.url("/f36/");
    }

    private String definedXml() {
        assertEquals(List.of(), dialogs.errors);
        return connection.domains().xml(created.get(0).domain().uuid(), true);
    }

    private int domainCount() {
        return connection.domains().list().size();
    }

    @Test
    void aDebianIsoIsDetectedAndChoosesTheOs() throws Exception {
        Path iso = IsoImages.write(dir.resolve("debian.iso"), "Debian 11.5.0 amd64 n", "", "", "");
        wizard.methodProperty().set(InstallMethod.LOCAL_MEDIA);
        forwardTo(WizardStep.SOURCE);
        assertTrue(wizard.detectOsProperty().get(), "on by default, as in virt-manager");
        wizard.mediaPathProperty().set(iso.toString());
        assertEquals("Detected Debian 11 from the media", wizard.detectMessageProperty().get());
        assertTrue(wizard.osDetectedProperty().get(), "the manual choice is locked while detected");
        assertEquals(db.byShortId("debian11").orElseThrow(), wizard.os().chosenProperty().get());
        assertEquals("debian11", wizard.nameProperty().get());
        forwardTo(WizardStep.FINISH);
        wizard.customizeProperty().set(true);
        wizard.finish();
        String xml = definedXml();
        assertTrue(xml.contains("<libosinfo:os id=\"http://debian.org/debian/11\"/>"), xml);
        assertTrue(xml.contains("<source file='" + iso + "'/>"), xml);
        assertFalse(xml.contains("firmware="), "Debian 11 boots BIOS: " + xml);
    }

    @Test
    void anUnknownIsoLeavesTheChoiceToThePerson() throws Exception {
        Path iso = IsoImages.write(dir.resolve("photos.iso"), "HOLIDAY 2026", "LINUX", "", "");
        wizard.methodProperty().set(InstallMethod.LOCAL_MEDIA);
        forwardTo(WizardStep.SOURCE);
        wizard.mediaPathProperty().set(iso.toString());
        assertEquals("Could not detect the operating system from the media: choose it below",
                wizard.detectMessageProperty().get());
        assertFalse(wizard.osDetectedProperty().get());
        assertEquals(OsEntry.GENERIC, wizard.os().chosenProperty().get());
        wizard.os().chosenProperty().set(db.byShortId("fedora36").orElseThrow());
        assertTrue(wizard.next(), "unknown media still installs");
        assertEquals("fedora36", wizard.nameProperty().get());
    }

    @Test
    void turningDetectionOffKeepsTheManualChoice() throws Exception {
        Path iso = IsoImages.write(dir.resolve("debian.iso"), "Debian 11.5.0 amd64 n", "", "", "");
        wizard.methodProperty().set(InstallMethod.LOCAL_MEDIA);
        wizard.detectOsProperty().set(false);
        wizard.os().chosenProperty().set(db.byShortId("fedora36").orElseThrow());
        wizard.mediaPathProperty().set(iso.toString());
        assertEquals("", wizard.detectMessageProperty().get());
        assertEquals("fedora36", wizard.os().chosenProperty().get().shortId());
    }

    @Test
    void aFileThatIsNoIsoIsRefusedOnTheSourceStepAndNothingIsCreated() throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.iso"), "shopping list");
        wizard.methodProperty().set(InstallMethod.LOCAL_MEDIA);
        forwardTo(WizardStep.SOURCE);
        wizard.mediaPathProperty().set(notes.toString());
        String message = "'" + notes + "' is not an ISO 9660 image: it ends before sector 16";
        assertEquals(message, wizard.errorProperty(WizardField.MEDIA_PATH).get(), "shown as soon as it is read");
        assertFalse(wizard.next());
        assertEquals(WizardStep.SOURCE, wizard.stepProperty().get());
        int before = domainCount();
        wizard.finish();
        assertEquals(WizardStep.SOURCE, wizard.stepProperty().get());
        assertEquals(message, wizard.errorProperty(WizardField.MEDIA_PATH).get());
        assertTrue(created.isEmpty());
        assertEquals(before, domainCount());
        var pool = connection.storage().lookupPool("default-pool");
        assertFalse(connection.storage().listVolumes(pool.uuid()).stream().anyMatch(v -> v.name().startsWith("vm1")));
    }

    @Test
    void aPoolVolumeCanBeTheInstallMedia() {
        var pool = connection.storage().lookupPool("default-pool");
        connection.storage().createVolume(pool.uuid(), "<volume><name>netinst.iso</name><capacity unit='M'>400</capacity>"
                + "<target><format type='raw'/></target></volume>");
        // The volumes are read with the host's facts, when the connection is chosen.
        wizard = new NewDomainViewModel(List.of(new WizardConnection("test default", connection)),
                new CurrentThreadTaskExecutor(), dialogs, SCHEMA, created::add);
        assertTrue(wizard.hostProperty().get().storagePools());
        assertFalse(wizard.volumes().isEmpty(), "test:///default's default-pool holds volumes");
        VolumeChoice volume = wizard.volumes().get(0);
        assertEquals("default-pool", volume.pool());
        wizard.methodProperty().set(InstallMethod.LOCAL_MEDIA);
        forwardTo(WizardStep.SOURCE);
        wizard.chooseVolume(volume);
        assertEquals(volume.path(), wizard.mediaPathProperty().get());
        assertTrue(wizard.next(), "a volume this process cannot read is not refused: the driver reaches it");
        forwardTo(WizardStep.FINISH);
        wizard.customizeProperty().set(true);
        wizard.finish();
        assertTrue(definedXml().contains("<source file='" + volume.path() + "'/>"));
    }

    @Test
    void windows11GetsUefiAndDebianBios() {
        wizard.methodProperty().set(InstallMethod.MANUAL);
        wizard.os().chosenProperty().set(db.byShortId("win11").orElseThrow());
        HostFacts i686 = wizard.hostProperty().get();
        assertEquals("i686", i686.arch(), "test:///default runs i686 guests only");
        assertEquals("", wizard.spec(i686, "/pool/w.qcow2").firmware(), "win-11.xml names x86_64 alone");
        HostFacts x86 = withUefi(i686, "x86_64", UefiFirmware.AUTO);
        assertEquals("efi", wizard.spec(x86, "/pool/w.qcow2").firmware(), "win-11.xml: BIOS unsupported on x86_64");
        wizard.os().chosenProperty().set(db.byShortId("debian11").orElseThrow());
        assertEquals("", wizard.spec(x86, "/pool/d.qcow2").firmware());
        assertTrue(wizard.summary().stream().anyMatch(l -> l[0].equals("Firmware:") && l[1].equals("BIOS")));
    }

    @Test
    void firmwareIsLeftToTheConnectionOnlyWhenItSaysItChoosesIt() {
        assertEquals(UefiFirmware.AUTO, wizard.hostProperty().get().uefi(), "the test driver chooses from <os firmware='efi'>");
        NewDomainViewModel named = new NewDomainViewModel(List.of(new WizardConnection("no auto-selection",
                RestrictedConnection.without(connection, Feature.FIRMWARE_AUTOSELECT))),
                new CurrentThreadTaskExecutor(), dialogs, SCHEMA, created::add);
        assertEquals(UefiFirmware.installedOvmf(), named.hostProperty().get().uefi());
    }

    @Test
    void theQemuDriverGetsTheFirmwareNamedWithItsOwnVariableStore() {
        wizard.methodProperty().set(InstallMethod.MANUAL);
        wizard.os().chosenProperty().set(db.byShortId("win11").orElseThrow());
        HostFacts test = wizard.hostProperty().get();
        HostFacts qemu = new HostFacts("kvm", false, true, test.memoryMiB(), test.cpus(), test.domainNames(),
                test.networks(), "default", "/var/lib/virtfx/images", 1L << 40, "x86_64", true, List.of(),
                new UefiFirmware(false, "/usr/share/OVMF/OVMF_CODE_4M.fd", "/usr/share/OVMF/OVMF_VARS_4M.fd"), false);
        NewDomainSpec spec = wizard.spec(qemu, "/var/lib/virtfx/images/win11.qcow2");
        assertEquals("", spec.firmware(), "the QEMU driver refuses firmware auto-selection");
        String xml = NewDomainXml.build(spec);
        assertTrue(xml.contains("<loader readonly='yes' type='pflash'>/usr/share/OVMF/OVMF_CODE_4M.fd</loader>\n"
                + "    <nvram template='/usr/share/OVMF/OVMF_VARS_4M.fd'>/var/lib/virtfx/images/win11_VARS.fd</nvram>"), xml);
        assertEquals(List.of(), SCHEMA.problems(SchemaValidator.Kind.DOMAIN, xml), xml);
    }

    @Test
    void anOsThatSupportsQ35GetsItWithVirtInstallsRootPortsOnAQemuHost() {
        wizard.methodProperty().set(InstallMethod.MANUAL);
        wizard.os().chosenProperty().set(db.byShortId("debian11").orElseThrow());
        HostFacts test = wizard.hostProperty().get();
        assertFalse(test.q35(), "libvirt's test driver is no QEMU: virt-install gives it the first machine type");
        String onTest = NewDomainXml.build(wizard.spec(test, "/pool/d.qcow2"));
        assertFalse(onTest.contains("machine=") || onTest.contains("<controller"), "the test driver is no QEMU: " + onTest);
        HostFacts qemu = withQ35(test);
        String xml = NewDomainXml.build(wizard.spec(qemu, "/pool/d.qcow2"));
        assertTrue(xml.contains("<type arch='x86_64' machine='q35'>hvm</type>"), xml);
        // virt-install 4.1 (virtinst/guest.py): the USB 3 controller of an OS that lists qemu-xhci
        // (_add_default_usb_controller), then the root and its num_pcie_root_ports (14) root ports
        // (_add_q35_pcie_controllers), among the controllers after the disks.
        List<String> expected = new ArrayList<>(List.of(USB3, "<controller type='pci' model='pcie-root'/>"));
        expected.addAll(Collections.nCopies(14, "<controller type='pci' model='pcie-root-port'/>"));
        assertEquals(expected, xml.lines().map(String::strip).filter(l -> l.startsWith("<controller")).toList());
        assertTrue(xml.lastIndexOf("</disk>") < xml.indexOf("<controller")
                && xml.lastIndexOf("<controller") < xml.indexOf("<interface"), xml);
        assertEquals(List.of(), SCHEMA.problems(SchemaValidator.Kind.DOMAIN, xml), xml);

        wizard.os().chosenProperty().set(db.byShortId("debian8").orElseThrow());
        String older = NewDomainXml.build(wizard.spec(qemu, "/pool/d.qcow2"));
        assertFalse(older.contains("machine="), "Debian 8 lists no q35: " + older);
        assertEquals(List.of(USB3), older.lines().map(String::strip).filter(l -> l.startsWith("<controller")).toList(),
                "Debian 8 lists qemu-xhci (from debian-7.xml): " + older);
        assertEquals(List.of(), SCHEMA.problems(SchemaValidator.Kind.DOMAIN, older), older);
        wizard.os().chosenProperty().set(OsEntry.GENERIC);
        String generic = NewDomainXml.build(wizard.spec(qemu, "/pool/d.qcow2"));
        assertFalse(generic.contains("machine=") || generic.contains("<controller"),
                "an unknown OS stays pc with the hypervisor's USB controller: " + generic);
    }

    @Test
    void q35IsOfferedByCapabilitiesThatListItOrNoMachineTypes() {
        XmlParser parser = new XmlParser();
        assertTrue(HostFactsReader.takesQ35(parser.parse("<guest><os_type>hvm</os_type><arch name='x86_64'>"
                + "<machine maxCpus='255'>pc-i440fx-7.2</machine><machine canonical='pc-i440fx-7.2'>pc</machine>"
                + "<machine canonical='pc-q35-7.2' maxCpus='288'>q35</machine><domain type='qemu'/>"
                + "<domain type='kvm'/></arch></guest>", "caps")), "libvirt's QEMU lists q35 by its alias");
        assertFalse(HostFactsReader.takesQ35(parser.parse("<guest><os_type>hvm</os_type><arch name='x86_64'>"
                + "<machine>pc-i440fx-2.10</machine><machine canonical='pc-i440fx-2.10'>pc</machine>"
                + "<domain type='qemu'/></arch></guest>", "caps")), "an emulator without q35");
        assertTrue(HostFactsReader.takesQ35(parser.parse("<guest><os_type>hvm</os_type><arch name='x86_64'>"
                + "<domain type='qemu'/></arch></guest>", "caps")), "VirtFX's QEMU driver lists none; it takes q35");
    }

    /** The test driver's facts as a QEMU host's that takes q35. */
    private static HostFacts withQ35(HostFacts f) {
        return new HostFacts("kvm", f.containers(), f.machines(), f.memoryMiB(), f.cpus(), f.domainNames(),
                f.networks(), f.poolName(), f.poolPath(), f.poolAvailableBytes(), "x86_64", f.storagePools(),
                f.volumes(), f.uefi(), true);
    }

    @Test
    void usermodeNetworkingIsAQemuHostsChoiceAndWritesAUserInterface() {
        HostFacts test = wizard.hostProperty().get();
        assertFalse(test.networks().contains(NetworkChoice.USER), "the test host also runs containers, which have no slirp");
        wizard.methodProperty().set(InstallMethod.MANUAL);
        wizard.os().chosenProperty().set(db.byShortId("debian11").orElseThrow());
        wizard.networkProperty().set(NetworkChoice.USER);
        String xml = NewDomainXml.build(wizard.spec(test, "/pool/d.qcow2"));
        assertTrue(xml.contains("<interface type='user'>\n      <model type='virtio'/>\n    </interface>"), xml);
        assertEquals(List.of(), SCHEMA.problems(SchemaValidator.Kind.DOMAIN, xml), xml);
    }

    @Test
    void aNamedFirmwaresVariableStoreSitsInTheDefaultPool() throws Exception {
        wizard.methodProperty().set(InstallMethod.MANUAL);
        wizard.os().chosenProperty().set(db.byShortId("win11").orElseThrow());
        forwardTo(WizardStep.FINISH);
        HostFacts test = wizard.hostProperty().get();
        Path template = Files.write(dir.resolve("VARS.fd"), new byte[] {1, 2, 3});
        HostFacts noOvmf = withUefi(test, "x86_64", new UefiFirmware(false, "", ""));
        assertFalse(noOvmf.uefi().available());
        NewDomainSpec spec = wizard.spec(withUefi(test, "x86_64",
                new UefiFirmware(false, "/fw/CODE.fd", template.toString())), "");
        assertEquals(dir.resolve("pool").resolve("win11_VARS.fd").toString(), spec.nvram());
    }

    private HostFacts withUefi(HostFacts f, String arch, UefiFirmware uefi) {
        return new HostFacts(f.domainType(), f.containers(), f.machines(), f.memoryMiB(), f.cpus(), f.domainNames(),
                f.networks(), f.poolName(), dir.resolve("pool").toString(), f.poolAvailableBytes(), arch,
                f.storagePools(), f.volumes(), uefi, f.q35());
    }

    @Test
    void aDebianNetbootTreeIsBootedByItsKernelWithTheMirrorOnTheCommandLine() throws Exception {
        // test:///default runs i686 guests: Debian's i386 installer.
        String tree = "/debian/dists/bullseye/main/installer-i386/";
        server.put(tree + "current/images/netboot/debian-installer/i386/linux", "KERNEL");
        server.put(tree + "current/images/netboot/debian-installer/i386/initrd.gz", "INITRD");
        int port = server.port();
        wizard.methodProperty().set(InstallMethod.NETWORK_INSTALL);
        forwardTo(WizardStep.SOURCE);
        assertFalse(wizard.next(), "a URL is needed");
        assertTrue(wizard.errorProperty(WizardField.INSTALL_URL).get().startsWith("Enter the install tree's URL"));
        wizard.installUrlProperty().set("http://127.0.0.1:" + port + tree);
        assertTrue(wizard.next());
        assertEquals("Detected Debian 11 from the install tree", wizard.detectMessageProperty().get());
        assertEquals("debian11", wizard.nameProperty().get());
        forwardTo(WizardStep.FINISH);
        wizard.customizeProperty().set(true);
        wizard.finish();
        String xml = definedXml();
        Path kernel = dir.resolve("boot/debian11-kernel");
        Path initrd = dir.resolve("boot/debian11-initrd");
        assertTrue(xml.contains("<kernel>" + kernel + "</kernel>\n    <initrd>" + initrd + "</initrd>\n"
                + "    <cmdline>mirror/country=manual mirror/protocol=http mirror/http/hostname=127.0.0.1:" + port
                + " mirror/http/directory=/debian</cmdline>"), xml);
        assertFalse(xml.contains("device='cdrom'"), xml);
        assertArrayEquals("KERNEL".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(kernel));
        assertArrayEquals("INITRD".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(initrd));
    }

    /** Network install from the Fedora tree with those kernel options, through Finish; returns the tree's URL. */
    private String fedoraNetworkInstall(String kernelOptions, boolean customize) {
        String url = serveFedora36();
        wizard.methodProperty().set(InstallMethod.NETWORK_INSTALL);
        forwardTo(WizardStep.SOURCE);
        wizard.installUrlProperty().set(url);
        wizard.kernelOptionsProperty().set(kernelOptions);
        forwardTo(WizardStep.FINISH);
        wizard.customizeProperty().set(customize);
        wizard.finish();
        return url;
    }

    @Test
    void aFedoraTreeinfoTreeGetsInstRepo() throws Exception {
        String url = fedoraNetworkInstall("", true);
        assertEquals("fedora36", wizard.os().chosenProperty().get().shortId());
        assertTrue(definedXml().contains("<cmdline>inst.repo=" + url + "</cmdline>"));
    }

    @Test
    void kernelOptionsFollowTheTreesOwnArguments() throws Exception {
        String url = fedoraNetworkInstall("  console=ttyS0 inst.text ", true);
        assertTrue(definedXml().contains("<cmdline>inst.repo=" + url + " console=ttyS0 inst.text</cmdline>"), definedXml());
    }

    @Test
    void aStartedNetworkInstallBootsItsDiskNextTime() throws Exception {
        fedoraNetworkInstall("", false);
        assertEquals(List.of(), dialogs.errors);
        var uuid = created.get(0).domain().uuid();
        String live = connection.domains().xml(uuid, false);
        assertTrue(live.contains("<kernel>"), "this boot runs the installer: " + live);
        String persistent = connection.domains().xml(uuid, true);
        assertFalse(persistent.contains("<kernel>") || persistent.contains("<cmdline>"), persistent);
        assertTrue(persistent.contains("<boot dev='hd'/>"), persistent);
    }

    /** Finish with "Customize configuration before install" on a Fedora tree; the domain's window, as Windows opens it. */
    private DomainWindowViewModel customisedNetworkInstall() {
        fedoraNetworkInstall("", true);
        assertEquals(List.of(), dialogs.errors);
        NewDomainViewModel.Created made = created.get(0);
        assertFalse(made.domain().isActive(), "customising: defined, not started");
        DomainWindowViewModel window = new DomainWindowViewModel(connection, made.domain().uuid(), "test default",
                new CurrentThreadTaskExecutor(), dialogs, new Preferences(Settings.defaults(), saved -> { }), SCHEMA,
                Runnable::run);
        window.customizeBeforeInstall(uuid -> made.install().start(connection, uuid));
        return window;
    }

    @Test
    void beginInstallationAfterCustomisingBootsTheInstallKernelOnceAndSavesTheDiskBoot() {
        DomainWindowViewModel window = customisedNetworkInstall();
        try {
            UUID uuid = created.get(0).domain().uuid();
            assertTrue(connection.domains().xml(uuid, true).contains("<kernel>"), "the install's kernel until Begin");
            window.beginInstall();
            assertEquals(List.of(), dialogs.errors);
            assertTrue(connection.domains().byUuid(uuid).orElseThrow().isActive());
            String live = connection.domains().xml(uuid, false);
            assertTrue(live.contains("<kernel>") && live.contains("<cmdline>inst.repo="), "this boot installs: " + live);
            String saved = connection.domains().xml(uuid, true);
            assertFalse(saved.contains("<kernel>") || saved.contains("<initrd>") || saved.contains("<cmdline>"), saved);
            assertTrue(saved.contains("<boot dev='hd'/>"), saved);
        } finally {
            window.close();
        }
    }

    @Test
    void aKernelChosenWhileCustomisingStaysInTheSavedDefinition() {
        DomainWindowViewModel window = customisedNetworkInstall();
        try {
            UUID uuid = created.get(0).domain().uuid();
            Path own = dir.resolve("own-vmlinuz");
            String xml = connection.domains().xml(uuid, true);
            connection.domains().define(xml.replaceFirst("<kernel>[^<]*</kernel>", "<kernel>" + own + "</kernel>"));
            window.beginInstall();
            assertEquals(List.of(), dialogs.errors);
            String saved = connection.domains().xml(uuid, true);
            assertTrue(saved.contains("<kernel>" + own + "</kernel>") && saved.contains("<initrd>")
                    && saved.contains("<cmdline>"), "the person's direct boot, with its initrd and command line: " + saved);
        } finally {
            window.close();
        }
    }

    @Test
    void anUnreachableUrlOrOneWithoutATreeIsRefusedOnItsStep() throws Exception {
        int closed;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = free.getLocalPort();
        }
        wizard.methodProperty().set(InstallMethod.NETWORK_INSTALL);
        forwardTo(WizardStep.SOURCE);
        wizard.installUrlProperty().set("http://127.0.0.1:" + closed + "/debian");
        assertFalse(wizard.next());
        assertTrue(wizard.errorProperty(WizardField.INSTALL_URL).get().startsWith("Cannot reach http://127.0.0.1:"
                + closed + "/debian/.treeinfo"), wizard.errorProperty(WizardField.INSTALL_URL).get());
        String empty = "http://127.0.0.1:" + server.port() + "/nothing/";
        wizard.installUrlProperty().set(empty);
        assertFalse(wizard.next());
        assertEquals("No install tree for i686 at " + empty + ": it has no .treeinfo and none of the installer"
                + " kernels osinfo-db knows", wizard.errorProperty(WizardField.INSTALL_URL).get());
        assertEquals(WizardStep.SOURCE, wizard.stepProperty().get());
        int before = domainCount();
        wizard.finish();
        assertTrue(created.isEmpty());
        assertEquals(before, domainCount());
    }
}
