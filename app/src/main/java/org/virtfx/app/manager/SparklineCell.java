package org.virtfx.app.manager;

import javafx.beans.InvalidationListener;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.TreeTableCell;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;

/**
 * The guest CPU usage column: a sparkline of the last samples. A cell that shows a domain tells
 * the view model so, which is how only the visible rows get polled.
 */
final class SparklineCell extends TreeTableCell<ManagerRow, ManagerRow> {
    private static final double WIDTH = 110;
    private static final double HEIGHT = 28;
    private static final Color LINE = Color.web("#3a7bd5");
    private static final Color FILL = Color.web("#3a7bd5", 0.18);

    private final ManagerViewModel viewModel;
    private final Canvas canvas = new Canvas(WIDTH, HEIGHT);
    private final StackPane frame = new StackPane(canvas);
    private final InvalidationListener redraw = o -> draw();
    private DomainRow shown;

    SparklineCell(ManagerViewModel viewModel) {
        this.viewModel = viewModel;
        frame.getStyleClass().add("sparkline-canvas-frame");
        frame.setMaxSize(WIDTH + 2, HEIGHT + 2);
    }

    @Override
    protected void updateItem(ManagerRow row, boolean empty) {
        super.updateItem(row, empty);
        if (shown != null) {
            shown.cpuRevisionProperty().removeListener(redraw);
            viewModel.rowHidden(shown);
            shown = null;
        }
        setText(null);
        if (!empty && row instanceof DomainRow domain) {
            shown = domain;
            domain.cpuRevisionProperty().addListener(redraw);
            viewModel.rowShown(domain);
            draw();
            setGraphic(frame);
        } else {
            setGraphic(null);
        }
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, WIDTH, HEIGHT);
        if (shown == null) {
            return;
        }
        double[] samples = shown.cpuHistory();
        if (samples.length < 2) {
            return;
        }
        double step = WIDTH / (DomainRow.CPU_SAMPLES - 1);
        // Newest sample at the right edge, as virt-manager draws it.
        double x0 = WIDTH - (samples.length - 1) * step;
        g.beginPath();
        g.moveTo(x0, HEIGHT);
        for (int i = 0; i < samples.length; i++) {
            g.lineTo(x0 + i * step, y(samples[i]));
        }
        g.lineTo(WIDTH, HEIGHT);
        g.closePath();
        g.setFill(FILL);
        g.fill();
        g.beginPath();
        for (int i = 0; i < samples.length; i++) {
            if (i == 0) {
                g.moveTo(x0, y(samples[0]));
            } else {
                g.lineTo(x0 + i * step, y(samples[i]));
            }
        }
        g.setStroke(LINE);
        g.setLineWidth(1.2);
        g.stroke();
    }

    private static double y(double percent) {
        return HEIGHT - 1 - (HEIGHT - 2) * percent / 100.0;
    }
}
