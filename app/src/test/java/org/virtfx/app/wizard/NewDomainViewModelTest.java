package org.virtfx.app.wizard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtfx.app.settings.NewVmDefaults;
import org.virtfx.app.testing.ScriptedDialogs;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.osinfo.IsoImages;
import org.virtfx.core.osinfo.OsDatabase;
import org.virtfx.core.osinfo.OsEntry;
import org.virtfx.core.osinfo.OsInstall;
import org.virtfx.core.osinfo.SystemOsDatabase;
import org.virtfx.core.task.CurrentThreadTaskExecutor;
import org.virtfx.core.xml.SchemaValidator;

/** The New VM wizard's steps and Finish on test:///default, tasks run on the calling thread. */
class NewDomainViewModelTest {
    @TempDir
    Path media;
    private static final SchemaValidator SCHEMA = new SchemaValidator();

    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private final List<NewDomainViewModel.Created> created = new ArrayList<>();
    private Connection connection;
    private NewDomainViewModel wizard;

    @BeforeEach
    void open() {
        connection = DriverRegistry.discover().open("test:///default");
        wizard = new NewDomainViewModel(List.of(new WizardConnection("test default", connection)),
                new CurrentThreadTaskExecutor(), dialogs, SCHEMA, created::add);
    }

    @AfterEach
    void close() {
        connection.close();
    }

    private void forwardTo(WizardStep target) {
        while (wizard.stepProperty().get() != target) {
            assertTrue(wizard.next(), "refused on " + wizard.stepProperty().get());
        }
    }

    @Test
    void offersContainerAndMachineMethodsWithHostMaxima() {
        assertEquals(List.of(InstallMethod.values()), wizard.methods());
        assertEquals(InstallMethod.APPLICATION_CONTAINER, wizard.methodProperty().get());
        assertEquals("Up to 3072 MiB available on the host", wizard.memoryHintProperty().get());
        assertEquals("Up to 16 available", wizard.cpusHintProperty().get());
        assertEquals("container1", wizard.nameProperty().get());
        assertEquals("Step 1 of 5", wizard.stepTextProperty().get());
    }

    @Test
    void applicationContainerIsDefinedAndStarted() {
        wizard.initPathProperty().set("/usr/bin/httpd");
        wizard.initArgsProperty().set("-f\n/etc/httpd.conf");
        forwardTo(WizardStep.FINISH);
        wizard.nameProperty().set("web1");
        wizard.finish();
        assertEquals(List.of(), dialogs.errors);
        assertEquals(1, created.size());
        assertEquals(DomainState.RUNNING, created.get(0).domain().state());
        assertFalse(created.get(0).customize());
        String xml = connection.domains().xml(created.get(0).domain().uuid(), true);
        assertTrue(xml.contains("<type arch='i686'>exe</type>\n    <init>/usr/bin/httpd</init>\n"
                + "    <initarg>-f</initarg>\n    <initarg>/etc/httpd.conf</initarg>"), xml);
        assertTrue(xml.contains("<source network='default'/>"), xml);
        assertTrue(xml.contains("<target type='lxc' port='0'/>"), xml);
    }

    @Test
    void missingInitPathIsRefusedOnItsPage() {
        wizard.initPathProperty().set("");
        assertTrue(wizard.next());
        assertFalse(wizard.next());
        assertEquals(WizardStep.SOURCE, wizard.stepProperty().get());
        assertTrue(wizard.errorProperty(WizardField.INIT_PATH).get().startsWith("An init path is required"));
        wizard.initPathProperty().set("bin/sh");
        assertFalse(wizard.next());
        assertTrue(wizard.errorProperty(WizardField.INIT_PATH).get().contains("absolute"));
        wizard.initPathProperty().set("/bin/sh");
        assertTrue(wizard.next());
        assertEquals("", wizard.errorProperty(WizardField.INIT_PATH).get());
    }

    @Test
    void memoryAboveTheHostIsRefusedOnItsPage() {
        forwardTo(WizardStep.RESOURCES);
        wizard.memoryMiBProperty().set(4096);
        assertFalse(wizard.next());
        assertEquals("Only 3072 MiB are available on the host", wizard.errorProperty(WizardField.MEMORY).get());
        wizard.memoryMiBProperty().set(512);
        assertTrue(wizard.next());
    }

    @Test
    void takenAndIllegalNamesAreRefusedOnTheLastPage() {
        forwardTo(WizardStep.FINISH);
        wizard.nameProperty().set("test");
        wizard.finish();
        assertEquals("Name 'test' is already in use by another domain", wizard.errorProperty(WizardField.NAME).get());
        wizard.nameProperty().set("my vm/1");
        wizard.finish();
        assertTrue(wizard.errorProperty(WizardField.NAME).get().startsWith("Invalid character ' '"));
        assertTrue(created.isEmpty());
        assertEquals(1, connection.domains().list().size());
    }

    @Test
    void aMissingInstallMediaIsRefusedAndNothingIsCreated() {
        wizard.methodProperty().set(InstallMethod.LOCAL_MEDIA);
        forwardTo(WizardStep.SOURCE);
        String missing = media.resolve("missing.iso").toString();
        wizard.mediaPathProperty().set(missing);
        forwardTo(WizardStep.FINISH);
        wizard.finish();
        assertEquals(List.of("Unable to complete install | Cannot access storage file '" + missing
                + "': No such file or directory"), dialogs.errors);
        assertTrue(created.isEmpty());
        var pool = connection.storage().lookupPool("default-pool");
        assertFalse(connection.storage().listVolumes(pool.uuid()).stream().anyMatch(v -> v.name().equals("vm1.qcow2")),
                "no image made for a guest that is not defined");
    }

    @Test
    void localMediaInstallCreatesItsImageAndWaitsWhenCustomised() throws Exception {
        wizard.methodProperty().set(InstallMethod.LOCAL_MEDIA);
        assertEquals("vm1", wizard.nameProperty().get());
        forwardTo(WizardStep.SOURCE);
        assertFalse(wizard.next(), "the media path is required");
        String iso = IsoImages.write(media.resolve("installer.iso"), "MY INSTALLER", "", "", "").toString();
        wizard.mediaPathProperty().set(iso);
        forwardTo(WizardStep.FINISH);
        wizard.customizeProperty().set(true);
        wizard.finish();
        assertEquals(List.of(), dialogs.errors);
        NewDomainViewModel.Created done = created.get(0);
        assertTrue(done.customize());
        assertEquals(DomainState.SHUTOFF, done.domain().state(), "customised domains start on Begin");
        String xml = connection.domains().xml(done.domain().uuid(), true);
        assertTrue(xml.contains("<source file='" + iso + "'/>"), xml);
        assertTrue(xml.contains("<boot dev='cdrom'/>\n    <boot dev='hd'/>"), xml);
        var pool = connection.storage().lookupPool("default-pool");
        assertTrue(connection.storage().listVolumes(pool.uuid()).stream().anyMatch(v -> v.name().equals("vm1.qcow2")));
    }

    @Test
    void newVmPreferencesShapeTheNewMachine() {
        NewVmDefaults defaults = NewVmDefaults.SYSTEM.withGraphics("spice").withStorageFormat("raw")
                .withCpu("host-passthrough").withFirmware("uefi");
        wizard = new NewDomainViewModel(List.of(new WizardConnection("test default", connection)),
                new CurrentThreadTaskExecutor(), dialogs, SCHEMA, defaults, created::add);
        wizard.methodProperty().set(InstallMethod.MANUAL);
        forwardTo(WizardStep.FINISH);
        wizard.customizeProperty().set(true);
        wizard.finish();
        assertEquals(List.of(), dialogs.errors);
        String xml = connection.domains().xml(created.get(0).domain().uuid(), true);
        assertTrue(xml.contains("<os firmware='efi'>"), xml);
        assertTrue(xml.contains("<cpu mode='host-passthrough'"), xml);
        assertTrue(xml.contains("<graphics type='spice'"), xml);
        assertTrue(xml.contains("<driver name='qemu' type='raw'/>"), xml);
        var pool = connection.storage().lookupPool("default-pool");
        var image = connection.storage().listVolumes(pool.uuid()).stream().filter(v -> v.name().equals("vm1.img"))
                .findFirst().orElseThrow();
        assertEquals("raw", image.format());
    }

    @Test
    void choosingAnOsSetsResourcesNameAndMetadata() {
        OsDatabase db = SystemOsDatabase.require();
        wizard.methodProperty().set(InstallMethod.MANUAL);
        assertEquals(List.of(OsEntry.GENERIC), wizard.os().matches().subList(0, 1));
        wizard.memoryMiBProperty().set(512);
        wizard.os().searchProperty().set("debian11");
        OsEntry debian = db.byShortId("debian11").orElseThrow();
        assertTrue(wizard.os().matches().contains(debian), wizard.os().matches().toString());
        wizard.os().chosenProperty().set(debian);
        assertEquals(1024, wizard.memoryMiBProperty().get(), "debian-11.xml recommends 1 GiB");
        assertEquals(2, wizard.cpusProperty().get(), "twice the minimum of one");
        assertEquals(20, wizard.diskGiBProperty().get());
        assertEquals("debian11", wizard.nameProperty().get());
        assertEquals("OS:", wizard.summary().get(0)[0]);
        assertEquals("Debian 11", wizard.summary().get(0)[1]);
        forwardTo(WizardStep.FINISH);
        String built = NewDomainXml.build(wizard.spec(wizard.hostProperty().get(), "/var/lib/libvirt/images/d.qcow2"));
        assertEquals(List.of(), SCHEMA.problems(SchemaValidator.Kind.DOMAIN, built), built);
        wizard.finish();
        assertEquals(List.of(), dialogs.errors);
        String xml = connection.domains().xml(created.get(0).domain().uuid(), true);
        assertTrue(xml.contains("<metadata>\n    <libosinfo:libosinfo xmlns:libosinfo=\"http://libosinfo.org/xmlns/libvirt/domain/1.0\">\n"
                + "      <libosinfo:os id=\"http://debian.org/debian/11\"/>"), xml);
    }

    @Test
    void containersRecordNoOs() {
        wizard.os().chosenProperty().set(new OsEntry("http://example.org/x", List.of("x1"), "X", "1", "", "", "",
                Optional.empty(), Optional.empty(), "", Map.of(), Map.of(), OsInstall.NONE));
        assertEquals("container1", wizard.nameProperty().get());
        assertEquals("", wizard.spec(wizard.hostProperty().get(), "").osId());
    }

    @Test
    void importSkipsTheStorageStep() {
        wizard.methodProperty().set(InstallMethod.IMPORT_DISK);
        assertEquals("Step 1 of 4", wizard.stepTextProperty().get());
        wizard.next();
        wizard.importPathProperty().set("/var/lib/libvirt/images/old.img");
        wizard.next();
        wizard.next();
        assertEquals(WizardStep.FINISH, wizard.stepProperty().get());
        wizard.back();
        assertEquals(WizardStep.RESOURCES, wizard.stepProperty().get());
    }

    @Test
    void diskLargerThanThePoolIsRefused() {
        wizard.methodProperty().set(InstallMethod.MANUAL);
        forwardTo(WizardStep.STORAGE);
        wizard.diskGiBProperty().set(100_000);
        assertFalse(wizard.next());
        assertTrue(wizard.errorProperty(WizardField.DISK_SIZE).get().startsWith("Only "),
                wizard.errorProperty(WizardField.DISK_SIZE).get());
        int domains = connection.domains().list().size();
        wizard.finish();
        assertEquals(WizardStep.STORAGE, wizard.stepProperty().get());
        assertTrue(created.isEmpty());
        assertEquals(domains, connection.domains().list().size());
    }

    @Test
    void everyMethodBuildsSchemaValidXml() {
        HostFacts facts = wizard.hostProperty().get();
        for (InstallMethod method : InstallMethod.values()) {
            wizard.methodProperty().set(method);
            wizard.rootDirProperty().set("/srv/rootfs");
            wizard.mediaPathProperty().set("/srv/a.iso");
            wizard.shareSourceProperty().set("/srv/data");
            wizard.shareTargetProperty().set("/data");
            String xml = NewDomainXml.build(wizard.spec(facts, "/var/lib/libvirt/images/x.qcow2"));
            assertEquals(List.of(), SCHEMA.problems(SchemaValidator.Kind.DOMAIN, xml), method + ":\n" + xml);
        }
    }
}
