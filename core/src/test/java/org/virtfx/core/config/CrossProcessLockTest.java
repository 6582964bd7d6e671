package org.virtfx.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

class CrossProcessLockTest {
    private static final Duration SHORT = Duration.ofMillis(300);

    @TempDir
    Path directory;

    @Test
    void anotherProcessHoldingTheLockMakesUsWaitAndTimeOutWithLibvirtsText() throws Exception {
        Path file = directory.resolve("one.lock");
        Process holder = holder(file);
        try {
            VirtException timeout = assertThrows(VirtException.class,
                    () -> CrossProcessLock.at(file).hold(SHORT, "the test lock", () -> null));
            assertEquals(ErrorCode.OPERATION_TIMEOUT, timeout.code());
            assertTrue(timeout.getMessage().startsWith("Timed out during operation: cannot acquire the lock on the"
                    + " test lock (held by another process"), timeout.getMessage());
            assertFalse(CrossProcessLock.at(file).holdIfFree(() -> { }));
        } finally {
            holder.getOutputStream().close();
            holder.waitFor(10, TimeUnit.SECONDS);
        }
        assertEquals("mine", CrossProcessLock.at(file).hold(SHORT, "the test lock", () -> "mine"));
    }

    @Test
    void theKernelReleasesTheLockOfAProcessKilledWithSigkill() throws Exception {
        Path file = directory.resolve("killed.lock");
        Process holder = holder(file);
        holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        assertEquals("mine", CrossProcessLock.at(file).hold(Duration.ofSeconds(5), "the test lock", () -> "mine"));
    }

    @Test
    void aThreadHoldingTheLockMayTakeItAgainAndOtherThreadsWait() throws Exception {
        CrossProcessLock lock = CrossProcessLock.at(directory.resolve("threads.lock"));
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread owner = new Thread(() -> lock.hold(SHORT, "the test lock", () -> {
            // Reentrant: the JVM's one-lock-per-file rule never meets a second lock of ours.
            lock.hold(SHORT, "the test lock", () -> null);
            held.countDown();
            await(release);
            return null;
        }));
        owner.start();
        assertTrue(held.await(5, TimeUnit.SECONDS));
        VirtException timeout = assertThrows(VirtException.class, () -> lock.hold(SHORT, "the test lock", () -> null));
        assertTrue(timeout.getMessage().contains("held by another thread of this process"), timeout.getMessage());
        release.countDown();
        owner.join(5000);
        AtomicBoolean ran = new AtomicBoolean();
        assertTrue(lock.holdIfFree(() -> ran.set(true)));
        assertTrue(ran.get());
    }

    /** A separate JVM holding the lock on {@code file}, once it says so. */
    private static Process holder(Path file) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process process = new ProcessBuilder(java, "-cp", classPath, LockHolder.class.getName(), file.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("locked", out.readLine());
        return process;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
