package org.virtfx.core.connect;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/**
 * A libvirt connection URI such as {@code test:///default}, {@code lxc:///} or
 * {@code qemu+ssh://root@host/system?keyfile=k}: the driver scheme, an optional transport,
 * user, host, port, path and query parameters.
 */
public record ConnectionUri(String text, String driver, String transport, String user, String host,
                            int port, String path, Map<String, String> parameters) {

    public ConnectionUri {
        parameters = Map.copyOf(parameters);
    }

    /** Parses a URI, or fails with an error that quotes it and says what is wrong. */
    public static ConnectionUri parse(String text) {
        if (text == null || text.isBlank()) {
            throw invalid(String.valueOf(text), "the URI is empty");
        }
        String trimmed = text.trim();
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw invalid(trimmed, e.getReason() + " at index " + e.getIndex());
        }
        String scheme = uri.getScheme();
        if (scheme == null) {
            throw invalid(trimmed, "no scheme (expected something like test:///default)");
        }
        if (uri.isOpaque()) {
            throw invalid(trimmed, "expected '" + scheme + "://' followed by a host and a path");
        }
        String driver = scheme;
        String transport = "";
        int plus = scheme.indexOf('+');
        if (plus >= 0) {
            driver = scheme.substring(0, plus);
            transport = scheme.substring(plus + 1);
        }
        return new ConnectionUri(trimmed, driver.toLowerCase(), transport.toLowerCase(),
                nullToEmpty(uri.getUserInfo()), nullToEmpty(uri.getHost()), uri.getPort(),
                nullToEmpty(uri.getPath()), query(uri.getRawQuery()));
    }

    /** True when the URI names no remote host, as {@code test:///default} does. */
    public boolean isLocal() {
        return host.isEmpty() && transport.isEmpty();
    }

    @Override
    public String toString() {
        return text;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> map = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return map;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            map.put(decode(key), decode(value));
        }
        return map;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static VirtException invalid(String text, String why) {
        return VirtException.of(ErrorCode.INVALID_ARG, "invalid connection URI '" + text + "': " + why);
    }
}
