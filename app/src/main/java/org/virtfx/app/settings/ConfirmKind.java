package org.virtfx.app.settings;

/**
 * Actions that ask before they run, with virt-manager's defaults ("Feedback" preferences):
 * force off and reset ask, shut down and reboot ask, pause does not, delete and device removal ask.
 */
public enum ConfirmKind {
    FORCE_OFF("force-off", true),
    POWER_OFF("power-off", true),
    PAUSE("pause", false),
    DELETE("delete", true),
    DEVICE_REMOVAL("device-removal", true);

    private final String key;
    private final boolean askByDefault;

    ConfirmKind(String key, boolean askByDefault) {
        this.key = key;
        this.askByDefault = askByDefault;
    }

    /** The key in the settings file. */
    public String key() {
        return key;
    }

    public boolean askByDefault() {
        return askByDefault;
    }
}
