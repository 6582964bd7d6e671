package org.virtfx.app.details;

import java.util.Optional;
import org.virtfx.core.error.VirtException;

/**
 * The one field of the Memory or CPUs page a running guest takes at once (the current memory,
 * the vCPU count) where the connection changes it live, and what the page says about it and
 * about the rest of its changes, which wait for the next shutdown.
 *
 * @param offered whether the connection changes a running guest's memory and vCPUs
 * @param allocation the field, as the page names it ("current allocation")
 * @param resource what the guest has of it ("memory")
 * @param rest the other changes, as the subject of "take(s) effect" ("the maximum allocation takes effect")
 */
record LiveAllocation(boolean offered, String allocation, String resource, String rest) {
    /** When the page's pending changes reach a running guest. */
    String whenApplied(boolean restChanged) {
        if (!offered) {
            return DetailsPage.AFTER_SHUTDOWN;
        }
        return "The " + allocation + " changes in the running guest at once"
                + (restChanged ? "; " + rest + " after the next shutdown." : ".");
    }

    /**
     * Changes the running guest after its definition was saved, when the field changed.
     *
     * @param has what the guest has afterwards ("1024 MiB")
     * @return what was done, or the driver's refusal in its words; empty when nothing was to do
     */
    Optional<String> apply(boolean running, boolean changed, boolean restChanged, Runnable change, String has) {
        if (!offered || !running || !changed) {
            return Optional.empty();
        }
        try {
            change.run();
        } catch (VirtException e) {
            return Optional.of("Saved, but the running guest's " + resource + " could not be changed: " + e.getMessage()
                    + ". The new allocation takes effect after the next shutdown.");
        }
        return Optional.of("Saved; the running guest has " + has + " now"
                + (restChanged ? "; " + rest + " after the next shutdown" : ""));
    }
}
