package org.virtfx.app.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtfx.app.folders.UserFolders;

class SingleInstanceTest {

    @Test
    void aSecondStartHandsItsConnectionsToTheRunningManager(@TempDir Path dir) throws IOException {
        Path socket = dir.resolve("virtfx.sock");
        List<List<String>> requests = new CopyOnWriteArrayList<>();
        try (SingleInstance running = SingleInstance.listen(socket, requests::add)) {
            assertTrue(SingleInstance.handOver(socket, List.of("test:///default", "lxc:///")));
            assertTrue(SingleInstance.handOver(socket, List.of()));
        }
        assertEquals(List.of(List.of("test:///default", "lxc:///"), List.of()), requests);
        assertFalse(Files.exists(socket), "closing removes the socket");
    }

    @Test
    void withNobodyRunningTheStartGoesOnAndReplacesAStaleSocket(@TempDir Path dir) throws IOException {
        Path socket = dir.resolve("virtfx.sock");
        assertFalse(SingleInstance.handOver(socket, List.of()));
        Files.writeString(socket, "left by a crash");
        assertFalse(SingleInstance.handOver(socket, List.of()));
        try (SingleInstance running = SingleInstance.listen(socket, uris -> { })) {
            assertTrue(SingleInstance.handOver(socket, List.of()));
        }
    }

    @Test
    void theSocketLivesInTheUsersRuntimeDirectory() {
        assertEquals(Path.of("/run/user/1000/virtfx.sock"), SingleInstance.defaultSocket(
                UserFolders.of(Map.of("XDG_RUNTIME_DIR", "/run/user/1000"), "/home/u")));
        assertEquals(Path.of("/home/u/.cache/virtfx/virtfx.sock"),
                SingleInstance.defaultSocket(UserFolders.of(Map.of(), "/home/u")));
        assertEquals(Path.of("/tmp/h/.cache/virtfx/virtfx.sock"),
                SingleInstance.defaultSocket(UserFolders.of(Map.of("HOME", "/tmp/h"), "/home/u")));
    }
}
