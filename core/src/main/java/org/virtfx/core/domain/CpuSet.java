package org.virtfx.core.domain;

import java.util.BitSet;
import java.util.List;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/**
 * A set of CPU, vCPU or thread numbers in libvirt's (and the kernel's) list syntax ({@code "0-3,^2,8"}): items
 * separated by commas, each a number, a range, or a number or range to take out again.
 * Formatting writes the shortest form libvirt writes, runs of two or more as ranges.
 */
public record CpuSet(BitSet members) {

    /** libvirt refuses numbers at or above this (VIR_DOMAIN_CPUMASK_LEN). */
    private static final int LIMIT = 16384;

    public CpuSet {
        members = (BitSet) members.clone();
    }

    /** Parses a list; {@code what} names the attribute for the error message. */
    public static CpuSet parse(String text, String what) {
        BitSet set = new BitSet();
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            throw invalid(text, what);
        }
        for (String item : trimmed.split(",", -1)) {
            String part = item.trim();
            boolean exclude = part.startsWith("^");
            if (exclude) {
                part = part.substring(1);
            }
            int dash = part.indexOf('-');
            int from = number(dash < 0 ? part : part.substring(0, dash), text, what);
            int to = dash < 0 ? from : number(part.substring(dash + 1), text, what);
            if (to < from) {
                throw invalid(text, what);
            }
            if (exclude) {
                set.clear(from, to + 1);
            } else {
                set.set(from, to + 1);
            }
        }
        return new CpuSet(set);
    }

    /** The members in ascending order. */
    public List<Integer> ids() {
        return members.stream().boxed().toList();
    }

    boolean isEmpty() {
        return members.isEmpty();
    }

    boolean contains(int number) {
        return members.get(number);
    }

    boolean intersects(CpuSet other) {
        return members.intersects(other.members);
    }

    boolean containsAll(CpuSet other) {
        BitSet rest = (BitSet) other.members.clone();
        rest.andNot(members);
        return rest.isEmpty();
    }

    /** The members below {@code size}: libvirt shrinks a vCPU list to the domain's vCPU count. */
    CpuSet below(int size) {
        BitSet kept = (BitSet) members.clone();
        kept.clear(size, Math.max(size, kept.length()));
        return new CpuSet(kept);
    }

    /** libvirt's list text: ascending, runs of two or more written as "a-b". */
    String format() {
        StringBuilder sb = new StringBuilder();
        int start = members.nextSetBit(0);
        while (start >= 0) {
            int end = members.nextClearBit(start) - 1;
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(start);
            if (end > start) {
                sb.append('-').append(end);
            }
            start = members.nextSetBit(end + 1);
        }
        return sb.toString();
    }

    @Override
    public BitSet members() {
        return (BitSet) members.clone();
    }

    private static int number(String digits, String text, String what) {
        try {
            int value = Integer.parseInt(digits.trim());
            if (value >= 0 && value < LIMIT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Reported below with the whole list, as libvirt does.
        }
        throw invalid(text, what);
    }

    private static VirtException invalid(String text, String what) {
        return VirtException.of(ErrorCode.XML_ERROR, "Invalid value '" + text + "' for " + what);
    }
}
