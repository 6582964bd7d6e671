package org.virtfx.app.graph;

import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.canvas.GraphicsContext;

/**
 * A filled line graph of percentages (0-100), newest on the right, redrawn when its list
 * changes or it is resized.
 */
public final class UsageGraph extends CanvasGraph {
    private final ObservableList<Double> values;

    /** @param capacity how many points span the width */
    public UsageGraph(ObservableList<Double> values, int capacity) {
        super(capacity);
        this.values = values;
        values.addListener((ListChangeListener<Double>) c -> draw());
    }

    @Override
    void plot(GraphicsContext g, double w, double h, double step) {
        if (values.size() < 2) {
            return;
        }
        double x0 = w - step * (values.size() - 1);
        g.beginPath();
        g.moveTo(x0, h);
        for (int i = 0; i < values.size(); i++) {
            g.lineTo(x0 + i * step, h - h * Math.min(100, Math.max(0, values.get(i))) / 100);
        }
        g.lineTo(w, h);
        g.closePath();
        g.setFill(javafx.scene.paint.Color.web("#4a90d9", 0.35));
        g.fill();
        g.setStroke(javafx.scene.paint.Color.web("#2a6fb9"));
        g.setLineWidth(1.5);
        g.beginPath();
        for (int i = 0; i < values.size(); i++) {
            double x = x0 + i * step;
            double y = h - h * Math.min(100, Math.max(0, values.get(i))) / 100;
            if (i == 0) {
                g.moveTo(x, y);
            } else {
                g.lineTo(x, y);
            }
        }
        g.stroke();
    }
}
