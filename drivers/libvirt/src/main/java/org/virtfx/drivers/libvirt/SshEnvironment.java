package org.virtfx.drivers.libvirt;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.virtfx.drivers.libvirt.binding.ProcessEnvironment;

/**
 * The environment libvirt's ssh transport runs {@code ssh} in. libvirt 9.0 passes ssh only
 * {@code SSH_ASKPASS}, {@code DISPLAY}, {@code XAUTHORITY} and {@code SSH_AUTH_SOCK} of ours
 * (not {@code SSH_ASKPASS_REQUIRE}), and ssh uses an askpass only when {@code DISPLAY} is set and
 * it cannot open a terminal. So this process's {@code SSH_ASKPASS} names VirtFX's askpass, and
 * {@code DISPLAY} gets a placeholder where it is unset (a command line on a server): ssh only
 * checks that it is there. Where ssh has a terminal (a CLI run in one), it asks there itself.
 * One per process, since the environment is (the point of the static state).
 */
final class SshEnvironment {
    private static SshAskpass askpass;

    private SshEnvironment() {
    }

    /** The process's askpass, made and named in the environment on the first ssh connection. */
    static synchronized SshAskpass askpass() {
        if (askpass == null) {
            String shipped = System.getProperty(SshAskpass.PROPERTY, "");
            SshAskpass started = SshAskpass.start(privateParent(),
                    shipped.isEmpty() ? Optional.empty() : Optional.of(Path.of(shipped)));
            ProcessEnvironment.set("SSH_ASKPASS", started.command().toString());
            if (ProcessEnvironment.get("DISPLAY").isEmpty()) {
                ProcessEnvironment.set("DISPLAY", "virtfx-askpass:0");
            }
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "virtfx-askpass-cleanup"));
            askpass = started;
        }
        return askpass;
    }

    /** The user's runtime directory where there is one (removed at logout), else the temporary directory. */
    private static Path privateParent() {
        return ProcessEnvironment.get("XDG_RUNTIME_DIR").map(Path::of).filter(Files::isWritable)
                .orElseGet(() -> Path.of(System.getProperty("java.io.tmpdir")));
    }
}
