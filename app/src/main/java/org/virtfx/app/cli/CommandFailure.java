package org.virtfx.app.cli;

import java.util.List;

/** A command that failed, with the lines virsh would print for it, each after {@code error: }. */
final class CommandFailure extends RuntimeException {
    private final List<String> lines;

    CommandFailure(String... lines) {
        super(String.join("; ", lines), null, false, false);
        this.lines = List.of(lines);
    }

    List<String> lines() {
        return lines;
    }
}
