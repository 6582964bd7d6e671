package org.virtfx.app.wizard;

/** A storage volume offered as install media: "pool ▸ volume", and the path the domain uses. */
public record VolumeChoice(String pool, String volume, String path) {

    @Override
    public String toString() {
        return pool + " ▸ " + volume;
    }
}
