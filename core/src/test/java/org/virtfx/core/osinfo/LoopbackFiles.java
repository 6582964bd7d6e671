package org.virtfx.core.osinfo;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Files served over HTTP on loopback, GET and HEAD, 404 for the rest: an install tree for tests. */
public final class LoopbackFiles implements AutoCloseable {
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final HttpServer server;

    private LoopbackFiles(HttpServer server) {
        this.server = server;
    }

    public static LoopbackFiles start() throws IOException {
        LoopbackFiles served = new LoopbackFiles(
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
        served.server.createContext("/", exchange -> {
            byte[] body = served.files.get(exchange.getRequestURI().getPath());
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(body == null ? 404 : 200, body == null || head ? -1 : body.length);
            if (body != null && !head) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        served.server.start();
        return served;
    }

    public void put(String path, String content) {
        put(path, content.getBytes(StandardCharsets.UTF_8));
    }

    public void put(String path, byte[] content) {
        files.put(path, content.clone());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** "http://127.0.0.1:PORT" followed by {@code path}. */
    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
