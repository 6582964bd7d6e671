package org.virtfx.app;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.virtfx.app.cli.VirshShell;
import org.virtfx.core.auth.TerminalCredentialPrompt;
import org.virtfx.core.connect.DriverChoice;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.error.VirtException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code virtfx} command: with virt-manager's options it opens the manager (or the one
 * window a {@code --show-*} option names); with virsh commands after the options it runs
 * them on the same core and exits as virsh would.
 */
@Command(name = "virtfx", mixinStandardHelpOptions = true, version = "VirtFX 0.1.0",
        description = {"Manage virtual machines and containers.",
                "Without COMMAND the manager window opens; with one, it runs as virsh does,",
                "e.g. virtfx -c test:///default \"list --all; dominfo test\"."})
public final class Launcher {
    @Option(names = {"-c", "--connect"}, paramLabel = "URI",
            description = "Connect to a hypervisor (repeat for several in the manager).")
    private List<String> connect = new ArrayList<>();
    @Option(names = "--driver", paramLabel = "auto|libvirt|builtin", converter = DriverChoiceConverter.class,
            description = "Which driver serves the connection: libvirt's library, VirtFX's built-in one, or auto"
                    + " (libvirt where it is installed and its daemon answers or the host is remote).")
    private DriverChoice driver;
    @Option(names = "--show-domain-console", paramLabel = "NAME", description = "Show the console of a domain.")
    private String showDomainConsole;
    @Option(names = "--show-domain-editor", paramLabel = "NAME", description = "Show the details of a domain.")
    private String showDomainEditor;
    @Option(names = "--show-domain-creator", description = "Show the New VM wizard.")
    private boolean showDomainCreator;
    @Option(names = "--show-host-summary", description = "Show the connection details.")
    private boolean showHostSummary;
    @Option(names = "--debug", description = "Print debugging information.")
    private boolean debug;
    @Option(names = {"-q", "--quiet"}, description = "Quiet mode for commands, as virsh -q.")
    private boolean quiet;
    @Parameters(paramLabel = "COMMAND", description = "virsh commands, e.g. \"list --all\".")
    private List<String> command = new ArrayList<>();

    /** Reads {@code --driver}'s word; picocli reports a refusal as "error: ..." with the choices. */
    static final class DriverChoiceConverter implements CommandLine.ITypeConverter<DriverChoice> {
        @Override
        public DriverChoice convert(String value) {
            try {
                return DriverChoice.parse(value);
            } catch (VirtException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    public static void main(String[] args) {
        Optional<GuiOptions> gui = GuiArguments.parse(args);
        if (gui.isPresent()) {
            openGui(gui.get());
            return;
        }
        Launcher launcher = new Launcher();
        CommandLine parser = parser(launcher);
        try {
            parser.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
        if (parser.isUsageHelpRequested()) {
            parser.usage(System.out);
            return;
        }
        if (parser.isVersionHelpRequested()) {
            parser.printVersionHelp(System.out);
            return;
        }
        if (launcher.command.isEmpty()) {
            openGui(launcher.guiOptions());
        } else {
            System.exit(launcher.runCommands());
        }
    }

    /**
     * Options up to the first command word; an {@code @FILE} argument is a word as in virsh,
     * never a file picocli reads ({@code @/dev/zero} would never end).
     */
    static CommandLine parser(Launcher launcher) {
        return new CommandLine(launcher).setStopAtPositional(true).setExpandAtFiles(false);
    }

    /** The virsh commands given after the options. */
    List<String> commands() {
        return command;
    }

    private static void openGui(GuiOptions options) {
        try {
            DesktopApp.launch(options);
        } catch (VirtException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }

    int runCommands() {
        String uri = connect.isEmpty() ? System.getenv("LIBVIRT_DEFAULT_URI") : connect.get(connect.size() - 1);
        if (uri == null || uri.isBlank()) {
            System.err.println("error: no connection URI: use -c URI, e.g. -c test:///default");
            return 1;
        }
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        // A password or passphrase is asked on the terminal; without one the open fails saying so.
        DriverRegistry registry = DriverRegistry.discover(TerminalCredentialPrompt.ofProcess());
        DriverChoice choice = driver == null ? DriverChoice.AUTO : driver;
        return new VirshShell(() -> registry.open(uri, choice), out, System.err, quiet).run(command);
    }

    private GuiOptions guiOptions() {
        return new GuiOptions(connect, Optional.ofNullable(driver), Optional.ofNullable(showDomainConsole), Optional.ofNullable(showDomainEditor),
                showDomainCreator, showHostSummary, debug);
    }
}
