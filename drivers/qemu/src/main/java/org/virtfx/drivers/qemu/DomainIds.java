package org.virtfx.drivers.qemu;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.virtfx.core.config.AtomicFiles;
import org.virtfx.core.config.BoundedFiles;
import org.virtfx.core.config.CrossProcessLock;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/**
 * Domain ids as libvirt's QEMU driver numbers them: 1 for the first start, then one more for
 * each start, never one that another start took. libvirt keeps the counter in its daemon; here
 * every VirtFX process on the host shares it, as a number in the state folder that a start
 * takes and raises under a cross-process lock. The state folder lives under {@code /run} for
 * {@code qemu:///system}, so the numbering begins again at 1 after a reboot, as libvirt's does
 * after its daemon restarts.
 */
final class DomainIds {
    private static final Duration LOCK_WAIT = Duration.ofSeconds(30);

    private final Path counter;
    private final CrossProcessLock lock;

    DomainIds(QemuDriverConfig config) {
        this.counter = config.stateDirectory().resolve("domain-ids");
        this.lock = CrossProcessLock.at(config.stateDirectory().resolve("locks").resolve("domain-ids.lock"));
    }

    /** The id for a start: one more than the last one any process handed out. */
    int next() {
        return lock.hold(LOCK_WAIT, "domain ids in " + counter, () -> {
            int last = last();
            // libvirt's counter is an int too; after its largest value the numbering begins again.
            int id = last == Integer.MAX_VALUE ? 1 : last + 1;
            // Written whole (rename), so a process killed here leaves the old number or the new one.
            AtomicFiles.write(counter, id + "\n");
            return id;
        });
    }

    private int last() {
        if (!Files.exists(counter)) {
            return 0;
        }
        String text = BoundedFiles.read(counter, 64).strip();
        try {
            int last = Integer.parseInt(text);
            if (last < 0) {
                throw new NumberFormatException("negative");
            }
            return last;
        } catch (NumberFormatException e) {
            throw VirtException.of(ErrorCode.INTERNAL_ERROR, "malformed domain id counter '" + counter + "': '" + text
                    + "' is not the last id handed out");
        }
    }
}
