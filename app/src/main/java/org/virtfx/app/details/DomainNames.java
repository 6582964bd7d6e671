package org.virtfx.app.details;

import java.util.Optional;

/**
 * What a domain name may be. libvirt itself refuses only '/' (names become file names); VirtFX
 * also refuses white space and shell-special characters, so that names work unquoted in virsh
 * commands and paths, as virt-manager's name check does.
 */
public final class DomainNames {
    private DomainNames() {
    }

    /** Why the name cannot be used, or empty when it can. */
    public static Optional<String> check(String name) {
        if (name.isBlank()) {
            return Optional.of("A name is required");
        }
        if (name.length() > 64) {
            return Optional.of("The name is longer than 64 characters");
        }
        for (char c : name.toCharArray()) {
            if (!(Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' || c == '+')) {
                return Optional.of("Invalid character '" + c + "': use letters, digits, '-', '_', '.' or '+'");
            }
        }
        return Optional.empty();
    }
}
