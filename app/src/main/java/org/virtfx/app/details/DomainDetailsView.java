package org.virtfx.app.details;

import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.virtfx.app.ui.FactsView;

/** A window with the domain's overview and its XML, read-only. */
public final class DomainDetailsView {
    private final DomainDetailsViewModel viewModel;

    public DomainDetailsView(DomainDetailsViewModel viewModel) {
        this.viewModel = viewModel;
    }

    public Stage show(String styleSheet) {
        TextArea xml = new TextArea();
        xml.setEditable(false);
        xml.getStyleClass().add("xml-view");
        xml.textProperty().bind(viewModel.xmlProperty());
        Label readOnly = new Label("XML editing arrives with the full domain window; this view is read-only.");
        readOnly.setStyle("-fx-padding: 6;");
        BorderPane xmlPane = new BorderPane(xml, readOnly, null, null, null);
        TabPane tabs = new TabPane(new Tab("Overview", new VBox(new FactsView(viewModel.facts()).node())),
                new Tab("XML", xmlPane));
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        Stage stage = new Stage();
        stage.titleProperty().bind(viewModel.titleProperty());
        Scene scene = new Scene(tabs, 640, 480);
        scene.getStylesheets().add(styleSheet);
        stage.setScene(scene);
        stage.show();
        viewModel.load();
        return stage;
    }
}
