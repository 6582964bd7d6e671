package org.virtfx.app.graph;

import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;

/**
 * Two rates on one graph, as virt-manager's Disk I/O (read, write) and Network I/O (in, out):
 * newest on the right, both scaled to the largest value either holds, so a burst stays on the
 * graph while it is in the history. Redrawn only when a list changes or the graph is resized.
 */
public final class RateGraph extends CanvasGraph {
    /** The smallest full scale, 1 KiB/s: an idle guest's few bytes do not fill the graph. */
    private static final double FLOOR = 1024;
    private static final Color FIRST = Color.web("#2a6fb9");
    private static final Color SECOND = Color.web("#d9822b");

    private final ObservableList<Double> first;
    private final ObservableList<Double> second;

    /**
     * @param first    drawn blue and filled: read, or in
     * @param second   drawn orange: write, or out
     * @param capacity how many points span the width
     */
    public RateGraph(ObservableList<Double> first, ObservableList<Double> second, int capacity) {
        super(capacity);
        this.first = first;
        this.second = second;
        ListChangeListener<Double> redraw = c -> draw();
        first.addListener(redraw);
        second.addListener(redraw);
    }

    @Override
    void plot(GraphicsContext g, double w, double h, double step) {
        double top = Math.max(FLOOR, Math.max(largest(first), largest(second)));
        if (first.size() >= 2) {
            trace(g, first, step, top, w, h);
            g.lineTo(w, h);
            g.lineTo(w - step * (first.size() - 1), h);
            g.closePath();
            g.setFill(FIRST.deriveColor(0, 1, 1, 0.3));
            g.fill();
            trace(g, first, step, top, w, h);
            stroke(g, FIRST);
        }
        if (second.size() >= 2) {
            trace(g, second, step, top, w, h);
            stroke(g, SECOND);
        }
    }

    private static double largest(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    /** Begins a path along the values, the newest at the right edge. */
    private static void trace(GraphicsContext g, List<Double> values, double step, double top, double w, double h) {
        double x0 = w - step * (values.size() - 1);
        g.beginPath();
        for (int i = 0; i < values.size(); i++) {
            double y = h - h * Math.max(0, values.get(i)) / top;
            if (i == 0) {
                g.moveTo(x0, y);
            } else {
                g.lineTo(x0 + i * step, y);
            }
        }
    }

    private static void stroke(GraphicsContext g, Color color) {
        g.setStroke(color);
        g.setLineWidth(1.5);
        g.stroke();
    }
}
