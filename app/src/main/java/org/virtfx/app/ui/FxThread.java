package org.virtfx.app.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import javafx.application.Platform;

/**
 * Runs work on the FX application thread. Work handed over before the toolkit has started is
 * held and released once it has, so connections can open and list their domains while the
 * toolkit is still starting: that overlap is most of what makes the first window quick.
 */
public final class FxThread implements Executor {
    private final List<Runnable> early = new ArrayList<>();
    private boolean started;

    @Override
    public void execute(Runnable work) {
        synchronized (early) {
            if (!started) {
                early.add(work);
                return;
            }
        }
        Platform.runLater(work);
    }

    /** Called once the toolkit runs; forwards everything that arrived before. */
    public void toolkitStarted() {
        List<Runnable> held;
        synchronized (early) {
            started = true;
            held = List.copyOf(early);
            early.clear();
        }
        held.forEach(Platform::runLater);
    }
}
