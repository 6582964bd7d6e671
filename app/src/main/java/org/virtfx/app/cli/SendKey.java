package org.virtfx.app.cli;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.domain.KeyCodeset;
import org.virtfx.core.domain.Keymap;
import org.virtfx.core.error.VirtException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * virsh's {@code send-key DOMAIN [--codeset CODESET] [--holdtime MS] KEYCODE...}: keys pressed
 * together in the guest, each a number or a name of the codeset ({@code KEY_LEFTCTRL} in linux,
 * {@code ANSI_A} in os_x, {@code VK_A} in win32). Core speaks Linux codes, so each key is
 * translated through core's {@link Keymap}, which refuses a code the codeset lacks in libvirt's
 * words.
 */
@Command(name = "send-key", description = "Send keycodes to the guest")
final class SendKey implements VirshCommand {
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
        KeyCodeset set = KeyCodeset.named(codeset)
                .orElseThrow(() -> new CommandFailure("unknown codeset: '" + codeset + "'"));
        int hold = holdtime == null ? 0 : number(holdtime);
        if (hold < 0) {
            throw new CommandFailure("Numeric value '" + holdtime + "' for <holdtime> option is malformed or out of range");
        }
        int[] codes = keycodes.stream().mapToInt(word -> keycode(set, word)).toArray();
        DomainSummary d = session.domain(domain);
        try {
            Keymap keymap = Keymap.standard();
            int[] linux = Arrays.stream(codes).map(code -> keymap.toLinux(set, code)).toArray();
            session.connection().domains().sendKey(d.uuid(), hold, linux);
        } catch (VirtException e) {
            // virsh prints libvirt's error alone here, without a headline of its own.
            throw new CommandFailure(e.getMessage());
        }
    }

    /** A name of the codeset or a number; virsh's words for anything else. */
    static int keycode(KeyCodeset set, String word) {
        OptionalInt named = Keymap.standard().named(set, word);
        if (named.isPresent()) {
            return named.getAsInt();
        }
        int code = number(word);
        if (code < 0) {
            throw new CommandFailure("invalid keycode: '" + word + "'");
        }
        return code;
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
}
