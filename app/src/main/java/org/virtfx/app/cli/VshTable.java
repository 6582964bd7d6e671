package org.virtfx.app.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * virsh's tables: each cell preceded by a space, padded to its column's width plus two
 * (the last cell unpadded), and under the header a line of dashes, width plus three per
 * column. Quiet mode drops the header and the dashes.
 */
final class VshTable {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    VshTable(String... header) {
        this.header = List.of(header);
    }

    VshTable add(String... cells) {
        rows.add(List.of(cells));
        return this;
    }

    String render(boolean quiet) {
        int[] widths = new int[header.size()];
        List<List<String>> printed = new ArrayList<>();
        if (!quiet) {
            printed.add(header);
        }
        printed.addAll(rows);
        for (List<String> row : printed) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < printed.size(); r++) {
            List<String> row = printed.get(r);
            for (int i = 0; i < widths.length; i++) {
                out.append(' ').append(row.get(i));
                if (i < widths.length - 1) {
                    out.append(" ".repeat(widths[i] - row.get(i).length() + 2));
                }
            }
            out.append('\n');
            if (r == 0 && !quiet) {
                int dashes = 0;
                for (int w : widths) {
                    dashes += w + 3;
                }
                out.append("-".repeat(dashes)).append('\n');
            }
        }
        return out.toString();
    }
}
