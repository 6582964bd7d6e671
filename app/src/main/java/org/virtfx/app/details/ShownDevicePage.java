package org.virtfx.app.details;

/**
 * A device page with nothing to edit in its form (virt-manager shows inputs and channels the
 * same way): the XML tab is the editor, and Apply from the form leaves the XML as it is.
 */
public abstract class ShownDevicePage extends DetailsPage {

    @Override
    public final String applyTo(DomainDocument document) {
        return document.xml();
    }
}
