package org.virtfx.app.details;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.virtfx.app.preferences.Preferences;
import org.virtfx.app.settings.Settings;
import org.virtfx.app.testing.ScriptedDialogs;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.task.CurrentThreadTaskExecutor;
import org.virtfx.core.xml.SchemaValidator;

/**
 * The device pages beyond disks and NICs, on a domain defined on test:///default with one of
 * each device: each loads, edits the persistent definition on Apply, keeps what it does not
 * show, and names the field when a value is wrong.
 */
class DevicePagesTest {
    private static final SchemaValidator SCHEMA = new SchemaValidator();
    private static final String DOMAIN = """
            <domain type='test'>
              <name>devices</name>
              <memory unit='MiB'>256</memory>
              <os><type>hvm</type></os>
              <devices>
                <controller type='usb' index='0' model='piix3-uhci'/>
                <controller type='pci' index='0' model='pci-root'/>
                <controller type='virtio-serial' index='0'/>
                <input type='tablet' bus='usb'/>
                <sound model='ich6'><codec type='micro'/></sound>
                <channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>
                <video><model type='qxl' ram='65536' vram='65536' vgamem='16384' heads='1' primary='yes'/></video>
                <watchdog model='i6300esb' action='reset'/>
                <tpm model='tpm-crb'><backend type='emulator' version='2.0'/></tpm>
                <rng model='virtio'><backend model='random'>/dev/urandom</backend><rate bytes='1024'/></rng>
                <panic model='isa'/>
                <smartcard mode='passthrough' type='spicevmc'/>
                <redirdev bus='usb' type='spicevmc'/>
                <vsock model='virtio'><cid auto='yes'/></vsock>
              </devices>
            </domain>
            """;

    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private Connection connection;
    private DomainWindowViewModel vm;

    @BeforeEach
    void open() {
        connection = DriverRegistry.discover().open("test:///default");
        connection.domains().define(DOMAIN);
        vm = new DomainWindowViewModel(connection, connection.domains().lookup("devices").uuid(), "test default",
                new CurrentThreadTaskExecutor(), dialogs, new Preferences(Settings.defaults(), change -> { }),
                SCHEMA, Runnable::run);
    }

    @AfterEach
    void close() {
        vm.close();
        connection.close();
    }

    @SuppressWarnings("unchecked")
    private <T extends DetailsPage> T page(String label) {
        vm.selectedProperty().set(vm.hardware().stream().filter(i -> i.label().equals(label)).findFirst()
                .orElseThrow(() -> new AssertionError(label + " not in " + vm.hardware())));
        return (T) vm.pageProperty().get();
    }

    private String applied() {
        vm.apply();
        assertEquals(List.of(), dialogs.errors);
        String xml = connection.domains().xml(vm.summaryProperty().get().uuid(), true);
        assertEquals(List.of(), SCHEMA.problems(SchemaValidator.Kind.DOMAIN, xml));
        return xml;
    }

    private String refused() {
        String before = connection.domains().xml(vm.summaryProperty().get().uuid(), true);
        vm.apply();
        assertEquals(before, connection.domains().xml(vm.summaryProperty().get().uuid(), true));
        assertEquals(1, dialogs.errors.size(), dialogs.errors.toString());
        return dialogs.errors.remove(0);
    }

    /** The test driver adds the CCID controller the smartcard sits on, as libvirt does. */
    @Test
    void listsDevicesByVirtManagersNames() {
        assertEquals(List.of("Controller USB 0", "Controller PCI 0", "Controller VirtIO Serial 0",
                "Controller CCID 0", "Tablet",
                "Sound ich6", "Channel (qemu-ga)", "Video QXL", "Watchdog", "TPM v2.0", "RNG /dev/urandom",
                "Panic Notifier", "Smartcard", "USB Redirector 1", "VirtIO VSOCK"),
                vm.hardware().stream().filter(i -> i.kind().isDevice()).map(HardwareItem::label)
                        .filter(l -> !l.equals("Memory balloon")).toList());
    }

    @Test
    void soundModelChangesAndItsCodecStays() {
        SoundPage sound = page("Sound ich6");
        assertEquals("ich6", sound.modelProperty().get());
        sound.modelProperty().set("ac97");
        assertTrue(sound.isDirty());
        String xml = applied();
        assertTrue(xml.contains("<sound model='ac97'>\n      <codec type='micro'/>"), xml);
        assertTrue(vm.hardware().stream().anyMatch(i -> i.label().equals("Sound ac97")));

        ((SoundPage) page("Sound ac97")).modelProperty().set("beeper");
        assertEquals("The change cannot be applied | Model: 'beeper' is not one of ich9, ich6, ich7, ac97, es1370,"
                + " sb16, usb, pcspk", refused());
    }

    @Test
    void aNewVideoModelDropsTheOldSizesAnd3dIsVirtioOnly() {
        VideoPage video = page("Video QXL");
        assertEquals("1", video.headsProperty().get());
        assertEquals("65536 KiB", video.ramProperty().get());
        assertFalse(video.accel3dAvailableProperty().get());
        video.accel3dProperty().set(true);
        video.modelProperty().set("virtio");
        assertTrue(video.accel3dAvailableProperty().get());
        String xml = applied();
        assertTrue(xml.contains("<model type='virtio' primary='yes'>\n        <acceleration accel3d='yes'/>"), xml);

        VideoPage again = page("Video Virtio");
        assertTrue(again.accel3dProperty().get());
        again.modelProperty().set("vga");
        xml = applied();
        assertTrue(xml.contains("<model type='vga' primary='yes'/>"), "3D goes with virtio:\n" + xml);
    }

    @Test
    void usbControllerModelsChangeButPciOnesOnlyShow() {
        ControllerPage usb = page("Controller USB 0");
        assertTrue(usb.modelEditableProperty().get());
        assertTrue(usb.models().contains("qemu-xhci"));
        usb.modelProperty().set("qemu-xhci");
        assertTrue(applied().contains("<controller type='usb' index='0' model='qemu-xhci'/>"));

        ControllerPage pci = page("Controller PCI 0");
        assertEquals("pci", pci.typeProperty().get());
        assertEquals("0", pci.indexProperty().get());
        assertEquals("pci-root", pci.modelProperty().get());
        assertFalse(pci.modelEditableProperty().get());

        ControllerPage serial = page("Controller VirtIO Serial 0");
        serial.modelProperty().set("qemu-xhci");
        assertTrue(refused().contains("Model: 'qemu-xhci' is not one of virtio"));
    }

    @Test
    void watchdogActionChangesAndCanBeRemoved() {
        WatchdogPage watchdog = page("Watchdog");
        assertEquals("reset", watchdog.actionProperty().get());
        watchdog.actionProperty().set("poweroff");
        assertTrue(applied().contains("<watchdog model='i6300esb' action='poweroff'/>"));

        page("Watchdog");
        vm.removeSelected();
        String xml = connection.domains().xml(vm.summaryProperty().get().uuid(), true);
        assertFalse(xml.contains("<watchdog"), xml);
        assertTrue(vm.hardware().stream().noneMatch(i -> i.kind() == HardwareKind.WATCHDOG));
    }

    @Test
    void tpmGoesToPassthroughWithADevicePathAndBack() {
        TpmPage tpm = page("TPM v2.0");
        assertEquals("emulator", tpm.fields().backendProperty().get());
        tpm.fields().backendProperty().set("passthrough");
        tpm.fields().devicePathProperty().set("dev/tpm0");
        assertTrue(refused().contains("Device path: give an absolute path"));
        tpm.fields().devicePathProperty().set("/dev/tpm0");
        tpm.fields().modelProperty().set("tpm-tis");
        String xml = applied();
        assertTrue(xml.contains("<tpm model='tpm-tis'>\n      <backend type='passthrough'>\n"
                + "        <device path='/dev/tpm0'/>"), xml);

        TpmPage passthrough = page("TPM /dev/tpm0");
        passthrough.fields().backendProperty().set("emulator");
        passthrough.fields().versionProperty().set("1.2");
        assertTrue(applied().contains("<backend type='emulator' version='1.2'/>"));
    }

    @Test
    void rngMovesToAnEgdDaemonAndKeepsItsRate() {
        RngPage rng = page("RNG /dev/urandom");
        assertEquals("virtio", rng.modelProperty().get());
        assertTrue(rng.backend().randomProperty().get());
        rng.backend().backendProperty().set("egd");
        rng.backend().hostProperty().set("localhost");
        rng.backend().portProperty().set("port");
        assertEquals("The change cannot be applied | Port: give a port number from 1 to 65535", refused());
        rng.backend().portProperty().set("708");
        String xml = applied();
        assertTrue(xml.contains("<backend model='egd' type='tcp'>\n        <source mode='connect' host='localhost'"
                + " service='708'/>\n        <protocol type='raw'/>"), xml);
        assertTrue(xml.contains("<rate bytes='1024'/>"), xml);

        RngPage egd = page("RNG");
        assertEquals("708", egd.backend().portProperty().get());
        egd.backend().transportProperty().set("udp");
        egd.backend().portProperty().set("709");
        assertTrue(applied().contains("<backend model='egd' type='udp'>\n        <source mode='connect'"
                + " host='localhost' service='709'/>"));

        RngPage back = page("RNG");
        back.backend().backendProperty().set("random");
        back.backend().sourcePathProperty().set("/dev/hwrng");
        assertTrue(applied().contains("<backend model='random'>/dev/hwrng</backend>"));
    }

    @Test
    void inputAndChannelPagesShowTheirDevices() {
        InputPage input = page("Tablet");
        assertEquals("USB Tablet", input.typeProperty().get());
        assertEquals("Absolute Movement", input.modeProperty().get());
        assertEquals("USB", input.busProperty().get());
        assertFalse(input.isDirty());

        ChannelPage channel = page("Channel (qemu-ga)");
        assertEquals("unix", channel.deviceTypeProperty().get());
        assertEquals("virtio", channel.targetTypeProperty().get());
        assertEquals("org.qemu.guest_agent.0", channel.targetNameProperty().get());
    }

    @Test
    void panicModelBlankMeansTheMachinesDefault() {
        PanicPage panic = page("Panic Notifier");
        assertEquals("isa", panic.modelProperty().get());
        panic.modelProperty().set("");
        assertTrue(applied().contains("<panic/>"));
    }
}
