package org.virtfx.drivers.qemu.qmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

class QmpClientTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Replies carry the command's id back; a QMP server answers in order but ids pair them. */
    private static String reply(String line, String body) {
        try {
            JsonNode command = JSON.readTree(line);
            return "{" + body + ", \"id\": " + command.get("id") + "}\n";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String command(String line) {
        try {
            return JSON.readTree(line).get("execute").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void negotiatesCapabilitiesAndReturnsTheReplyOfEachCommand() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        Path socket = dir.resolve("qmp.sock");
        try (FakeQmpServer server = new FakeQmpServer(socket, line -> {
            seen.add(command(line));
            return switch (command(line)) {
                case "query-status" -> reply(line, "\"return\": {\"status\": \"paused\", \"running\": false}");
                default -> reply(line, "\"return\": {}");
            };
        }); QmpClient qmp = QmpClient.connect(socket, e -> { }, 1 << 20, TIMEOUT)) {
            JsonNode status = qmp.execute("query-status", TIMEOUT);
            assertEquals("paused", status.get("status").asText());
            assertEquals(List.of("qmp_capabilities", "query-status"), seen);
        }
    }

    @Test
    void anErrorReplyBecomesAVirtExceptionWithQmpsClassAndDescription() throws Exception {
        Path socket = dir.resolve("qmp.sock");
        try (FakeQmpServer server = new FakeQmpServer(socket, line -> command(line).equals("qmp_capabilities")
                ? reply(line, "\"return\": {}")
                : reply(line, "\"error\": {\"class\": \"CommandNotFound\", \"desc\": \"The command nosuch has not been found\"}"));
             QmpClient qmp = QmpClient.connect(socket, e -> { }, 1 << 20, TIMEOUT)) {
            VirtException e = assertThrows(VirtException.class, () -> qmp.execute("nosuch", TIMEOUT));
            assertEquals("internal error: unable to execute QEMU command 'nosuch': The command nosuch has not been found",
                    e.getMessage());
            assertEquals("CommandNotFound", e.detail());
        }
    }

    @Test
    void eventsReachTheListenerInOrderOnTheReaderThread() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        Path socket = dir.resolve("qmp.sock");
        try (FakeQmpServer server = new FakeQmpServer(socket, line -> command(line).equals("system_powerdown")
                ? "{\"timestamp\": {\"seconds\": 1700000000, \"microseconds\": 5}, \"event\": \"POWERDOWN\"}\n"
                        + reply(line, "\"return\": {}")
                        + "{\"timestamp\": {\"seconds\": 1700000001, \"microseconds\": 6}, \"event\": \"SHUTDOWN\", \"data\": {\"guest\": true, \"reason\": \"guest-shutdown\"}}\n"
                : reply(line, "\"return\": {}"));
             QmpClient qmp = QmpClient.connect(socket, e -> {
                 events.add(e.name() + (e.data().has("reason") ? ":" + e.data().get("reason").asText() : ""));
                 threads.add(Thread.currentThread().getName());
             }, 1 << 20, TIMEOUT)) {
            qmp.execute("system_powerdown", TIMEOUT);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (events.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(List.of("POWERDOWN", "SHUTDOWN:guest-shutdown"), events);
            assertTrue(threads.stream().allMatch(t -> t.startsWith("qmp-")), threads.toString());
        }
    }

    @Test
    void aReplyOverTheBoundIsAClearErrorAndClosesTheConnection() throws Exception {
        Path socket = dir.resolve("qmp.sock");
        String huge = "x".repeat(70_000);
        try (FakeQmpServer server = new FakeQmpServer(socket, line -> command(line).equals("query-big")
                ? reply(line, "\"return\": \"" + huge + "\"")
                : reply(line, "\"return\": {}"));
             QmpClient qmp = QmpClient.connect(socket, e -> { }, 65_536, TIMEOUT)) {
            VirtException e = assertThrows(VirtException.class, () -> qmp.execute("query-big", TIMEOUT));
            assertEquals("internal error: QEMU monitor message longer than 65536 bytes; connection closed", e.getMessage());
            assertTrue(qmp.closedFuture().isDone());
            assertThrows(VirtException.class, () -> qmp.execute("query-status", TIMEOUT));
        }
    }

    @Test
    void aMonitorThatGoesAwayFailsTheWaitingCommand() throws Exception {
        Path socket = dir.resolve("qmp.sock");
        try (FakeQmpServer server = new FakeQmpServer(socket, line -> command(line).equals("quit") ? null
                : reply(line, "\"return\": {}"));
             QmpClient qmp = QmpClient.connect(socket, e -> { }, 1 << 20, TIMEOUT)) {
            VirtException e = assertThrows(VirtException.class, () -> qmp.execute("quit", TIMEOUT));
            assertEquals(ErrorCode.OPERATION_FAILED, e.code());
            assertEquals("operation failed: QEMU closed the monitor connection", e.getMessage());
        }
    }

    @Test
    void closeEndsTheReaderAndFailsLaterCommands() throws Exception {
        Path socket = dir.resolve("qmp.sock");
        try (FakeQmpServer server = new FakeQmpServer(socket, line -> reply(line, "\"return\": {}"))) {
            QmpClient qmp = QmpClient.connect(socket, e -> { }, 1 << 20, TIMEOUT);
            qmp.close();
            assertTrue(qmp.closedFuture().isDone());
            assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("qmp-qmp.sock")));
            assertThrows(VirtException.class, () -> qmp.execute("query-status", TIMEOUT));
        }
    }

    @Test
    void aSocketNobodyListensOnIsNamedInTheError() {
        Path socket = dir.resolve("nobody.sock");
        VirtException e = assertThrows(VirtException.class, () -> QmpClient.connect(socket, ev -> { }, 1 << 20, TIMEOUT));
        assertTrue(e.getMessage().startsWith("operation failed: failed to connect to monitor socket " + socket), e.getMessage());
    }
}
