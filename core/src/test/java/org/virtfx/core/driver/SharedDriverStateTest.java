package org.virtfx.core.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SharedDriverStateTest {
    private final List<String> released = new ArrayList<>();
    private final AtomicInteger made = new AtomicInteger();
    private final SharedDriverState<String, String> shared = new SharedDriverState<>(released::add);

    private String make(String key) {
        return key + "#" + made.incrementAndGet();
    }

    @Test
    void connectionsToOneKeyShareOneStateUntilTheLastCloses() {
        var first = shared.open("default", this::make);
        var second = shared.open("default", this::make);
        assertSame(first.state(), second.state());
        assertEquals(2, shared.users("default"));
        first.close();
        assertEquals(List.of(), released, "the state outlives all but its last connection");
        second.close();
        assertEquals(List.of("default#1"), released);
        assertEquals(0, shared.users("default"));
        assertEquals("default#2", shared.open("default", this::make).state(), "a later open starts afresh");
    }

    @Test
    void closingAConnectionTwiceReleasesItsShareOnce() {
        var first = shared.open("default", this::make);
        var second = shared.open("default", this::make);
        first.close();
        first.close();
        assertEquals(1, shared.users("default"));
        assertEquals(List.of(), released);
        second.close();
        assertEquals(List.of("default#1"), released);
    }

    @Test
    void eachKeyHasItsOwnState() {
        var system = shared.open("/etc", this::make);
        var embedded = shared.open("/tmp/x", this::make);
        assertNotSame(system.state(), embedded.state());
        embedded.close();
        assertEquals(List.of("/tmp/x#2"), released);
        assertEquals(1, shared.users("/etc"));
    }

    @Test
    void aFailedOpenKeepsNothing() {
        assertThrows(IllegalStateException.class, () -> shared.open("default", key -> {
            throw new IllegalStateException("node file unreadable");
        }));
        assertEquals(0, shared.users("default"));
        assertEquals("default#1", shared.open("default", this::make).state());
    }

    @Test
    void concurrentOpensMakeOneState() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        List<String> states = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 8; i++) {
            Thread t = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                states.add(shared.open("default", this::make).state());
            });
            t.start();
            threads.add(t);
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(1, made.get());
        assertEquals(8, shared.users("default"));
        assertEquals(8, states.stream().filter("default#1"::equals).count());
    }
}
