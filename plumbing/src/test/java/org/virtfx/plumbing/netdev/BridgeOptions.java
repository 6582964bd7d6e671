package org.virtfx.plumbing.netdev;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A bridge's options as the kernel reports them, read with {@code ip -d -j link show}: the tests' independent view. */
public final class BridgeOptions {
    private BridgeOptions() {
    }

    /**
     * The value of {@code option} ({@code mcast_querier}, {@code mcast_snooping}, ...) of
     * {@code bridge} in {@code namespace}.
     *
     * @throws AssertionError when {@code ip} does not report it (no such bridge, say)
     */
    public static String of(NetNamespace namespace, String bridge, String option)
            throws IOException, InterruptedException {
        Process ip = new ProcessBuilder("ip", "-n", namespace.name(), "-d", "-j", "link", "show", "dev", bridge)
                .redirectErrorStream(true).start();
        String json = new String(ip.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        ip.waitFor();
        Matcher value = Pattern.compile("\"" + Pattern.quote(option) + "\":(\\d+)").matcher(json);
        if (!value.find()) {
            throw new AssertionError(option + " of bridge '" + bridge + "' not in: " + json);
        }
        return value.group(1);
    }
}
