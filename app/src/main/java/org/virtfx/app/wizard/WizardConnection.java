package org.virtfx.app.wizard;

import org.virtfx.core.connect.Connection;

/** An open connection the wizard may create the domain on, with the title the manager shows. */
public record WizardConnection(String title, Connection connection) {

    @Override
    public String toString() {
        return title;
    }
}
