package org.virtfx.app.console;

import java.nio.charset.StandardCharsets;

/**
 * The keys that send escape sequences rather than text, and the bytes an xterm sends for them
 * (normal cursor-key mode), so a shell or editor in the guest understands them.
 */
public enum TerminalKey {
    ENTER("\r"), BACKSPACE("\u007f"), TAB("\t"), ESCAPE("\u001b"),
    UP("\u001b[A"), DOWN("\u001b[B"), RIGHT("\u001b[C"), LEFT("\u001b[D"),
    HOME("\u001b[H"), END("\u001b[F"), INSERT("\u001b[2~"), DELETE("\u001b[3~"),
    PAGE_UP("\u001b[5~"), PAGE_DOWN("\u001b[6~"),
    F1("\u001bOP"), F2("\u001bOQ"), F3("\u001bOR"), F4("\u001bOS"), F5("\u001b[15~"), F6("\u001b[17~"),
    F7("\u001b[18~"), F8("\u001b[19~"), F9("\u001b[20~"), F10("\u001b[21~"), F11("\u001b[23~"), F12("\u001b[24~");

    private final String sequence;

    TerminalKey(String sequence) {
        this.sequence = sequence;
    }

    public byte[] bytes() {
        return sequence.getBytes(StandardCharsets.US_ASCII);
    }

    /** Ctrl with a letter (or @[\]^_) sends the control character: Ctrl+C is 0x03. */
    public static byte[] control(char c) {
        char upper = Character.toUpperCase(c);
        if (upper >= '@' && upper <= '_') {
            return new byte[] {(byte) (upper - '@')};
        }
        return new byte[0];
    }
}
