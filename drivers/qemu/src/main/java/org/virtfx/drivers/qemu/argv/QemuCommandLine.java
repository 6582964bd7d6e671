package org.virtfx.drivers.qemu.argv;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What starts one QEMU: the whole environment it runs with (nothing inherited, as libvirt
 * clears it) and its argument vector, the emulator first, with where it puts each PCI device
 * (for the live XML).
 */
public record QemuCommandLine(Map<String, String> environment, List<String> argv, PciPlacements placements) {

    public QemuCommandLine {
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        argv = List.copyOf(argv);
    }

    /** The same command with {@code more} arguments at the end. */
    public QemuCommandLine withArguments(List<String> more) {
        List<String> all = new java.util.ArrayList<>(argv);
        all.addAll(more);
        return new QemuCommandLine(environment, all, placements);
    }

    /**
     * The command as libvirt writes it into the domain's log: variables first, one option per
     * line, shell-quoted where the shell would misread it. It is also the form of libvirt's
     * qemuxml2argv test files.
     */
    public String shellText() {
        StringBuilder sb = new StringBuilder();
        environment.forEach((k, v) -> sb.append(k).append('=').append(quote(v)).append(" \\\n"));
        for (int i = 0; i < argv.size(); i++) {
            String arg = argv.get(i);
            if (i > 0) {
                sb.append(arg.startsWith("-") ? " \\\n" : " ");
            }
            sb.append(quote(arg));
        }
        return sb.append('\n').toString();
    }

    /** Single quotes around anything holding a shell metacharacter, as libvirt's log does. */
    static String quote(String s) {
        if (s.isEmpty()) {
            return "''";
        }
        boolean plain = true;
        for (char c : s.toCharArray()) {
            if ("\r\t\n !\"#$&'()*;<>?[\\]^`{|}~".indexOf(c) >= 0) {
                plain = false;
                break;
            }
        }
        return plain ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
