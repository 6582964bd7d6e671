package org.virtfx.app.ui;

import java.util.function.BooleanSupplier;

/**
 * The ticks of the JavaFX pulse timer, over timeouts that can be taken away: a pause removes
 * the timeout, so an idle window wakes nobody, and a resume adds a fresh one at the same
 * period. See {@link GtkPulseTimer} for why glass's own timer needs this. Not thread-safe:
 * the caller serializes the calls, as glass's {@code Timer} does with its synchronized methods.
 *
 * <p>A tick may also end the ticking by itself: {@link #afterTick} pauses as soon as the
 * toolkit says a tick found nothing to draw or animate, where JavaFX itself waits a quarter
 * second of such ticks (15 more wakeups of the FX thread after every frame, most of what a
 * console with a blinking cursor cost). Anything that needs a pulse later resumes the timer
 * through the toolkit, as after JavaFX's own pause.
 */
final class PulseTicks {
    /** Repeating timeouts as glass's GTK timer makes them in the GLib main loop. */
    interface Timeouts {
        /** Calls {@code tick} every {@code periodMillis} until stopped; returns a handle, 0 if it failed. */
        long start(Runnable tick, int periodMillis);

        /** Ends the timeout of that handle; it may fire once more, without calling its tick. */
        void stop(long handle);
    }

    private final Timeouts timeouts;
    private Runnable tick;
    private int periodMillis;
    private boolean started;
    /** The running timeout, or 0 while paused or stopped. */
    private long handle;

    PulseTicks(Timeouts timeouts) {
        this.timeouts = timeouts;
    }

    /** Starts ticking; false if the timeout could not be made. */
    boolean start(Runnable tick, int periodMillis) {
        stop();
        this.tick = tick;
        this.periodMillis = periodMillis;
        handle = timeouts.start(tick, periodMillis);
        started = handle != 0;
        return started;
    }

    /** Stops ticking until {@link #resume()}: JavaFX has had nothing to draw for a while. */
    void pause() {
        remove();
    }

    /**
     * Called at the end of each tick: pauses when {@code idle} says the tick found nothing to
     * do. Returns whether it paused. The caller holds whatever lock keeps the toolkit from
     * asking for a pulse between the question and the pause.
     */
    boolean afterTick(BooleanSupplier idle) {
        if (handle != 0 && idle.getAsBoolean()) {
            remove();
            return true;
        }
        return false;
    }

    /** Ticks again after a pause; does nothing while ticking or once stopped. */
    void resume() {
        if (started && handle == 0) {
            handle = timeouts.start(tick, periodMillis);
        }
    }

    void stop() {
        started = false;
        remove();
    }

    /** Whether a timeout is running, i.e. whether the FX thread is woken every period. */
    boolean ticking() {
        return handle != 0;
    }

    private void remove() {
        if (handle != 0) {
            timeouts.stop(handle);
            handle = 0;
        }
    }
}
