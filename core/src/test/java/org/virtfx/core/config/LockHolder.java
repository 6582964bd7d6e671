package org.virtfx.core.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Another process holding a {@link CrossProcessLock}, for {@link CrossProcessLockTest}: takes
 * the lock on the file named by its argument, prints "locked", and holds it until its standard
 * input closes (or it is killed).
 */
public final class LockHolder {
    private LockHolder() {
    }

    public static void main(String[] args) {
        CrossProcessLock.at(Path.of(args[0])).hold(Duration.ofSeconds(30), "the test lock", () -> {
            System.out.println("locked");
            System.out.flush();
            try {
                System.in.readAllBytes();
            } catch (java.io.IOException closed) {
                // Released either way.
            }
            return null;
        });
    }
}
