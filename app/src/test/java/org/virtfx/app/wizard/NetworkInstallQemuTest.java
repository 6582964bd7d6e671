package org.virtfx.app.wizard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.virtfx.app.testing.ScriptedDialogs;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.domain.DomainConsole;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.osinfo.LoopbackFiles;
import org.virtfx.core.task.CurrentThreadTaskExecutor;
import org.virtfx.core.xml.SchemaValidator;
import org.virtfx.drivers.libvirt.LibvirtTestGuest;

/**
 * A network install on VirtFX's own QEMU driver: the wizard finds a tree served on loopback,
 * downloads its kernel and initrd (the test guest's), and the machine boots them to a shell on
 * its serial console; its saved definition then boots from disk.
 */
@Timeout(300)
class NetworkInstallQemuTest {
    @TempDir
    Path dir;
    private EmbeddedQemu qemu;
    private Connection connection;
    private LoopbackFiles server;

    @BeforeEach
    void open() throws IOException {
        qemu = EmbeddedQemu.open(dir);
        connection = qemu.connection;
        server = LoopbackFiles.start();
    }

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
        if (qemu != null) {
            qemu.close();
        }
    }

    @Test
    void theTreesKernelBootsOnQemuOnceAndTheSavedMachineBootsItsDisk() throws Exception {
        LibvirtTestGuest guest = LibvirtTestGuest.get();
        // A Fedora-shaped tree: osinfo-db knows it by its .treeinfo, which names the kernel and initrd.
        server.put("/f36/.treeinfo", "[general]\nfamily = Fedora\nversion = 36\narch = x86_64\nvariant = Server\n"
                + "[images-x86_64]\nkernel = images/pxeboot/vmlinuz\ninitrd = images/pxeboot/initrd.img\n");
        server.put("/f36/images/pxeboot/vmlinuz", Files.readAllBytes(guest.kernel()));
        server.put("/f36/images/pxeboot/initrd.img", Files.readAllBytes(guest.initrd()));
        String url = server.url("/f36/");

        ScriptedDialogs dialogs = new ScriptedDialogs();
        List<NewDomainViewModel.Created> created = new ArrayList<>();
        NewDomainViewModel wizard = new NewDomainViewModel(List.of(new WizardConnection("qemu", connection)),
                new CurrentThreadTaskExecutor(), dialogs, new SchemaValidator(), created::add);
        wizard.bootDirectory(dir.resolve("boot"));
        wizard.methodProperty().set(InstallMethod.NETWORK_INSTALL);
        assertTrue(wizard.next());
        wizard.installUrlProperty().set(url);
        wizard.kernelOptionsProperty().set("console=ttyS0");
        assertTrue(wizard.next(), wizard.errorProperty(WizardField.INSTALL_URL).get());
        assertEquals("fedora36", wizard.os().chosenProperty().get().shortId());
        EmbeddedQemu.finishSmall(wizard);
        assertEquals(List.of(), dialogs.errors);
        UUID uuid = created.get(0).domain().uuid();
        assertEquals(DomainState.RUNNING, connection.domains().lookup("fedora36").state());

        String live = connection.domains().xml(uuid, false);
        assertTrue(live.contains("<kernel>" + dir.resolve("boot/fedora36-kernel") + "</kernel>"), live);
        assertTrue(live.contains("<cmdline>inst.repo=" + url + " console=ttyS0</cmdline>"), live);
        try (DomainConsole console = connection.domains().openConsole(uuid)) {
            Serial serial = new Serial(console.input());
            serial.await("# ");
            // The shell's arithmetic, not its echo of the typed line, proves the guest runs it.
            console.output().write("echo booted-$((40+2))\r".getBytes(StandardCharsets.UTF_8));
            serial.await("booted-42");
        }
        String saved = connection.domains().xml(uuid, true);
        assertFalse(saved.contains("<kernel>") || saved.contains("<initrd>") || saved.contains("<cmdline>"), saved);
        assertTrue(saved.contains("<boot dev='hd'/>"), saved);
    }

    /** What the guest wrote on its serial port, read by a thread of its own. */
    private static final class Serial {
        private final ByteArrayOutputStream seen = new ByteArrayOutputStream();

        Serial(InputStream in) {
            Thread reader = new Thread(() -> {
                byte[] buffer = new byte[4096];
                try {
                    for (int n; (n = in.read(buffer)) > 0;) {
                        synchronized (seen) {
                            seen.write(buffer, 0, n);
                        }
                    }
                } catch (IOException closed) {
                    // The console closed or QEMU exited.
                }
            }, "serial-reader");
            reader.setDaemon(true);
            reader.start();
        }

        void await(String text) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (System.nanoTime() < deadline) {
                synchronized (seen) {
                    if (seen.toString(StandardCharsets.UTF_8).contains(text)) {
                        return;
                    }
                }
                Thread.sleep(100);
            }
            synchronized (seen) {
                fail("the serial console never showed '" + text + "'; it showed: " + seen.toString(StandardCharsets.UTF_8));
            }
        }
    }
}
