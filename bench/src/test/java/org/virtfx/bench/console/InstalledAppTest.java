package org.virtfx.bench.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstalledAppTest {
    @TempDir
    Path dir;

    @Test
    void theSoftwareLauncherRunsTheRuntimesJavaWithItsOptionsAndJarsAndGtkGlOff() throws Exception {
        Path app = Files.createDirectories(dir.resolve("lib/app"));
        Files.writeString(app.resolve("virtfx-software.cfg"), """
                [Application]
                app.classpath=$APPDIR/virtfx-app.jar
                app.mainclass=org.virtfx.app.Launcher
                app.classpath=$APPDIR/javafx-base.jar

                [JavaOptions]
                java-options=-Xms32m
                java-options=-XX:SharedArchiveFile=$APPDIR/virtfx.jsa
                """);
        Files.writeString(app.resolve("virtfx.cfg"), "[Application]\napp.classpath=$APPDIR/virtfx-app.jar\n");
        assertTrue(InstalledApp.isOne(dir));
        InstalledApp software = InstalledApp.read(dir, true);
        assertEquals(List.of("env", "GDK_GL=disable", dir.resolve("lib/runtime/bin/java").toString(), "-Xms32m",
                "-XX:SharedArchiveFile=" + app.resolve("virtfx.jsa")), software.java());
        assertEquals(app.resolve("virtfx-app.jar") + ":" + app.resolve("javafx-base.jar") + ":/bench/classes",
                software.classPathWith("/bench/classes"), "the archive's class path first");
        assertEquals(List.of(dir.resolve("lib/runtime/bin/java").toString()), InstalledApp.read(dir, false).java());
    }

    @Test
    void aFolderWithoutTheLaunchersConfigurationIsNoInstalledApp() throws Exception {
        assertFalse(InstalledApp.isOne(dir));
        Files.createDirectories(dir.resolve("lib/app"));
        Files.writeString(dir.resolve("lib/app/virtfx.cfg"), "[JavaOptions]\njava-options=-Xms32m\n");
        assertTrue(assertThrows(IllegalStateException.class, () -> InstalledApp.read(dir, false)).getMessage()
                .contains("names no app.classpath"));
    }
}
