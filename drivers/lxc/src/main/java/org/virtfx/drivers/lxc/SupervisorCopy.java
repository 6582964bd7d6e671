package org.virtfx.drivers.lxc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/**
 * The supervisor program for a run from a checkout, where no installed copy exists: built from
 * {@code src/main/c/lxc-supervisor.c} into the jar and copied out next to the driver's state (a
 * jar entry cannot be executed). The copy is replaced atomically when it differs, so a running
 * container's supervisor keeps its old file.
 */
final class SupervisorCopy {
    private SupervisorCopy() {
    }

    static Path install(Path stateDirectory) {
        byte[] program;
        try (InputStream in = SupervisorCopy.class.getResourceAsStream(SupervisorProgram.FILE_NAME)) {
            if (in == null) {
                throw VirtException.of(ErrorCode.INTERNAL_ERROR, "the LXC driver's supervisor program is missing"
                        + " from its jar (it is built with cc at package time)");
            }
            program = in.readAllBytes();
        } catch (IOException e) {
            throw VirtException.system("cannot read the supervisor program", e);
        }
        Path target = stateDirectory.resolve(SupervisorProgram.FILE_NAME);
        try {
            Files.createDirectories(stateDirectory);
            if (Files.isRegularFile(target) && Arrays.equals(Files.readAllBytes(target), program)) {
                return target;
            }
            Path temporary = Files.createTempFile(stateDirectory, ".supervisor", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.write(temporary, program);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw VirtException.system("cannot install the supervisor program in " + stateDirectory, e);
        }
    }
}
