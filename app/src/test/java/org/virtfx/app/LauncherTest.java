package org.virtfx.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.virtfx.core.connect.DriverChoice;
import picocli.CommandLine;

class LauncherTest {
    private final Launcher.DriverChoiceConverter converter = new Launcher.DriverChoiceConverter();

    @Test
    void driverTakesItsThreeWordsAndNamesThemWhenRefusing() {
        assertEquals(DriverChoice.AUTO, converter.convert("auto"));
        assertEquals(DriverChoice.LIBVIRT, converter.convert("libvirt"));
        assertEquals("invalid argument: unknown driver choice 'native' (expected auto, libvirt, builtin)",
                assertThrows(CommandLine.TypeConversionException.class, () -> converter.convert("native")).getMessage());
    }

    @Test
    @Timeout(10)
    void anAtFileArgumentIsACommandWordNotAFileToRead() {
        Launcher launcher = new Launcher();
        Launcher.parser(launcher).parseArgs("-c", "test:///default", "@/dev/zero");
        assertEquals(List.of("@/dev/zero"), launcher.commands());
    }
}
