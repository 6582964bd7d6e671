package org.virtfx.drivers.qemu.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.virtfx.core.config.CrossProcessLock;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.drivers.qemu.argv.QemuCommandLine;
import org.virtfx.drivers.qemu.qmp.QmpClient;
import org.virtfx.drivers.qemu.qmp.QmpEvent;

/**
 * One running QEMU, a child of this application (no {@code -daemonize}), so its exit is seen
 * the moment it happens through {@link Process#onExit()} and a kill is reaped at once. It
 * starts paused ({@code -S}); {@link #start} returns once QMP answers, and {@link #cont()}
 * lets the guest run.
 *
 * <p>QEMU has two QMP monitors. The event monitor ({@code monitor.sock}) is held for the VM's
 * life by one VirtFX process, which gets QEMU's events on it. The command monitor
 * ({@code qmp-cmd.sock}, beside it) serves every other process in short sessions, one at a
 * time under a lock file ({@link #session}). A process that holds no event
 * monitor is a guest: {@link #guest} watches QEMU's exit through its pid, and
 * {@link #takeMonitor} makes it the holder once the event monitor is free again. See
 * docs/decisions/0008-qemu-driver.md.
 */
public final class QemuProcess implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(QemuProcess.class.getName());
    /** The longest QMP message accepted (query-qmp-schema, the largest reply, is about 200 KB). */
    public static final int MAX_QMP_MESSAGE = 8 * 1024 * 1024;
    private static final Duration QMP_TIMEOUT = Duration.ofSeconds(30);
    /** The command monitor's socket, beside the event monitor's. */
    private static final String COMMAND_SOCKET = "qmp-cmd.sock";
    /** A session waits this long for other processes' sessions (each a few QMP round trips, a save a few seconds). */
    private static final Duration SESSION_WAIT = Duration.ofSeconds(60);

    /** Null for a QEMU found again after a restart, which is no longer our child. */
    private final Process process;
    private final ProcessHandle handle;
    private final CompletableFuture<Integer> exit;
    /** The event monitor; null while this process is a guest of another one's QEMU. */
    private volatile QmpClient qmp;
    /** The pid watch of a guest's QEMU, which is not our child; null otherwise. */
    private final ForeignExit foreignExit;
    private final Path monitorSocket;
    private final Path pidFile;
    private final LifecycleActions actions;
    private final Consumer<QmpEvent> listener;
    /** QEMU's last lines of output; null for an adopted QEMU, whose output is not ours. */
    private final OutputTail output;
    /** A reboot asked by the host, by any process: the guest's next power-off becomes a reset, as libvirt's fake reboot. */
    private final RebootMark rebootMark;
    /** Set once a SHUTDOWN makes QEMU exit (on_poweroff destroy), before it is told to. */
    private volatile boolean exiting;

    private QemuProcess(Process process, ProcessHandle handle, CompletableFuture<Integer> exit, QmpClient qmp,
                        Path monitorSocket, Path pidFile, LifecycleActions actions, Consumer<QmpEvent> listener,
                        OutputTail output, ForeignExit foreignExit) {
        this.process = process;
        this.foreignExit = foreignExit;
        this.output = output;
        this.handle = handle;
        this.exit = exit;
        this.qmp = qmp;
        this.monitorSocket = monitorSocket;
        this.pidFile = pidFile;
        this.actions = actions;
        this.listener = listener;
        this.rebootMark = new RebootMark(monitorSocket.getParent());
    }

    /**
     * Starts QEMU paused and connects to its monitor. On any failure nothing is left: the
     * process is killed and reaped, the socket and pid file removed, and the error names the
     * cause with QEMU's last words.
     *
     * @param balloonBytes the balloon target the guest starts with, from {@link BalloonTarget}
     * @param events receives every QMP event, on the monitor's reader thread
     */
    public static QemuProcess start(QemuCommandLine commandLine, Path monitorSocket, Path pidFile,
                                    LifecycleActions actions, OptionalLong balloonBytes, Duration startTimeout,
                                    Consumer<QmpEvent> events) {
        return start(List.of(), commandLine, monitorSocket, pidFile, actions, balloonBytes, startTimeout, events);
    }

    /**
     * As {@link #start(QemuCommandLine, Path, Path, LifecycleActions, OptionalLong, Duration, Consumer)},
     * with QEMU run through {@code launcher}, a program that execs its arguments in the same
     * process (nsenter into a network namespace), so QEMU stays this application's child.
     */
    public static QemuProcess start(List<String> launcher, QemuCommandLine commandLine, Path monitorSocket,
                                    Path pidFile, LifecycleActions actions, OptionalLong balloonBytes,
                                    Duration startTimeout, Consumer<QmpEvent> events) {
        String emulator = commandLine.argv().get(0);
        if (!Files.isExecutable(Path.of(emulator))) {
            throw VirtException.of(ErrorCode.INTERNAL_ERROR, "Cannot find QEMU binary " + emulator + ": No such file or directory");
        }
        deleteQuietly(monitorSocket);
        deleteQuietly(pidFile);
        deleteQuietly(monitorSocket.resolveSibling(COMMAND_SOCKET));
        List<String> argv = new ArrayList<>(launcher);
        argv.addAll(commandLine.argv());
        argv.add("-pidfile");
        argv.add(pidFile.toString());
        // VirtFX's own second monitor, like -pidfile not part of libvirt's command line.
        argv.add("-chardev");
        argv.add("socket,id=charqmpcmd,path=" + monitorSocket.resolveSibling(COMMAND_SOCKET).toString().replace(",", ",,")
                + ",server=on,wait=off");
        argv.add("-mon");
        argv.add("chardev=charqmpcmd,id=qmpcmd,mode=control");
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(commandLine.environment());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, "internal error: cannot start " + emulator + ": "
                    + e.getMessage(), e.toString(), e);
        }
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // QEMU reads nothing from standard input; a failed close changes nothing.
        }
        OutputTail output = new OutputTail(process.getInputStream(), monitorSocket.getParent().getFileName().toString());
        Holder holder = new Holder();
        try {
            QmpClient qmp = connectMonitor(process, monitorSocket, startTimeout, output, holder::deliver);
            QemuProcess qemu = new QemuProcess(process, process.toHandle(),
                    process.onExit().thenApply(Process::exitValue), qmp, monitorSocket, pidFile, actions, events, output,
                    null);
            holder.target = qemu;
            try {
                qemu.setActions();
                if (balloonBytes.isPresent()) {
                    qmp.execute("balloon", QmpClient.arguments().put("value", balloonBytes.getAsLong()), QMP_TIMEOUT);
                }
            } catch (RuntimeException e) {
                qmp.close();
                throw e;
            }
            return qemu;
        } catch (RuntimeException e) {
            process.destroyForcibly();
            waitQuietly(process);
            deleteQuietly(monitorSocket);
            deleteQuietly(pidFile);
            throw e;
        }
    }

    /**
     * Finds a running QEMU again after the application restarted, through its monitor: it is
     * no longer our child (PID 1 took it), so its exit is the monitor's end of file, which the
     * kernel gives the moment QEMU's descriptors close, without polling and without waiting
     * for PID 1 to reap it. Its exit status is unknown (-1).
     */
    public static QemuProcess adopt(long pid, Path monitorSocket, Path pidFile, LifecycleActions actions,
                                    Consumer<QmpEvent> events) {
        ProcessHandle handle = ProcessHandle.of(pid).orElseThrow(() -> VirtException.of(ErrorCode.OPERATION_FAILED,
                "QEMU " + pid + " is gone"));
        Holder holder = new Holder();
        QmpClient qmp = QmpClient.connect(monitorSocket, holder::deliver, MAX_QMP_MESSAGE, QMP_TIMEOUT);
        QemuProcess qemu = new QemuProcess(null, handle, qmp.closedFuture().thenApply(end -> -1), qmp, monitorSocket,
                pidFile, actions, events, null, null);
        holder.target = qemu;
        return qemu;
    }

    /**
     * A running QEMU whose event monitor another VirtFX process holds: nothing is connected,
     * commands go through sessions on the command monitor, and its exit is seen through its
     * pid (a process descriptor), the moment it happens.
     */
    public static QemuProcess guest(long pid, Path monitorSocket, Path pidFile, LifecycleActions actions,
                                    Consumer<QmpEvent> events) {
        ProcessHandle handle = ProcessHandle.of(pid).orElseThrow(() -> VirtException.of(ErrorCode.OPERATION_FAILED,
                "QEMU " + pid + " is gone"));
        ForeignExit watch = ForeignExit.of(pid);
        return new QemuProcess(null, handle, watch.exited(), null, monitorSocket, pidFile, actions, events, null, watch);
    }

    /**
     * Acts on what QEMU's run state says happened while no process held the event monitor: a
     * guest that powered off meanwhile ({@code shutdown}) is handled as its SHUTDOWN event
     * would have been, and a reboot that a killed holder left half done (the guest reset but
     * still stopped, {@code prelaunch}) is let run. Returns whether the guest runs.
     */
    public boolean catchUp(String status) {
        RebootMark.State reboot = rebootMark.state();
        if (status.equals("shutdown")) {
            onEvent(new QmpEvent("SHUTDOWN", QmpClient.arguments().put("guest", true).put("reason", "guest-shutdown"),
                    Instant.now()));
        } else if (reboot == RebootMark.State.RESETTING) {
            if (status.equals("prelaunch")) {
                execute("cont", QMP_TIMEOUT);
                status = "running";
            }
            rebootMark.clear();
        }
        return status.equals("running");
    }

    /** Whether this process holds QEMU's event monitor (and so gets its events). */
    public boolean holdsMonitor() {
        return qmp != null;
    }

    /**
     * Connects this guest to the event monitor, which the caller knows to be free (its holder
     * ended or let go). Its exit is still watched through the pid.
     */
    public synchronized void takeMonitor(Duration timeout) {
        if (qmp != null) {
            return;
        }
        Holder holder = new Holder();
        holder.target = this;
        qmp = QmpClient.connect(monitorSocket, holder::deliver, MAX_QMP_MESSAGE, timeout);
    }

    /**
     * Runs {@code work} on a QMP connection: the event monitor when this process holds it,
     * else a session of its own on the command monitor, opened and closed around the work,
     * with other processes' sessions waiting on the lock. QEMU sends its events to every
     * monitor, so a session's work sees the events of what it does (a job's, a device's
     * deletion), and they go to the listener too.
     */
    public <T> T session(Function<QmpClient, T> work) {
        QmpClient events = qmp;
        if (events != null) {
            return work.apply(events);
        }
        Path socket = monitorSocket.resolveSibling(COMMAND_SOCKET);
        return CrossProcessLock.at(sessionLock()).hold(SESSION_WAIT,
                "the command monitor " + socket, () -> {
                    try (QmpClient session = QmpClient.connect(socket, listener, MAX_QMP_MESSAGE, QMP_TIMEOUT)) {
                        return work.apply(session);
                    }
                });
    }

    /**
     * The session lock: {@code locks/UUID.qmp.lock} beside the domains' locks, not in the VM's
     * directory, which taking the lock would make again after the VM stopped. It stays, as lock
     * files do.
     */
    private Path sessionLock() {
        Path directory = monitorSocket.getParent();
        return directory.resolveSibling("locks").resolve(directory.getFileName() + ".qmp.lock");
    }

    /** Runs one command (in a session when this process is a guest) and returns its {@code return} value. */
    public JsonNode execute(String command, ObjectNode arguments, Duration timeout) {
        return session(client -> client.execute(command, arguments, timeout));
    }

    public JsonNode execute(String command, Duration timeout) {
        return execute(command, null, timeout);
    }

    /** Events reach the process object once it exists; ones before that only go to the listener's successor. */
    private static final class Holder {
        volatile QemuProcess target;

        void deliver(QmpEvent event) {
            QemuProcess t = target;
            if (t != null) {
                t.onEvent(event);
            }
        }
    }

    /**
     * Connects to the monitor as soon as QEMU listens on it: QEMU binds it early in its start,
     * and until then a connect fails. If QEMU exits first, or the monitor breaks because it is
     * exiting, the error is libvirt's "process exited while connecting to monitor" with
     * QEMU's last lines, which name the cause.
     */
    private static QmpClient connectMonitor(Process process, Path socket, Duration timeout, OutputTail output,
                                            Consumer<QmpEvent> events) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (Files.exists(socket)) {
                try {
                    return QmpClient.connect(socket, events, MAX_QMP_MESSAGE, QMP_TIMEOUT);
                } catch (VirtException e) {
                    if (exitsSoon(process)) {
                        throw exitedAtStart(output);
                    }
                    if (!e.getMessage().contains("failed to connect to monitor socket")) {
                        throw e;
                    }
                }
            }
            if (!process.isAlive()) {
                throw exitedAtStart(output);
            }
            if (System.nanoTime() > deadline) {
                throw VirtException.of(ErrorCode.OPERATION_TIMEOUT, "QEMU did not open its monitor socket within "
                        + timeout.toMillis() + " ms");
            }
            try {
                // Short: QEMU binds within tens of milliseconds and the whole start waits on it;
                // the wait also ends at once if QEMU exits.
                process.waitFor(5, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw VirtException.of(ErrorCode.OPERATION_ABORTED, "interrupted while starting QEMU");
            }
        }
    }

    private static boolean exitsSoon(Process process) {
        try {
            return process.waitFor(200, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    private static VirtException exitedAtStart(OutputTail output) {
        String words = output.lastLines();
        return new VirtException(ErrorCode.INTERNAL_ERROR, "internal error: process exited while connecting to monitor: "
                + words, words, null);
    }

    /** on_reboot and on_crash as QEMU's own actions; on_poweroff is carried out on SHUTDOWN. */
    private void setActions() {
        execute("set-action", QmpClient.arguments().put("reboot", actions.rebootAction())
                .put("panic", actions.panicAction()), QMP_TIMEOUT);
    }

    private void onEvent(QmpEvent event) {
        if (event.name().equals("SHUTDOWN")) {
            // Only the holder of the event monitor gets here: one process acts on a power-off.
            // -no-shutdown leaves QEMU stopped; on_poweroff says what follows. Not on the
            // reader thread: a QMP command from here would wait on this very thread.
            boolean guest = event.data().path("guest").asBoolean(false);
            if (guest && (rebootMark.state() != RebootMark.State.NONE || "restart".equals(actions.onPoweroff()))) {
                // Marked first: a holder killed from here on leaves a stopped QEMU that the
                // next holder resets and lets run (catchUp) instead of taking it for a power-off.
                rebootMark.resetting();
                CompletableFuture.runAsync(() -> {
                    execute("system_reset", QMP_TIMEOUT);
                    execute("cont", QMP_TIMEOUT);
                    rebootMark.clear();
                }).exceptionally(failure -> {
                    // The mark stays: the next holder of the monitor finishes the reboot.
                    LOG.log(System.Logger.Level.WARNING, "could not reset the guest of QEMU " + monitorSocket
                            + " for its reboot", failure);
                    return null;
                });
            } else {
                exiting = true;
                handle.destroy();
            }
        }
        listener.accept(event);
    }

    /**
     * Asks the guest to reboot by ACPI: it is sent the power button, and when it powers off
     * QEMU is reset and let run again, as libvirt's {@code virsh reboot --mode acpi} does. From
     * any process: the request is marked in the VM's directory ({@link RebootMark}) before the
     * button is pressed, so that the process holding the event monitor, which hears the
     * power-off, resets the guest.
     */
    public void reboot() {
        rebootMark.request();
        try {
            execute("system_powerdown", QMP_TIMEOUT);
        } catch (RuntimeException e) {
            rebootMark.clear();
            throw e;
        }
    }

    /** Whether QEMU is exiting after the guest's shutdown, rather than resetting it. */
    public boolean exiting() {
        return exiting;
    }

    /** QEMU's last lines of output (its own error messages), empty for a QEMU found again after a restart. */
    public String lastOutput() {
        return output == null ? "" : output.lastLines();
    }

    /** Lets the paused guest run. */
    public void cont() {
        execute("cont", QMP_TIMEOUT);
    }

    /** The event monitor; fails for a guest, which has none (use {@link #session}). */
    public QmpClient qmp() {
        QmpClient events = qmp;
        if (events == null) {
            throw VirtException.of(ErrorCode.OPERATION_INVALID, "another VirtFX process holds the QEMU monitor of "
                    + monitorSocket.getParent());
        }
        return events;
    }

    public long pid() {
        return handle.pid();
    }

    /** Completes with the exit status the moment QEMU exits. */
    public CompletableFuture<Integer> exited() {
        return exit;
    }

    /**
     * SIGKILL, and its socket and pid file removed. Our child is reaped at once; an adopted
     * QEMU is waited for until its monitor ends, as the kernel closes its descriptors.
     */
    public void destroy() {
        handle.destroyForcibly();
        if (process != null) {
            waitQuietly(process);
        } else {
            exit.join();
        }
        close();
    }

    /** Closes the monitor and removes the files of an exited QEMU; a running one keeps running. */
    @Override
    public void close() {
        release();
        if (process != null ? !process.isAlive() : exit.isDone()) {
            deleteQuietly(monitorSocket);
            deleteQuietly(monitorSocket.resolveSibling(COMMAND_SOCKET));
            deleteQuietly(pidFile);
        }
    }

    /**
     * Lets go of QEMU and touches no file: the monitor closed, the exit no longer watched. For
     * a QEMU whose files another process has removed (or a new start of the VM now uses).
     */
    public void release() {
        QmpClient events = qmp;
        if (events != null) {
            events.close();
        }
        if (foreignExit != null) {
            foreignExit.stop();
        }
    }

    private static void waitQuietly(Process process) {
        boolean interrupted = false;
        while (true) {
            try {
                process.waitFor();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // A file that cannot be removed is reported by the next start that needs the name.
        }
    }
}
