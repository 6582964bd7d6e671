package org.virtfx.drivers.test;

import java.util.ArrayList;
import java.util.List;
import org.virtfx.core.storage.PoolDefinition;
import org.virtfx.core.storage.PoolSummary;
import org.virtfx.core.storage.VolumeDefinition;
import org.virtfx.core.storage.VolumeSummary;

/**
 * One storage pool of a test node with its volumes. As in libvirt's test driver every pool
 * claims 100 GiB, and its allocation is the sum of its volumes'.
 */
final class TestPool {
    static final long CAPACITY = 100L * 1024 * 1024 * 1024;

    private PoolDefinition definition;
    private boolean active;
    private boolean autostart;
    private final List<VolumeDefinition> volumes = new ArrayList<>();

    TestPool(PoolDefinition definition, boolean active) {
        this.definition = definition;
        this.active = active;
    }

    synchronized PoolDefinition definition() {
        return definition;
    }

    synchronized String name() {
        return definition.name();
    }

    synchronized boolean isActive() {
        return active;
    }

    synchronized void setActive(boolean value) {
        active = value;
    }

    synchronized void setAutostart(boolean value) {
        autostart = value;
    }

    synchronized void redefine(PoolDefinition newDefinition) {
        definition = newDefinition;
    }

    synchronized long allocation() {
        return volumes.stream().mapToLong(VolumeDefinition::allocation).sum();
    }

    synchronized PoolSummary summary() {
        long allocation = allocation();
        return new PoolSummary(definition.name(), definition.uuid(), definition.type(), active, true,
                autostart, CAPACITY, allocation, CAPACITY - allocation);
    }

    synchronized List<VolumeDefinition> volumes() {
        return List.copyOf(volumes);
    }

    synchronized boolean hasVolume(String name) {
        return volumes.stream().anyMatch(v -> v.name().equals(name));
    }

    synchronized void addVolume(VolumeDefinition volume) {
        volumes.add(volume);
    }

    synchronized boolean removeVolume(String name) {
        return volumes.removeIf(v -> v.name().equals(name));
    }

    /** Where a volume lives: the pool's target path and the volume's name, also its key. */
    synchronized VolumeSummary volumeSummary(VolumeDefinition volume) {
        String path = definition.targetPath() + "/" + volume.name();
        return new VolumeSummary(volume.name(), path, path, volume.format(), volume.capacity(), volume.allocation());
    }
}
