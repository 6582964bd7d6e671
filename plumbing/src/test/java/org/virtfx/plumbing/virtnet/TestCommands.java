package org.virtfx.plumbing.virtnet;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** Commands the network tests run on the host and in their namespaces, and their patient checks. */
final class TestCommands {
    private TestCommands() {
    }

    /** Runs {@code command}, output discarded, and returns its exit status; -1 when it runs over 30 s (it is killed). */
    static int run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    /** Whether {@code check} holds within about {@code seconds}, asked once a second. */
    static boolean retry(int seconds, Callable<Boolean> check) throws Exception {
        for (int i = 0; i < seconds; i++) {
            if (check.call()) {
                return true;
            }
            Thread.sleep(1000);
        }
        return check.call();
    }
}
