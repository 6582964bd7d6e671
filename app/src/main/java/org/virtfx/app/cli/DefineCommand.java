package org.virtfx.app.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * virsh's {@code define}, {@code net-define} and {@code pool-define}, and {@code net-create}: one
 * object of a family from an XML file.
 */
abstract class DefineCommand implements VirshCommand {
    @Parameters(paramLabel = "<file>")
    String file;
    @Option(names = "--validate", description = "validate the XML against the schema")
    boolean validate;
    private final FromFile make;

    /** What the command does with the file. */
    interface FromFile {
        void make(CliSession session, String file, boolean validate);
    }

    DefineCommand(ObjectFamily<?, ?> family) {
        this(family::define);
    }

    DefineCommand(FromFile make) {
        this.make = make;
    }

    @Override
    public final void run(CliSession session) {
        make.make(session, file, validate);
    }
}
