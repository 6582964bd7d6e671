package org.virtfx.drivers.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.xml.XmlElement;

/**
 * The machine types a QEMU binary offers, as libvirt reads them for its capabilities: QMP's
 * {@code query-machines} of the binary started with {@code -machine none}, each with its
 * vCPU limit, its alias (listed after it, naming it as {@code canonical}) and whether it is
 * deprecated; {@code none} itself is left out, and the default comes first. A binary is asked
 * once, again only when it changed on disk (an upgrade), since a probe starts a QEMU.
 */
final class MachineTypes {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long PROBE_SECONDS = 30;

    /** One {@code <machine>} entry: a name, the machine it is an alias of, its vCPU limit. */
    record Machine(String name, Optional<String> canonical, int maxCpus, boolean deprecated) {
        XmlElement xml() {
            XmlElement machine = new XmlElement("machine");
            canonical.ifPresent(c -> machine.setAttribute("canonical", c));
            machine.setAttribute("maxCpus", Integer.toString(maxCpus));
            if (deprecated) {
                machine.setAttribute("deprecated", "yes");
            }
            return machine.setText(name);
        }
    }

    private record Probed(FileStamp stamp, List<Machine> machines) {
    }

    private final Map<Path, Probed> probed = new HashMap<>();

    /** The machines of {@code binary}, probed now unless the binary is as it was at the last probe. */
    synchronized List<Machine> of(Path binary) {
        FileStamp stamp = FileStamp.of(binary).orElseThrow(() -> VirtException.of(ErrorCode.INTERNAL_ERROR,
                "Cannot find QEMU binary " + binary + ": No such file or directory"));
        Probed known = probed.get(binary);
        if (known == null || !known.stamp().equals(stamp)) {
            known = new Probed(stamp, probe(binary));
            probed.put(binary, known);
        }
        return known.machines();
    }

    private static List<Machine> probe(Path binary) {
        Process qemu;
        try {
            qemu = new ProcessBuilder(binary.toString(), "-machine", "none", "-nodefaults", "-display", "none",
                    "-qmp", "stdio").start();
        } catch (IOException e) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, "Cannot run QEMU binary " + binary + ": " + e.getMessage(),
                    e.toString(), e);
        }
        // A QEMU that never answers would hold every caller of of(): ended after PROBE_SECONDS,
        // its output ends and the read below returns.
        CompletableFuture.delayedExecutor(PROBE_SECONDS, TimeUnit.SECONDS).execute(qemu::destroyForcibly);
        CompletableFuture<String> errors = errorOutput(qemu);
        try (OutputStream in = qemu.getOutputStream();
             BufferedReader out = new BufferedReader(new InputStreamReader(qemu.getInputStream(), StandardCharsets.UTF_8))) {
            // QEMU reads its input in order, so the three commands may all go before the greeting.
            in.write(("{\"execute\":\"qmp_capabilities\"}\n{\"execute\":\"query-machines\"}\n{\"execute\":\"quit\"}\n")
                    .getBytes(StandardCharsets.UTF_8));
            in.flush();
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                JsonNode answer = JSON.readTree(line);
                if (answer.has("error")) {
                    throw VirtException.of(ErrorCode.INTERNAL_ERROR, "QEMU binary " + binary
                            + " refused to list its machine types: " + answer.path("error").path("desc").asText());
                }
                if (answer.path("return").isArray()) {
                    return machines(answer.path("return"));
                }
            }
            throw VirtException.of(ErrorCode.INTERNAL_ERROR, "QEMU binary " + binary
                    + " ended without listing its machine types" + said(errors));
        } catch (IOException e) {
            // A QEMU that ended at once breaks the pipe; why it ended is in its own words.
            String words = said(errors);
            throw new VirtException(ErrorCode.INTERNAL_ERROR, words.isEmpty()
                    ? "cannot read the machine types of QEMU binary " + binary + ": " + e.getMessage()
                    : "QEMU binary " + binary + " ended without listing its machine types" + words, e.toString(), e);
        } finally {
            try {
                if (!qemu.waitFor(PROBE_SECONDS, TimeUnit.SECONDS)) {
                    qemu.destroyForcibly();
                }
            } catch (InterruptedException e) {
                qemu.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * What QEMU writes to its error output, read to its end on a thread of its own: a pipe
     * nobody reads could block a talkative QEMU, and the common pool's few threads run the
     * probe's time limit.
     */
    private static CompletableFuture<String> errorOutput(Process qemu) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (InputStream err = qemu.getErrorStream()) {
                text.complete(new String(err.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.complete("");
            }
        }, "qemu-probe-stderr");
        reader.setDaemon(true);
        reader.start();
        return text;
    }

    /** QEMU's own words on why it ended, its last line (where QEMU says what failed), or nothing. */
    private static String said(CompletableFuture<String> errors) {
        try {
            List<String> lines = errors.get(5, TimeUnit.SECONDS).lines().filter(l -> !l.isBlank()).toList();
            return lines.isEmpty() ? "" : ": " + lines.get(lines.size() - 1).strip();
        } catch (ExecutionException | TimeoutException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** libvirt's order and entries: the default first, each alias right after its machine. */
    private static List<Machine> machines(JsonNode listed) {
        List<Machine> machines = new ArrayList<>();
        for (JsonNode m : listed) {
            String name = m.path("name").asText();
            if (name.equals("none")) {
                continue;
            }
            int maxCpus = m.path("cpu-max").asInt();
            boolean deprecated = m.path("deprecated").asBoolean(false);
            List<Machine> entries = new ArrayList<>();
            entries.add(new Machine(name, Optional.empty(), maxCpus, deprecated));
            if (m.hasNonNull("alias")) {
                entries.add(new Machine(m.path("alias").asText(), Optional.of(name), maxCpus, deprecated));
            }
            machines.addAll(m.path("is-default").asBoolean(false) ? 0 : machines.size(), entries);
        }
        return List.copyOf(machines);
    }
}
