package org.virtfx.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.virtfx.core.connect.DriverChoice;

class GuiArgumentsTest {

    @Test
    void readsVirtManagersOptionsInBothSpellings() {
        assertEquals(Optional.of(new GuiOptions(List.of("test:///default", "lxc:///"), Optional.empty(), Optional.empty(),
                        Optional.of("web"), false, false, true)),
                GuiArguments.parse(new String[] {"-c", "test:///default", "--connect=lxc:///",
                        "--show-domain-editor", "web", "--debug"}));
        assertEquals(Optional.of(new GuiOptions(List.of(), Optional.empty(), Optional.empty(), Optional.empty(), false,
                        false, false)), GuiArguments.parse(new String[0]));
    }

    @Test
    void readsTheDriverChoiceInBothSpellings() {
        assertEquals(Optional.of(DriverChoice.LIBVIRT),
                GuiArguments.parse(new String[] {"-c", "qemu:///system", "--driver", "libvirt"}).orElseThrow().driver());
        assertEquals(Optional.of(DriverChoice.BUILTIN),
                GuiArguments.parse(new String[] {"--driver=builtin"}).orElseThrow().driver());
        assertTrue(GuiArguments.parse(new String[] {"--driver", "native"}).isEmpty(), "the full parser reports it");
    }

    @Test
    void leavesCommandsHelpAndMistakesToTheFullParser() {
        assertTrue(GuiArguments.parse(new String[] {"-c", "test:///default", "list"}).isEmpty());
        assertTrue(GuiArguments.parse(new String[] {"--help"}).isEmpty());
        assertTrue(GuiArguments.parse(new String[] {"--connect"}).isEmpty());
        assertTrue(GuiArguments.parse(new String[] {"-c", "--debug"}).isEmpty());
        assertTrue(GuiArguments.parse(new String[] {"--frobnicate"}).isEmpty());
    }
}
