package org.virtfx.app.wizard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtfx.app.testing.ScriptedDialogs;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.osinfo.SystemOsDatabase;
import org.virtfx.core.task.CurrentThreadTaskExecutor;
import org.virtfx.core.xml.SchemaValidator;

/** A machine whose OS requires UEFI, created by the wizard on VirtFX's own QEMU driver, starts on OVMF. */
class MachineInstallQemuTest {
    @TempDir
    Path dir;
    private EmbeddedQemu qemu;
    private Connection connection;

    @BeforeEach
    void open() {
        EmbeddedQemu.require(Files.isRegularFile(UefiFirmware.OVMF_CODE), "ovmf");
        qemu = EmbeddedQemu.open(dir);
        connection = qemu.connection;
    }

    @AfterEach
    void close() {
        if (qemu != null) {
            qemu.close();
        }
    }

    @Test
    void windows11StartsOnOvmfWithItsOwnVariableStore() throws Exception {
        var db = SystemOsDatabase.require();
        ScriptedDialogs dialogs = new ScriptedDialogs();
        List<NewDomainViewModel.Created> created = new ArrayList<>();
        NewDomainViewModel wizard = new NewDomainViewModel(List.of(new WizardConnection("qemu", connection)),
                new CurrentThreadTaskExecutor(), dialogs, new SchemaValidator(), created::add);
        wizard.nvramDirectory(dir.resolve("nvram"));
        assertEquals(UefiFirmware.installedOvmf(), wizard.hostProperty().get().uefi(), "the QEMU driver selects no firmware");
        assertEquals("x86_64", wizard.hostProperty().get().arch());
        wizard.methodProperty().set(InstallMethod.MANUAL);
        wizard.os().chosenProperty().set(db.byShortId("win11").orElseThrow());
        EmbeddedQemu.finishSmall(wizard);
        assertEquals(List.of(), dialogs.errors);
        var domain = connection.domains().lookup("win11");
        assertEquals(DomainState.RUNNING, domain.state());
        Path vars = dir.resolve("nvram/win11_VARS.fd");
        assertArrayEquals(Files.readAllBytes(UefiFirmware.OVMF_VARS), Files.readAllBytes(vars),
                "a fresh store, copied from the template");
        String xml = connection.domains().xml(domain.uuid(), false);
        assertTrue(xml.contains("<loader readonly='yes' type='pflash'>" + UefiFirmware.OVMF_CODE + "</loader>"), xml);
        assertTrue(xml.contains(">" + vars + "</nvram>"), xml);
    }
}
