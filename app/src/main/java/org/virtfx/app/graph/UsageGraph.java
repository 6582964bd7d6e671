package org.virtfx.app.graph;

import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;

/**
 * A filled line graph of percentages (0-100), newest on the right, redrawn when its list
 * changes or it is resized. Drawn on a canvas: a chart control would animate and keep the FX
 * pulse busy for a graph that changes once every few seconds.
 */
public final class UsageGraph extends Region {
    private final Canvas canvas = new Canvas();
    private final ObservableList<Double> values;
    private final int capacity;

    /** @param capacity how many points span the width */
    public UsageGraph(ObservableList<Double> values, int capacity) {
        this.values = values;
        this.capacity = capacity;
        getStyleClass().add("usage-graph");
        getChildren().add(canvas);
        setMinSize(120, 60);
        setPrefSize(360, 90);
        values.addListener((ListChangeListener<Double>) c -> draw());
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        draw();
    }

    private void draw() {
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, w, h);
        g.setStroke(javafx.scene.paint.Color.gray(0.6));
        g.strokeRect(0.5, 0.5, w - 1, h - 1);
        if (values.size() < 2) {
            return;
        }
        double step = w / Math.max(1, capacity - 1);
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
