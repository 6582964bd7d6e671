package org.virtfx.core.osinfo;

/** The sizes the New VM wizard proposes for an operating system. */
public record Recommendation(int memoryMiB, int cpus, int diskGiB) {
    /** virt-manager's defaults when the database knows nothing: 1 GiB, one CPU, a 20 GiB disk. */
    public static final Recommendation GENERIC = new Recommendation(1024, 1, 20);
}
