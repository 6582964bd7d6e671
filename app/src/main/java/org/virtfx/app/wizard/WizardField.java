package org.virtfx.app.wizard;

/** The fields that can be refused, each with its own message next to it. */
public enum WizardField {
    CONNECTION, INIT_PATH, ROOT_DIR, MEDIA_PATH, INSTALL_URL, IMPORT_PATH, MEMORY, CPUS, DISK_SIZE, DISK_PATH, SHARE, NAME
}
