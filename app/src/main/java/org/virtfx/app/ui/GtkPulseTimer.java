package org.virtfx.app.ui;

import com.sun.glass.ui.Timer;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * JavaFX's pulse timer for GTK, with a pause that works. JavaFX pauses its pulse timer once a
 * quarter second has passed with nothing to animate or draw, and resumes it when a scene
 * changes; but glass's {@code GtkTimer} ignores the pause (its {@code _pause} is empty in
 * JavaFX 21), so on Linux an idle window still wakes the FX thread 60 times a second from a
 * GLib timeout. Measured on the test machine: 0.73 % of a core on the JavaFX Application
 * Thread, about as much for a window with one label as for the manager with 1,000 domains, and
 * most of the manager's idle CPU. This timer makes the same GLib timeouts through
 * {@code GtkTimer}'s own native methods, and removes its timeout while paused.
 *
 * <p>It also pauses sooner than JavaFX asks. The toolkit pauses its timer only after a quarter
 * second of ticks with nothing to do, so every frame of a still screen (a blinking text cursor
 * in a VM's console, 2.2 frames a second) cost about 15 more wakeups of the FX thread. Here the
 * first tick that finds nothing to do ends the ticking (the toolkit's {@code pauseRequested}
 * says so), and the next request for a pulse resumes it through the toolkit, as after its own
 * pause: a pulse asked for while paused comes within one period, as it would while ticking.
 *
 * <p>It relies on JavaFX's insides (QuantumToolkit's {@code pulseTimer}, glass's {@code Timer}
 * and {@code GtkTimer}), reachable because JavaFX runs from the class path; where they differ,
 * {@link #install()} changes nothing.
 */
public final class GtkPulseTimer extends Timer {
    private static final System.Logger LOG = System.getLogger(GtkPulseTimer.class.getName());
    private static final String GTK_TIMER = "com.sun.glass.ui.gtk.GtkTimer";

    private final PulseTicks ticks;
    /** QuantumToolkit, whose monitor guards its pause requests and resumes. */
    private final Object toolkit;
    /** QuantumToolkit's {@code pauseRequested}: true once a tick found nothing to animate or draw. */
    private final Field pauseRequested;

    private GtkPulseTimer(Runnable pulse, PulseTicks.Timeouts timeouts, Object toolkit, Field pauseRequested) {
        super(pulse);
        this.ticks = new PulseTicks(timeouts);
        this.toolkit = toolkit;
        this.pauseRequested = pauseRequested;
    }

    /**
     * Puts a pausing timer in place of the toolkit's GTK pulse timer, running at its period if
     * it runs. Call it on the FX thread once the toolkit has started (the startup runnable will
     * do). Returns false, changing nothing, on other platforms (their timers pause) and where
     * JavaFX's insides are not as expected.
     */
    public static boolean install() {
        try {
            Object toolkit = com.sun.javafx.tk.Toolkit.getToolkit();
            Field pulseTimer = toolkit.getClass().getDeclaredField("pulseTimer");
            Field runnable = Timer.class.getDeclaredField("runnable");
            Field period = Timer.class.getDeclaredField("period");
            Field pauseRequested = toolkit.getClass().getDeclaredField("pauseRequested");
            if (Modifier.isFinal(pulseTimer.getModifiers()) || pulseTimer.getType() != Timer.class
                    || pauseRequested.getType() != boolean.class) {
                return false;
            }
            pulseTimer.setAccessible(true);
            runnable.setAccessible(true);
            period.setAccessible(true);
            pauseRequested.setAccessible(true);
            // QuantumToolkit pauses and resumes its timer holding its own lock.
            synchronized (toolkit) {
                Timer glass = (Timer) pulseTimer.get(toolkit);
                if (glass == null || !glass.getClass().getName().equals(GTK_TIMER)) {
                    return false;
                }
                GtkPulseTimer replacement = new GtkPulseTimer((Runnable) runnable.get(glass), new GlassTimeouts(glass),
                        toolkit, pauseRequested);
                // Before the toolkit starts its timer it will start this one; after, this one takes over.
                if (glass.isRunning()) {
                    replacement.start((int) Math.round((double) period.get(glass)));
                    glass.stop();
                }
                pulseTimer.set(toolkit, replacement);
                return true;
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "JavaFX's pulse timer left as it is; an idle window keeps waking", e);
            return false;
        }
    }

    @Override
    protected long _start(Runnable pulse) {
        // As GtkTimer: GTK has no vsync timer, and the toolkit asks for one only where there is.
        throw new UnsupportedOperationException("vsync timer not supported");
    }

    @Override
    protected long _start(Runnable pulse, int periodMillis) {
        // Timer keeps the returned value only to tell running from stopped.
        return ticks.start(() -> tick(pulse), periodMillis) ? 1 : 0;
    }

    /** One tick on the FX thread: the toolkit's pulse check, then a pause if it found nothing to do. */
    private void tick(Runnable pulse) {
        pulse.run();
        // The toolkit's lock, then this timer's, in the order of its resumeTimer: a pulse asked
        // for on another thread either clears pauseRequested before the check or resumes after the pause.
        synchronized (toolkit) {
            synchronized (this) {
                ticks.afterTick(this::toolkitIdle);
            }
        }
    }

    private boolean toolkitIdle() {
        try {
            return pauseRequested.getBoolean(toolkit);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected void _stop(long handle) {
        ticks.stop();
    }

    @Override
    protected void _pause(long handle) {
        ticks.pause();
    }

    @Override
    protected void _resume(long handle) {
        ticks.resume();
    }

    /** GLib timeouts through GtkTimer's natives: {@code gdk_threads_add_timeout_full}, and a flag its callback reads. */
    private static final class GlassTimeouts implements PulseTicks.Timeouts {
        private final Timer glass;
        private final Method start;
        private final Method stop;

        GlassTimeouts(Timer glass) throws NoSuchMethodException {
            this.glass = glass;
            start = glass.getClass().getDeclaredMethod("_start", Runnable.class, int.class);
            stop = glass.getClass().getDeclaredMethod("_stop", long.class);
            start.setAccessible(true);
            stop.setAccessible(true);
        }

        @Override
        public long start(Runnable tick, int periodMillis) {
            return (long) call(start, tick, periodMillis);
        }

        @Override
        public void stop(long handle) {
            call(stop, handle);
        }

        private Object call(Method method, Object... args) {
            try {
                return method.invoke(glass, args);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            } catch (InvocationTargetException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
    }
}
