package org.virtfx.drivers.libvirt;

import java.util.Optional;
import java.util.Set;
import org.virtfx.core.auth.CredentialPrompt;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.ConnectionDriver;
import org.virtfx.core.connect.ConnectionUri;
import org.virtfx.core.connect.DriverKind;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.drivers.libvirt.binding.ConnectAuth;
import org.virtfx.drivers.libvirt.binding.ControllingTerminal;
import org.virtfx.drivers.libvirt.binding.LibvirtLibrary;

/**
 * Connections through libvirt's own client library: local libvirt daemons, remote hosts over
 * SSH or TLS, and the test driver libvirt runs in-process. Claims every hypervisor scheme libvirt
 * has; with the automatic driver choice it is preferred (docs/decisions/0010) when the library
 * loads and the URI is remote or its daemon's socket answers, never for {@code test:///}, which
 * VirtFX's own test driver serves by default.
 */
public final class LibvirtDriver implements ConnectionDriver {
    static final String NAME = "libvirt";
    /** libvirt's hypervisor drivers, by URI scheme. */
    private static final Set<String> SCHEMES = Set.of("test", "qemu", "lxc", "xen", "libxl", "vbox", "ch", "vz",
            "openvz", "bhyve", "esx", "gsx", "vpx", "hyperv", "vmwareplayer", "vmwarews", "vmwarefusion");

    private final String soname;
    private final DaemonSockets sockets;

    /** The driver ServiceLoader finds: the system's libvirt.so.0 and daemon sockets. */
    public LibvirtDriver() {
        this(LibvirtLibrary.SONAME, DaemonSockets.ofHost());
    }

    LibvirtDriver(String soname, DaemonSockets sockets) {
        this.soname = soname;
        this.sockets = sockets;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public DriverKind kind() {
        return DriverKind.LIBVIRT;
    }

    @Override
    public Set<String> schemes() {
        return SCHEMES;
    }

    @Override
    public boolean preferredAutomatically(ConnectionUri uri) {
        if (uri.driver().equals("test") || LibvirtLibrary.unavailable(soname).isPresent()) {
            return false;
        }
        return !uri.isLocal() || sockets.anyAnswers(uri);
    }

    /**
     * Opens the URI with libvirt.
     *
     * @throws VirtException when libvirt.so.0 cannot be loaded, or libvirt's own error
     */
    @Override
    public Optional<Connection> open(ConnectionUri uri) {
        return open(uri, CredentialPrompt.NONE);
    }

    /**
     * Opens the URI with libvirt, putting libvirt's credential requests to {@code prompt}.
     *
     * @throws VirtException when libvirt.so.0 cannot be loaded, or libvirt's own error
     */
    @Override
    public Optional<Connection> open(ConnectionUri uri, CredentialPrompt prompt) {
        if (!SCHEMES.contains(uri.driver())) {
            return Optional.empty();
        }
        Optional<String> missing = LibvirtLibrary.unavailable(soname);
        if (missing.isPresent()) {
            throw new VirtException(ErrorCode.NO_CONNECT, LibvirtLibrary.notInstalled(soname), missing.get(), null);
        }
        ConnectAuth asking = new PromptAuth(uri.text(), prompt);
        if (!uri.transport().equals("ssh")) {
            return Optional.of(LibvirtConnection.open(uri, asking));
        }
        // ssh itself asks for passwords and passphrases: through VirtFX's askpass, or on the
        // terminal where the prompt asks there too.
        if (!prompt.asksOnTerminal()) {
            ControllingTerminal.release();
        }
        try (SshAskpass.Armed armed = SshEnvironment.askpass().arm(uri.text(), prompt)) {
            return Optional.of(LibvirtConnection.open(uri, asking, Keepalive.USUAL, new SshGraphicsTunnel(uri, prompt)));
        }
    }
}
