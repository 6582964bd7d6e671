package org.virtfx.core.task;

/** How running work reports how far it is, and learns that it was cancelled. */
public interface TaskProgress {

    /** A progress report; {@code fraction} from 0 to 1, or negative when unknown. */
    void update(double fraction, String message);

    boolean isCancelled();

    /** For work run where nobody listens. */
    TaskProgress NONE = new TaskProgress() {
        @Override
        public void update(double fraction, String message) {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }
    };
}
