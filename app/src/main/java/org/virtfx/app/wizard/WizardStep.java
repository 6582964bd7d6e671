package org.virtfx.app.wizard;

/** The wizard's pages, in order. */
public enum WizardStep {
    METHOD("Choose how you would like to install the operating system"),
    SOURCE("Choose the installation source"),
    RESOURCES("Choose memory and CPU settings"),
    STORAGE("Storage"),
    FINISH("Ready to begin the installation");

    private final String heading;

    WizardStep(String heading) {
        this.heading = heading;
    }

    public String heading() {
        return heading;
    }
}
