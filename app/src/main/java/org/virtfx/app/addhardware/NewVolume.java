package org.virtfx.app.addhardware;

/** A disk image Add Hardware creates before it adds the disk: the pool's name and the volume's XML. */
public record NewVolume(String pool, String volumeXml) {
}
