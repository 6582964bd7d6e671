package org.virtfx.app.host;

import javafx.scene.Scene;
import javafx.scene.control.ScrollPane;
import javafx.stage.Stage;
import org.virtfx.app.ui.FactsView;

/** "NAME - Connection Details", Overview only, until the full window arrives. */
public final class HostSummaryView {
    private final HostSummaryViewModel viewModel;
    private final String connectionTitle;

    public HostSummaryView(HostSummaryViewModel viewModel, String connectionTitle) {
        this.viewModel = viewModel;
        this.connectionTitle = connectionTitle;
    }

    public Stage show(String styleSheet) {
        Stage stage = new Stage();
        stage.setTitle(connectionTitle + " - Connection Details");
        Scene scene = new Scene(new ScrollPane(new FactsView(viewModel.facts()).node()), 560, 360);
        scene.getStylesheets().add(styleSheet);
        stage.setScene(scene);
        stage.show();
        viewModel.load();
        return stage;
    }
}
