package org.virtfx.app.details;

import java.util.ArrayList;
import java.util.List;

/**
 * A line diff of two texts, shown before XML edits are applied: lines only in the old text
 * start with "- ", lines only in the new one with "+ ", unchanged lines near a change with two
 * spaces. Longest-common-subsequence over lines: domain XML has a few hundred lines at most.
 */
public final class LineDiff {
    /** Unchanged lines kept around each change, as {@code diff -U2} does. */
    private static final int CONTEXT = 2;

    private LineDiff() {
    }

    public static String of(String before, String after) {
        List<String> a = before.lines().toList();
        List<String> b = after.lines().toList();
        int[][] common = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                common[i][j] = a.get(i).equals(b.get(j)) ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        List<String> lines = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                lines.add("  " + a.get(i++));
                j++;
            } else if (i < a.size() && (j == b.size() || common[i + 1][j] >= common[i][j + 1])) {
                lines.add("- " + a.get(i++));
            } else {
                lines.add("+ " + b.get(j++));
            }
        }
        return withContext(lines);
    }

    private static String withContext(List<String> lines) {
        boolean[] keep = new boolean[lines.size()];
        for (int k = 0; k < lines.size(); k++) {
            if (!lines.get(k).startsWith("  ")) {
                for (int c = Math.max(0, k - CONTEXT); c <= Math.min(lines.size() - 1, k + CONTEXT); c++) {
                    keep[c] = true;
                }
            }
        }
        StringBuilder out = new StringBuilder();
        boolean skipped = false;
        for (int k = 0; k < lines.size(); k++) {
            if (keep[k]) {
                if (skipped && out.length() > 0) {
                    out.append("...\n");
                }
                out.append(lines.get(k)).append('\n');
                skipped = false;
            } else {
                skipped = true;
            }
        }
        return out.toString();
    }
}
