package org.virtfx.drivers.lxc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtfx.core.error.VirtException;

/** Which supervisor program the driver runs: the installed one, or in a checkout a copy from the jar. */
class SupervisorProgramTest {
    @TempDir
    Path directory;

    @Test
    void installedProgramIsUsedAndNothingIsWrittenToTheStateDirectory() throws IOException {
        Path installed = program("opt/virtfx/lib", "rwxr-xr-x");
        Path state = directory.resolve("run");

        assertEquals(installed, SupervisorProgram.select(Optional.of(installed), state));
        assertFalse(Files.exists(state), "a packaged run wrote to its state directory");
    }

    @Test
    void launcherPathWithDotDotNamesTheInstalledFile() throws IOException {
        // The launcher names lib/app/../FILE (installers/pom.xml); errors and ps should show lib/FILE.
        Path installed = program("opt/virtfx/lib", "rwxr-xr-x");
        Path named = directory.resolve("opt/virtfx/lib/app/../" + SupervisorProgram.FILE_NAME);

        assertEquals(installed, SupervisorProgram.select(Optional.of(named), directory.resolve("run")));
    }

    @Test
    void checkoutRunCopiesTheProgramOutOfTheJar() throws IOException {
        Path state = directory.resolve("run");

        Path copy = SupervisorProgram.select(Optional.empty(), state);

        assertEquals(state.resolve(SupervisorProgram.FILE_NAME), copy);
        assertTrue(Files.isExecutable(copy));
        try (InputStream jar = SupervisorCopy.class.getResourceAsStream(SupervisorProgram.FILE_NAME)) {
            assertArrayEquals(jar.readAllBytes(), Files.readAllBytes(copy));
        }
    }

    @Test
    void installedProgramWithoutExecutePermissionIsAClearError() throws IOException {
        Path installed = program("opt/virtfx/lib", "rw-r--r--");
        Path state = directory.resolve("run");

        VirtException error = assertThrows(VirtException.class,
                () -> SupervisorProgram.select(Optional.of(installed), state));

        assertTrue(error.getMessage().contains(installed + " is not executable"), error.getMessage());
        assertFalse(Files.exists(state), "a broken installation fell back to writing a program");
    }

    @Test
    void installedProgramThatIsMissingIsAClearErrorNotACopy() {
        Path missing = directory.resolve("opt/virtfx/lib/" + SupervisorProgram.FILE_NAME);
        Path state = directory.resolve("run");

        VirtException error = assertThrows(VirtException.class,
                () -> SupervisorProgram.select(Optional.of(missing), state));

        assertTrue(error.getMessage().contains(missing + " is missing"), error.getMessage());
        assertFalse(Files.exists(state), "a broken installation fell back to writing a program");
    }

    private Path program(String folder, String permissions) throws IOException {
        Path dir = Files.createDirectories(directory.resolve(folder));
        Path file = dir.resolve(SupervisorProgram.FILE_NAME);
        Files.write(file, new byte[] {0x7f, 'E', 'L', 'F'});
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }
}
