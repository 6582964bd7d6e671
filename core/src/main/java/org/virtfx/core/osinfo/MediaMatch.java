package org.virtfx.core.osinfo;

/** The OS an install image belongs to, and the media rule of it the image matched. */
public record MediaMatch(OsEntry os, MediaRule media) {
}
