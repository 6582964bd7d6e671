package org.virtfx.app.benchmode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeItem;
import javafx.scene.control.skin.VirtualFlow;
import org.virtfx.app.manager.ConnectionRow;
import org.virtfx.app.manager.ConnectionStatus;
import org.virtfx.app.manager.DomainAction;
import org.virtfx.app.manager.DomainRow;
import org.virtfx.app.manager.ManagerRow;
import org.virtfx.app.manager.ManagerView;
import org.virtfx.app.manager.ManagerViewModel;
import org.virtfx.app.task.FxTaskExecutor;
import org.virtfx.core.domain.DomainState;

/**
 * What the manager benchmark ({@code bench/}) drives when the app runs with
 * {@code -Dvirtfx.bench=true}: it prints {@code virtfx-bench rows_shown ...} once every domain
 * has a row and a layout pulse has passed, then obeys commands on standard input:
 * {@code bulk-start N} selects N running domains, forces them off, then starts them all
 * through the toolbar's Run action while measuring the longest FX-thread stall;
 * {@code type TEXT} types TEXT into the filter field a key at a time and erases it again,
 * timing each key until the filtered rows are laid out; {@code scroll N} scrolls the list N
 * wheel notches down, timing each until laid out; {@code open N} opens the VM windows of N
 * domains spread over the list, one after another, as the toolbar's Open does, timing each
 * until its details are read and laid out, then closes it; {@code quit} exits. It drives the real view and view model, as a person's clicks would.
 */
public final class BenchScenario {
    public static final String PROPERTY = "virtfx.bench";
    /** The same switch for an installed launcher, which passes no -D options through. */
    public static final String ENVIRONMENT = "VIRTFX_BENCH";
    /** How often the stall probe knocks on the FX thread. */
    private static final long PROBE_INTERVAL_MS = 2;

    private final ManagerViewModel viewModel;
    private final ManagerView view;
    private final FxTaskExecutor tasks;

    public BenchScenario(ManagerViewModel viewModel, ManagerView view, FxTaskExecutor tasks) {
        this.viewModel = viewModel;
        this.view = view;
        this.tasks = tasks;
    }

    /** Whether this run is a benchmark's: {@code -Dvirtfx.bench=true} or {@code VIRTFX_BENCH=1}. */
    public static boolean requested() {
        return Boolean.getBoolean(PROPERTY) || "1".equals(System.getenv(ENVIRONMENT));
    }

    public void start() {
        Scene scene = view.table().getScene();
        Runnable[] check = new Runnable[1];
        check[0] = () -> {
            int rows = shownRows();
            boolean connected = !viewModel.connections().isEmpty() && viewModel.connections().stream()
                    .allMatch(c -> c.status() == ConnectionStatus.CONNECTED);
            int domains = viewModel.connections().stream().mapToInt(c -> c.domains().size()).sum();
            if (connected && rows == domains && rows > 0) {
                long sinceJvmStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
                System.out.println("virtfx-bench rows_shown ms_since_jvm_start=" + sinceJvmStart + " rows=" + rows);
                System.out.flush();
                scene.removePostLayoutPulseListener(check[0]);
            }
        };
        scene.addPostLayoutPulseListener(check[0]);
        Thread commands = new Thread(this::readCommands, "virtfx-bench-commands");
        commands.setDaemon(true);
        commands.start();
    }

    private int shownRows() {
        return view.table().getRoot().getChildren().stream().mapToInt(c -> c.getChildren().size()).sum();
    }

    private void readCommands() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] words = line.strip().split("\\s+");
                switch (words[0]) {
                    case "bulk-start" -> bulkStart(Integer.parseInt(words[1]));
                    case "type" -> type(words[1]);
                    case "scroll" -> scroll(Integer.parseInt(words[1]));
                    case "open" -> open(Integer.parseInt(words[1]));
                    case "quit" -> {
                        Platform.exit();
                        return;
                    }
                    default -> System.out.println("virtfx-bench unknown command: " + line);
                }
                System.out.flush();
            }
        } catch (IOException | RuntimeException | InterruptedException e) {
            System.out.println("virtfx-bench error " + e);
        }
    }

    private void bulkStart(int count) throws InterruptedException {
        List<DomainRow> chosen = onFx(() -> {
            var table = view.table();
            table.getSelectionModel().clearSelection();
            List<TreeItem<ManagerRow>> items = table.getRoot().getChildren().get(0).getChildren().stream()
                    .filter(i -> ((DomainRow) i.getValue()).state() == DomainState.RUNNING)
                    .limit(count).toList();
            items.forEach(i -> table.getSelectionModel().select(i));
            return items.stream().map(i -> (DomainRow) i.getValue()).toList();
        });
        long offStall = measured(() -> viewModel.perform(DomainAction.FORCE_OFF),
                () -> settled(chosen, DomainState.SHUTOFF));
        long t0 = System.nanoTime();
        long startStall = measured(() -> viewModel.perform(DomainAction.RUN),
                () -> settled(chosen, DomainState.RUNNING));
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("virtfx-bench force_off domains=%d max_fx_stall_ms=%d%n", chosen.size(), offStall);
        System.out.printf("virtfx-bench bulk_start domains=%d seconds=%.3f max_fx_stall_ms=%d%n",
                chosen.size(), seconds, startStall);
    }

    /** A person's pace: the next key comes after the last one's rows are on screen and a pause. */
    private static final long KEY_GAP_MS = 120;
    /** One notch of a mouse wheel: three rows of the manager's 40-pixel rows. */
    private static final double NOTCH_PIXELS = 120;

    private void type(String text) throws InterruptedException {
        TextField field = onFx(() -> (TextField) view.root().lookup("#filter-text"));
        List<KeyTime> times = new ArrayList<>();
        for (char c : text.toCharArray()) {
            times.add(untilLaidOut(() -> field.appendText(String.valueOf(c))));
            Thread.sleep(KEY_GAP_MS);
        }
        int narrowest = onFx(this::shownRows);
        for (int i = 0; i < text.length(); i++) {
            times.add(untilLaidOut(field::deletePreviousChar));
            Thread.sleep(KEY_GAP_MS);
        }
        List<Long> totals = times.stream().map(KeyTime::total).toList();
        List<Long> work = times.stream().map(KeyTime::work).toList();
        List<Long> cpu = times.stream().map(KeyTime::cpu).toList();
        System.out.printf("virtfx-bench keystrokes keys=%d narrowest_rows=%d rows=%d median_ms=%.1f max_ms=%.1f"
                        + " work_median_ms=%.1f work_max_ms=%.1f cpu_median_ms=%.1f cpu_max_ms=%.1f"
                        + " each_ms=%s each_edit_pulse_ms=%s%n",
                times.size(), narrowest, onFx(this::shownRows), median(totals) / 1e6, max(totals) / 1e6,
                median(work) / 1e6, max(work) / 1e6, median(cpu) / 1e6, max(cpu) / 1e6,
                totals.stream().map(t -> Long.toString(t / 1_000_000)).collect(java.util.stream.Collectors.joining(",")),
                times.stream().map(t -> t.edit() / 1_000_000 + "+" + t.pulse() / 1_000_000)
                        .collect(java.util.stream.Collectors.joining(",")));
    }

    private void scroll(int notches) throws InterruptedException {
        VirtualFlow<?> flow = onFx(() -> (VirtualFlow<?>) view.table().lookup(".virtual-flow"));
        List<KeyTime> times = new ArrayList<>();
        for (int i = 0; i < notches; i++) {
            times.add(untilLaidOut(() -> flow.scrollPixels(NOTCH_PIXELS)));
        }
        List<Long> totals = times.stream().map(KeyTime::total).toList();
        List<Long> work = times.stream().map(KeyTime::work).toList();
        List<Long> cpu = times.stream().map(KeyTime::cpu).toList();
        System.out.printf("virtfx-bench scroll notches=%d median_ms=%.1f max_ms=%.1f work_median_ms=%.1f work_max_ms=%.1f"
                        + " cpu_median_ms=%.1f cpu_max_ms=%.1f%n",
                notches, median(totals) / 1e6, max(totals) / 1e6, median(work) / 1e6, max(work) / 1e6,
                median(cpu) / 1e6, max(cpu) / 1e6);
    }

    /** How long a VM window may take to show its details before the run fails. */
    private static final long OPEN_TIMEOUT_SECONDS = 60;

    /** Opens before the timed ones: the first windows of a process load and compile the window's code. */
    private static final int OPEN_WARM_UPS = 3;

    /**
     * Opens the windows of {@code count} domains spread evenly over the first connection's
     * rows, after {@link #OPEN_WARM_UPS} that are not counted.
     */
    private void open(int count) throws InterruptedException {
        List<TreeItem<ManagerRow>> items = onFx(() -> List.copyOf(view.table().getRoot().getChildren().get(0).getChildren()));
        List<OpenTime> times = new ArrayList<>();
        for (int i = 0; i < OPEN_WARM_UPS; i++) {
            openOne(items.get(items.size() / 2 + i));
        }
        for (int i = 0; i < count; i++) {
            times.add(openOne(items.get((int) ((long) i * (items.size() - 1) / Math.max(1, count - 1)))));
        }
        List<Long> wall = times.stream().map(OpenTime::wall).toList();
        List<Long> cpu = times.stream().map(OpenTime::cpu).toList();
        System.out.printf("virtfx-bench open windows=%d rows=%d median_ms=%.1f max_ms=%.1f cpu_median_ms=%.1f each_ms=%s%n",
                count, items.size(), median(wall) / 1e6, max(wall) / 1e6, median(cpu) / 1e6,
                wall.stream().map(t -> Long.toString(t / 1_000_000)).collect(java.util.stream.Collectors.joining(",")));
    }

    /**
     * One window's open in nanoseconds: of the clock, and of CPU used meanwhile by the process's
     * Java threads (the read on a worker, the window's build on the FX thread), which other
     * programs on a shared machine cannot stretch. The collector's and compiler's threads are
     * left out, as the scale bench leaves them out: the heap's sizing is no part of the code's
     * growth.
     */
    private record OpenTime(long wall, long cpu) {
    }

    /**
     * CPU nanoseconds of every live Java thread so far, from each thread's own clock: the
     * process's total ({@code getProcessCpuTime}) counts in 10 ms ticks here, as coarse as a
     * whole open.
     */
    private static long processCpuNanos() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long nanos : threads.getThreadCpuTime(threads.getAllThreadIds())) {
            sum += Math.max(0, nanos);
        }
        return sum;
    }

    /**
     * Nanoseconds from Open on one selected row to the end of the layout pass after its window
     * has read the domain (its title names it then); the window is closed afterwards.
     */
    private OpenTime openOne(TreeItem<ManagerRow> item) throws InterruptedException {
        DomainRow row = (DomainRow) item.getValue();
        String loadedTitle = row.name() + " on ";
        java.util.concurrent.CompletableFuture<OpenTime> shown = new java.util.concurrent.CompletableFuture<>();
        javafx.stage.Stage[] opened = new javafx.stage.Stage[1];
        onFx(() -> {
            var selection = view.table().getSelectionModel();
            selection.clearSelection();
            selection.select(item);
            Set<javafx.stage.Window> before = Set.copyOf(javafx.stage.Window.getWindows());
            long start = System.nanoTime();
            long cpuStart = processCpuNanos();
            viewModel.open();
            opened[0] = (javafx.stage.Stage) javafx.stage.Window.getWindows().stream()
                    .filter(w -> !before.contains(w)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("Open showed no window for " + row.name()));
            Scene scene = opened[0].getScene();
            Runnable whenLaidOut = () -> {
                Runnable[] pulse = new Runnable[1];
                pulse[0] = () -> {
                    scene.removePostLayoutPulseListener(pulse[0]);
                    shown.complete(new OpenTime(System.nanoTime() - start, processCpuNanos() - cpuStart));
                };
                scene.addPostLayoutPulseListener(pulse[0]);
                Platform.requestNextPulse();
            };
            if (opened[0].getTitle() != null && opened[0].getTitle().startsWith(loadedTitle)) {
                whenLaidOut.run();
            } else {
                opened[0].titleProperty().addListener(new javafx.beans.InvalidationListener() {
                    @Override
                    public void invalidated(javafx.beans.Observable title) {
                        if (opened[0].getTitle() != null && opened[0].getTitle().startsWith(loadedTitle)) {
                            opened[0].titleProperty().removeListener(this);
                            whenLaidOut.run();
                        }
                    }
                });
            }
            return null;
        });
        try {
            return shown.get(OPEN_TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the window of " + row.name() + " did not show its details", e);
        } finally {
            onFx(() -> {
                if (opened[0] != null) {
                    opened[0].close();
                }
                return null;
            });
        }
    }

    /**
     * One edit's nanoseconds: in all, from running it to the end of the layout pass after it;
     * running the edit itself (the filter and the tree's listeners); and the pulse's own CSS
     * and layout work. What is left of the total is the wait for the next pulse (JavaFX pulses
     * at 60 Hz) and for the CPU. {@code cpu} is the FX thread's own CPU time in the edit and the
     * pulse: on a loaded machine the thread waits for a core inside both, and only this tells
     * work from that wait.
     */
    private record KeyTime(long total, long edit, long pulse, long cpu) {
        long work() {
            return edit + pulse;
        }
    }

    private KeyTime untilLaidOut(Runnable edit) throws InterruptedException {
        Scene scene = view.table().getScene();
        java.util.concurrent.CompletableFuture<KeyTime> laidOut = new java.util.concurrent.CompletableFuture<>();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        onFx(() -> {
            long start = System.nanoTime();
            long cpuStart = threads.getCurrentThreadCpuTime();
            long[] pulseStart = new long[2];
            Runnable[] before = new Runnable[1];
            before[0] = () -> {
                scene.removePreLayoutPulseListener(before[0]);
                pulseStart[0] = System.nanoTime();
                pulseStart[1] = threads.getCurrentThreadCpuTime();
            };
            edit.run();
            long edited = System.nanoTime() - start;
            long editCpu = threads.getCurrentThreadCpuTime() - cpuStart;
            Runnable[] after = new Runnable[1];
            after[0] = () -> {
                scene.removePostLayoutPulseListener(after[0]);
                long now = System.nanoTime();
                long pulseCpu = threads.getCurrentThreadCpuTime() - pulseStart[1];
                laidOut.complete(new KeyTime(now - start, edited, now - pulseStart[0], editCpu + pulseCpu));
            };
            scene.addPreLayoutPulseListener(before[0]);
            scene.addPostLayoutPulseListener(after[0]);
            Platform.requestNextPulse();
            return null;
        });
        try {
            return laidOut.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private static long max(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).max().orElse(0);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private boolean settled(List<DomainRow> rows, DomainState state) {
        return tasks.runningTasks().isEmpty() && rows.stream()
                .allMatch(r -> r.state() == state && r.activityProperty().get().isEmpty());
    }

    /**
     * Runs an action on the FX thread and knocks on the FX thread every couple of
     * milliseconds until {@code done} holds; the longest wait for an answer is the stall.
     */
    private long measured(Runnable action, BooleanSupplier done) throws InterruptedException {
        AtomicLong worst = new AtomicLong();
        onFx(() -> {
            action.run();
            return null;
        });
        while (true) {
            long asked = System.nanoTime();
            boolean finished = onFx(() -> {
                worst.accumulateAndGet(System.nanoTime() - asked, Math::max);
                return done.getAsBoolean();
            });
            if (finished) {
                return worst.get() / 1_000_000;
            }
            Thread.sleep(PROBE_INTERVAL_MS);
        }
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> work) throws InterruptedException {
        var future = new java.util.concurrent.FutureTask<>(work);
        Platform.runLater(future);
        try {
            return future.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
