package org.virtfx.app.cli;

import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * A command that applies one operation to one object of a family and reports it the way virsh
 * does. A subclass per family holds the argument, whose label ({@code <domain>}, {@code <pool>})
 * names it in virsh's messages and as an option ({@code --pool}).
 */
abstract class ObjectAction<F> implements VirshCommand {
    private final ObjectFamily<F, ?> family;
    private final String failure;
    private final String success;
    private final BiConsumer<F, UUID> operation;

    ObjectAction(ObjectFamily<F, ?> family, String failure, String success, BiConsumer<F, UUID> operation) {
        this.family = family;
        this.failure = failure;
        this.success = success;
        this.operation = operation;
    }

    /** The object as the user named it. */
    abstract String word();

    @Override
    public final void run(CliSession session) {
        family.act(session, word(), failure, success, operation);
    }
}
