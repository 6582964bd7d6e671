package org.virtfx.drivers.lxc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/**
 * Which supervisor program the driver runs (docs/decisions/0005). An installed package ships it
 * as a file of its own, which the launcher names in the system property {@value #PROPERTY}
 * (installers/pom.xml): a packaged application must not write programs at run time, and
 * desktops often mount /run, where the state directory lives, noexec. Only a run from a
 * checkout, which sets no such property, copies the program out of the jar.
 */
final class SupervisorProgram {
    static final String PROPERTY = "virtfx.lxc.supervisor";
    static final String FILE_NAME = "virtfx-lxc-supervisor";

    private SupervisorProgram() {
    }

    /** The program for this process: the one the launcher names, else a copy from the jar. */
    static Path forThisRun(Path stateDirectory) {
        String shipped = System.getProperty(PROPERTY, "");
        return select(shipped.isEmpty() ? Optional.empty() : Optional.of(Path.of(shipped)), stateDirectory);
    }

    /**
     * @param shipped the installed program, when this is an installation; a named file that is
     *                missing is a broken installation, not a reason to write a copy to /run
     */
    static Path select(Optional<Path> shipped, Path stateDirectory) {
        if (shipped.isPresent()) {
            Path program = shipped.get().toAbsolutePath().normalize();
            if (!Files.isRegularFile(program)) {
                throw VirtException.of(ErrorCode.OPERATION_FAILED, "the LXC supervisor program " + program
                        + " is missing; reinstall the virtfx package");
            }
            requireExecutable(program, "reinstall the virtfx package");
            return program;
        }
        Path copy = SupervisorCopy.install(stateDirectory);
        requireExecutable(copy, "the installed virtfx package ships the program as a file of its own");
        return copy;
    }

    // access(2) with X_OK, which also fails on a file system mounted noexec; as root it succeeds
    // when any execute bit is set, which is when exec would succeed too.
    private static void requireExecutable(Path program, String remedy) {
        if (!Files.isExecutable(program)) {
            throw VirtException.of(ErrorCode.OPERATION_FAILED, "the LXC supervisor program " + program
                    + " is not executable (no execute permission, or its file system is mounted noexec); " + remedy);
        }
    }
}
