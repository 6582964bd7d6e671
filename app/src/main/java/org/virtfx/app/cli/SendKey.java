package org.virtfx.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.error.VirtException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * virsh's {@code send-key DOMAIN [--codeset linux] [--holdtime MS] KEYCODE...}: keys pressed
 * together in the guest, each a Linux key code as a number or its name ({@code KEY_LEFTCTRL}).
 * Core speaks Linux codes only, so another codeset is refused by name.
 */
@Command(name = "send-key", description = "Send keycodes to the guest")
final class SendKey implements VirshCommand {
    /** Key names of the Linux codeset, read once (linux-keycodes.properties, from linux/input-event-codes.h). */
    private static final Properties LINUX_KEYS = linuxKeys();

    @Parameters(index = "0", paramLabel = "<domain>")
    String domain;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "<keycode>")
    List<String> keycodes;

    @Option(names = "--codeset", paramLabel = "<string>", description = "the codeset of keycodes, default:linux")
    String codeset = "linux";

    @Option(names = "--holdtime", paramLabel = "<number>", description = "the time (in milliseconds) how long the keys will be held")
    String holdtime;

    @Override
    public void run(CliSession session) {
        if (!codeset.equals("linux")) {
            throw new CommandFailure("codeset '" + codeset + "' is not supported: VirtFX sends Linux key codes (--codeset linux)");
        }
        int hold = holdtime == null ? 0 : number(holdtime);
        if (hold < 0) {
            throw new CommandFailure("Numeric value '" + holdtime + "' for <holdtime> option is malformed or out of range");
        }
        int[] codes = keycodes.stream().mapToInt(SendKey::keycode).toArray();
        DomainSummary d = session.domain(domain);
        try {
            session.connection().domains().sendKey(d.uuid(), hold, codes);
        } catch (VirtException e) {
            // virsh prints libvirt's error alone here, without a headline of its own.
            throw new CommandFailure(e.getMessage());
        }
    }

    /** A number, or a name of the Linux codeset; virsh's words for anything else. */
    static int keycode(String word) {
        int code = number(word);
        if (code >= 0) {
            return code;
        }
        String named = LINUX_KEYS.getProperty(word);
        if (named == null) {
            throw new CommandFailure("invalid keycode: '" + word + "'");
        }
        return Integer.parseInt(named);
    }

    /**
     * A decimal (or 0x hexadecimal) number as virsh reads it, or -1 when the word is not one or
     * is above 0xffff, which virsh takes for no key code at all.
     */
    private static int number(String word) {
        try {
            int n = word.startsWith("0x") ? Integer.parseInt(word.substring(2), 16) : Integer.parseInt(word);
            return n <= 0xffff ? n : -1;
        } catch (NumberFormatException notNumber) {
            return -1;
        }
    }

    private static Properties linuxKeys() {
        Properties keys = new Properties();
        try (InputStream in = SendKey.class.getResourceAsStream("linux-keycodes.properties")) {
            keys.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("the Linux key code table is missing from the application", e);
        }
        return keys;
    }
}
