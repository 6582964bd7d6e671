package org.virtfx.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.virtfx.core.connect.DriverChoice;

/**
 * Reads the launcher's arguments when they only open the GUI, without picocli: loading its
 * 170 classes (which class-data sharing cannot archive) costs about a tenth of a second of the
 * manager's start. Anything else (a virsh command, help, an unknown or malformed option) is
 * left to the full parser in {@link Launcher}, which also reports errors.
 */
final class GuiArguments {

    private GuiArguments() {
    }

    /** The GUI options, or empty when the arguments need the full parser. */
    static Optional<GuiOptions> parse(String[] args) {
        List<String> connect = new ArrayList<>();
        Optional<DriverChoice> driver = Optional.empty();
        String console = null;
        String editor = null;
        boolean creator = false;
        boolean summary = false;
        boolean debug = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            switch (arg) {
                case "-c", "--connect", "--show-domain-console", "--show-domain-editor", "--driver" -> {
                    if (value == null) {
                        if (i + 1 >= args.length || args[i + 1].startsWith("-")) {
                            return Optional.empty();
                        }
                        value = args[++i];
                    }
                    switch (arg) {
                        case "--show-domain-console" -> console = value;
                        case "--show-domain-editor" -> editor = value;
                        case "--driver" -> {
                            // An unknown word goes to the full parser, which reports it.
                            driver = DriverChoice.of(value);
                            if (driver.isEmpty()) {
                                return Optional.empty();
                            }
                        }
                        default -> connect.add(value);
                    }
                }
                case "--show-domain-creator" -> creator = true;
                case "--show-host-summary" -> summary = true;
                case "--debug" -> debug = true;
                default -> {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(new GuiOptions(connect, driver, Optional.ofNullable(console), Optional.ofNullable(editor),
                creator, summary, debug));
    }
}
