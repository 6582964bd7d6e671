package org.virtfx.app.folders;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The user's folders, found as GTK applications such as virt-manager find them: the home
 * folder is {@code $HOME} (Java's {@code user.home} comes from the user database and ignores
 * it), and configuration, cache and runtime files go where the XDG base directory variables
 * say, when they hold absolute paths (the specification says to ignore relative ones).
 *
 * @param runtime {@code $XDG_RUNTIME_DIR}, which has no fallback
 */
public record UserFolders(Path home, Path config, Path cache, Optional<Path> runtime) {

    /** The folders of this process's environment. */
    public static UserFolders current() {
        return of(System.getenv(), System.getProperty("user.home"));
    }

    /** @param accountHome the home folder of the user database, used only when {@code $HOME} is unset */
    public static UserFolders of(Map<String, String> env, String accountHome) {
        Path home = absolute(env.get("HOME")).orElse(Path.of(accountHome));
        return new UserFolders(home,
                absolute(env.get("XDG_CONFIG_HOME")).orElse(home.resolve(".config")),
                absolute(env.get("XDG_CACHE_HOME")).orElse(home.resolve(".cache")),
                absolute(env.get("XDG_RUNTIME_DIR")));
    }

    private static Optional<Path> absolute(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        Path path = Path.of(value);
        return path.isAbsolute() ? Optional.of(path) : Optional.empty();
    }
}
