package org.virtfx.drivers.lxc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/**
 * One running {@code virtfx-lxc-supervisor}, a child of the application, and the container's
 * init under it. The protocol is in the C source: the supervisor reports init's pid while init
 * is parked, waits for {@link #release()}, then reports whether init was executed.
 *
 * <p>Every argument goes to the kernel as an argv element: no shell ever sees a domain name,
 * an init argument or a path.
 */
final class Supervisor {
    private final Process process;
    private final BufferedReader out;
    private final long initPid;
    private final String terminal;

    private Supervisor(Process process, BufferedReader out, long initPid, String terminal) {
        this.process = process;
        this.out = out;
        this.initPid = initPid;
        this.terminal = terminal;
    }

    /** The supervisor's command line for a container. */
    static List<String> command(Path binary, String hostname, ContainerConfig config, List<String> withoutIpv6,
                                Cgroup cgroup, Map<String, String> env, Path log, Path console) {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary.toString());
        cmd.add("--hostname");
        cmd.add(hostname);
        config.root().ifPresent(r -> {
            cmd.add("--root");
            cmd.add(r);
        });
        for (ContainerConfig.Mount m : config.mounts()) {
            if (m.source().isPresent()) {
                cmd.add("--bind");
                cmd.add(m.source().get());
                cmd.add(m.target());
                cmd.add(m.readOnly() ? "ro" : "rw");
            } else {
                cmd.add("--tmpfs");
                cmd.add(m.target());
                cmd.add(Long.toString(m.ramKiB()));
            }
        }
        for (Path procs : cgroup.procsFiles()) {
            cmd.add("--cgroup");
            cmd.add(procs.toString());
        }
        for (ContainerConfig.Interface nic : config.interfaces()) {
            if (nic.up()) {
                cmd.add("--netif");
                cmd.add(nic.guestName());
            }
        }
        for (String name : withoutIpv6) {
            cmd.add("--no-ipv6");
            cmd.add(name);
        }
        cmd.add("--dir");
        cmd.add(config.initDir());
        env.forEach((k, v) -> {
            cmd.add("--env");
            cmd.add(k + "=" + v);
        });
        cmd.add("--log");
        cmd.add(log.toString());
        cmd.add("--console");
        cmd.add(console.toString());
        if (!config.cpus().isEmpty()) {
            cmd.add("--cpus");
            cmd.add(config.cpus().stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",")));
        }
        config.initUser().ifPresent(user -> {
            cmd.add("--user");
            cmd.add(user);
        });
        config.initGroup().ifPresent(group -> {
            cmd.add("--group");
            cmd.add(group);
        });
        config.idmap().ifPresent(map -> {
            cmd.add("--uidmap");
            cmd.add(map.uidMap());
            cmd.add("--gidmap");
            cmd.add(map.gidMap());
        });
        cmd.add("--");
        cmd.add(config.init());
        cmd.addAll(config.initArgs());
        return cmd;
    }

    /** Starts the supervisor and waits until init exists (parked) in its namespaces. */
    static Supervisor launch(List<String> command) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, "cannot start the container supervisor: "
                    + e.getMessage(), null, e);
        }
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        try {
            String line = out.readLine();
            String terminal = "";
            if (line != null && line.startsWith("pty ")) {
                terminal = line.substring(4);
                line = out.readLine();
            }
            if (line == null || !line.startsWith("pid ")) {
                throw failure(process, line);
            }
            return new Supervisor(process, out, Long.parseLong(line.substring(4)), terminal);
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            awaitQuietly(process);
            if (e instanceof VirtException v) {
                throw v;
            }
            throw new VirtException(ErrorCode.OPERATION_FAILED, "container supervisor failed: " + e.getMessage(), null, e);
        }
    }

    /** Lets init go on: set up its mounts and hostname, bring up interfaces, exec the program. */
    void release() {
        String line;
        try {
            OutputStream in = process.getOutputStream();
            in.write("go\n".getBytes(StandardCharsets.US_ASCII));
            in.flush();
            line = out.readLine();
        } catch (IOException e) {
            line = null;
        }
        if (!"running".equals(line)) {
            awaitQuietly(process);
            throw failure(process, line);
        }
        try {
            process.getOutputStream().close();
            out.close();
        } catch (IOException ignored) {
            // The supervisor put /dev/null on its streams; nothing more comes through them.
        }
    }

    private static VirtException failure(Process process, String line) {
        String why = line != null && line.startsWith("error ") ? line.substring(6) : "the supervisor ended"
                + (process.isAlive() ? "" : " with status " + process.exitValue());
        return VirtException.of(ErrorCode.OPERATION_FAILED, "cannot start container: " + why);
    }

    /**
     * Ends an unfinished start: SIGKILL to init (the kernel then kills whatever else is in its
     * pid namespace) and to the supervisor, and waits for both.
     */
    void abandon() {
        ProcessHandle.of(initPid).ifPresent(ProcessHandle::destroyForcibly);
        // EOF before "go" also makes the supervisor kill init. It must reap init itself:
        // killed first, it would leave init to PID 1 here, which reaps about 2 s late.
        try {
            process.getOutputStream().close();
        } catch (IOException alreadyClosed) {
            // It has stopped reading; the kill above is enough.
        }
        awaitQuietly(process);
        if (process.isAlive()) {
            process.destroyForcibly();
            awaitQuietly(process);
        }
    }

    long initPid() {
        return initPid;
    }

    /** The console's terminal as the host sees it, {@code /dev/pts/N}. */
    String terminal() {
        return terminal;
    }

    Process process() {
        return process;
    }

    private static void awaitQuietly(Process process) {
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
