package org.virtfx.drivers.qemu.qmp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * A QMP peer for protocol framing tests: greets, then answers each command line with what the
 * script returns (raw lines, newline-terminated; null closes the connection).
 */
final class FakeQmpServer implements AutoCloseable {
    private final ServerSocketChannel server;
    private final Thread thread;

    FakeQmpServer(Path socket, Function<String, String> script) throws IOException {
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        thread = new Thread(() -> serve(script), "fake-qmp");
        thread.setDaemon(true);
        thread.start();
    }

    private void serve(Function<String, String> script) {
        try (SocketChannel client = server.accept();
             BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(client), StandardCharsets.UTF_8));
             OutputStream out = Channels.newOutputStream(client)) {
            out.write("{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 2, \"major\": 7}}, \"capabilities\": []}}\n"
                    .getBytes(StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                String answer = script.apply(line);
                if (answer == null) {
                    return;
                }
                out.write(answer.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException e) {
            // The client went away: the test asserts what it saw.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
