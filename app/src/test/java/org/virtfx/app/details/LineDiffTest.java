package org.virtfx.app.details;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LineDiffTest {

    @Test
    void showsChangedLinesWithTwoLinesOfContext() {
        String before = "a\nb\nc\nd\ne\nf\ng\n";
        String after = "a\nb\nc\nD\ne\nf\ng\n";
        assertEquals("  b\n  c\n- d\n+ D\n  e\n  f\n", LineDiff.of(before, after));
    }

    @Test
    void separatesDistantChanges() {
        String before = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
        String after = "0\n1\n2\n3\n4\n5\n6\n7\n8\n";
        assertEquals("+ 0\n  1\n  2\n...\n  7\n  8\n- 9\n", LineDiff.of(before, after));
    }
}
