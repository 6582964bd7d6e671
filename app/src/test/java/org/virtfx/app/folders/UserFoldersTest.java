package org.virtfx.app.folders;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UserFoldersTest {
    @Test
    void homeComesFromTheEnvironmentAsInGtkApplications() {
        UserFolders folders = UserFolders.of(Map.of("HOME", "/tmp/elsewhere"), "/home/real");
        assertEquals(Path.of("/tmp/elsewhere"), folders.home());
        assertEquals(Path.of("/tmp/elsewhere/.config"), folders.config());
        assertEquals(Path.of("/tmp/elsewhere/.cache"), folders.cache());
        assertEquals(Optional.empty(), folders.runtime());
    }

    @Test
    void withoutHomeTheAccountsHomeIsUsed() {
        assertEquals(Path.of("/home/real/.config"), UserFolders.of(Map.of(), "/home/real").config());
        assertEquals(Path.of("/home/real"), UserFolders.of(Map.of("HOME", ""), "/home/real").home());
    }

    @Test
    void xdgVariablesWinWhenAbsolute() {
        UserFolders folders = UserFolders.of(Map.of("HOME", "/h", "XDG_CONFIG_HOME", "/x/cfg",
                "XDG_CACHE_HOME", "/x/cache", "XDG_RUNTIME_DIR", "/run/user/1000"), "/home/real");
        assertEquals(Path.of("/x/cfg"), folders.config());
        assertEquals(Path.of("/x/cache"), folders.cache());
        assertEquals(Optional.of(Path.of("/run/user/1000")), folders.runtime());
    }

    @Test
    void relativeValuesAreIgnoredAsTheXdgSpecificationSays() {
        UserFolders folders = UserFolders.of(Map.of("HOME", "relative/home", "XDG_CONFIG_HOME", "cfg",
                "XDG_CACHE_HOME", "cache", "XDG_RUNTIME_DIR", "run"), "/home/real");
        assertEquals(Path.of("/home/real"), folders.home());
        assertEquals(Path.of("/home/real/.config"), folders.config());
        assertEquals(Path.of("/home/real/.cache"), folders.cache());
        assertEquals(Optional.empty(), folders.runtime());
    }
}
