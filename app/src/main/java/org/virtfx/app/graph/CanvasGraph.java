package org.virtfx.app.graph;

import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;

/**
 * A graph drawn on a canvas, newest point at the right edge, redrawn only when its data
 * changes or it is resized: a chart control would animate and keep the FX pulse busy for a
 * graph that changes once every few seconds. Subclasses plot inside the frame drawn here.
 */
abstract class CanvasGraph extends Region {
    private final Canvas canvas = new Canvas();
    private final int capacity;

    /** @param capacity how many points span the width */
    CanvasGraph(int capacity) {
        this.capacity = capacity;
        getStyleClass().add("usage-graph");
        getChildren().add(canvas);
        setMinSize(120, 60);
        setPrefSize(360, 90);
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        draw();
    }

    /** Clears the canvas, frames it and has the subclass plot its points. */
    final void draw() {
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, w, h);
        g.setStroke(Color.gray(0.6));
        g.setLineWidth(1);
        g.strokeRect(0.5, 0.5, w - 1, h - 1);
        plot(g, w, h, w / Math.max(1, capacity - 1));
    }

    /** Draws the points on a canvas {@code w} by {@code h}, {@code step} apart. */
    abstract void plot(GraphicsContext g, double w, double h, double step);
}
