package org.virtfx.app.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** virsh's {@code define}, {@code net-define} and {@code pool-define}: one object of a family from an XML file. */
abstract class DefineCommand implements VirshCommand {
    @Parameters(paramLabel = "<file>")
    String file;
    @Option(names = "--validate", description = "validate the XML against the schema")
    boolean validate;
    private final ObjectFamily<?, ?> family;

    DefineCommand(ObjectFamily<?, ?> family) {
        this.family = family;
    }

    @Override
    public final void run(CliSession session) {
        family.define(session, file, validate);
    }
}
