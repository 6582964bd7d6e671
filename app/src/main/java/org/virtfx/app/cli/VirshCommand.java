package org.virtfx.app.cli;

/** One virsh command, its options bound by picocli; it throws {@link CommandFailure} to fail. */
interface VirshCommand {
    void run(CliSession session);
}
