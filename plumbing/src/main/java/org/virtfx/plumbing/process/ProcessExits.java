package org.virtfx.plumbing.process;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The ends of processes that are not our children (supervisors another VirtFX process started),
 * for any number of them at an idle cost that does not grow with the number: one thread waits
 * on the kernel's process-events connector ({@link ProcConnector}) and wakes only when a
 * process on the host exits. Where the connector is not available (not root, or a pid or user
 * namespace other than the host's) the same thread looks at each watched process's
 * {@code /proc} entry every {@value #FALLBACK_TICK_MILLIS} ms instead, one read each.
 *
 * <p>A process counts as ended at its exit, a zombie included (its reaper, PID 1, may be late),
 * and a pid is never mistaken for another process that took it later: each watch names the
 * process's start time, checked once when the watch begins; after that, the first exit of the
 * pid is the watched process's own.
 */
public final class ProcessExits {
    private static final System.Logger LOG = System.getLogger(ProcessExits.class.getName());
    static final long FALLBACK_TICK_MILLIS = 50;
    private static final ProcessExits HOST = new ProcessExits(true);

    /** The watches by pid; several parts of a process (two connections) may watch one process. */
    private final Map<Long, List<Watch>> watches = new HashMap<>();
    private final boolean tryEvents;
    private boolean started;
    private volatile boolean events;

    /** One watch: its future completes with -1 (exit status unknown) once the process ended. */
    public final class Watch {
        private final long pid;
        private final long startTime;
        private final CompletableFuture<Integer> exited = new CompletableFuture<>();

        private Watch(long pid, long startTime) {
            this.pid = pid;
            this.startTime = startTime;
        }

        public CompletableFuture<Integer> exited() {
            return exited;
        }

        /** Stops watching; the future then never completes. */
        public void stop() {
            forget(this);
        }

        private void end() {
            if (forget(this)) {
                exited.complete(-1);
            }
        }
    }

    /** A watcher of its own; {@code tryEvents} false makes it look at /proc (for tests of that path). */
    ProcessExits(boolean tryEvents) {
        this.tryEvents = tryEvents;
    }

    /** The watcher shared by everything in this JVM. */
    public static ProcessExits host() {
        return HOST;
    }

    /**
     * Watches the process {@code pid} that started at {@code startTime} (clock ticks after boot,
     * field 22 of {@code /proc/PID/stat}); if it has ended already, or the pid is another
     * process's, the watch's future is complete on return.
     */
    public Watch watch(long pid, long startTime) {
        startOnce();
        Watch watch = new Watch(pid, startTime);
        // In the map before the look, so an exit between the two is seen by one or the other.
        synchronized (watches) {
            watches.computeIfAbsent(pid, p -> new ArrayList<>(1)).add(watch);
        }
        if (ended(watch)) {
            watch.end();
        }
        return watch;
    }

    /** Whether process events, rather than the fallback's ticks, tell this watcher of exits. */
    public boolean usesProcessEvents() {
        startOnce();
        return events;
    }

    private synchronized void startOnce() {
        if (started) {
            return;
        }
        started = true;
        ProcConnector connector;
        try {
            if (!tryEvents) {
                throw new IOException("process events not asked for");
            }
            connector = ProcConnector.open();
            events = true;
        } catch (IOException | LinkageError unavailable) {
            LOG.log(Level.INFO, "watching foreign processes by /proc every " + FALLBACK_TICK_MILLIS + " ms: "
                    + unavailable.getMessage());
            connector = null;
        }
        ProcConnector source = connector;
        Thread thread = new Thread(null, () -> run(source), "process-exits", 256 * 1024);
        thread.setDaemon(true);
        thread.start();
    }

    private void run(ProcConnector connector) {
        try {
            if (connector != null) {
                listen(connector);
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "process events failed, watching by /proc from now on: " + e.getMessage());
            events = false;
            connector.close();
        }
        try {
            while (true) {
                lookAtAll();
                Thread.sleep(FALLBACK_TICK_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void listen(ProcConnector connector) throws IOException {
        while (true) {
            long pid = connector.nextExit();
            if (pid < 0) {
                lookAtAll();
            } else {
                List<Watch> ended;
                synchronized (watches) {
                    List<Watch> ofPid = watches.get(pid);
                    ended = ofPid == null ? List.of() : List.copyOf(ofPid);
                }
                ended.forEach(Watch::end);
            }
        }
    }

    /** Whether {@code watch} was still watched (not ended, not stopped) until now. */
    private boolean forget(Watch watch) {
        synchronized (watches) {
            List<Watch> ofPid = watches.get(watch.pid);
            if (ofPid == null || !ofPid.remove(watch)) {
                return false;
            }
            if (ofPid.isEmpty()) {
                watches.remove(watch.pid);
            }
            return true;
        }
    }

    private void lookAtAll() {
        List<Watch> all;
        synchronized (watches) {
            all = watches.values().stream().flatMap(List::stream).toList();
        }
        for (Watch watch : all) {
            if (ended(watch)) {
                watch.end();
            }
        }
    }

    /** Gone, a zombie, or the pid is another process's: one read of {@code /proc/PID/stat}. */
    private static boolean ended(Watch watch) {
        String[] stat = statAfterName(watch.pid);
        return stat == null || stat[0].equals("Z") || Long.parseLong(stat[19]) != watch.startTime;
    }

    /** Field 22 of {@code /proc/PID/stat}, the process's start in clock ticks after boot; -1 if it is gone. */
    public static long startTime(long pid) {
        String[] stat = statAfterName(pid);
        return stat == null ? -1 : Long.parseLong(stat[19]);
    }

    /** The fields of {@code /proc/PID/stat} from the third (the state) on; null if the process is gone. */
    private static String[] statAfterName(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) may hold spaces and parentheses: count from its end.
            String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return rest.length > 19 ? rest : null;
        } catch (IOException gone) {
            return null;
        }
    }
}
