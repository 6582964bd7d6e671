package org.virtfx.core.osinfo;

/** The OS an install tree belongs to, and the tree rule of it the tree matched. */
public record TreeMatch(OsEntry os, TreeRule tree) {
}
