package org.virtfx.app.manager;

import javafx.beans.InvalidationListener;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeTableCell;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** The Name column: a connection's title, or a domain's state icon, bold name and state text. */
final class NameCell extends TreeTableCell<ManagerRow, ManagerRow> {
    private final StateIcon icon = new StateIcon();
    private final Label name = new Label();
    private final Label stateText = new Label();
    private final HBox domainBox;
    private final Label connectionTitle = new Label();
    private final Label connectionStatus = new Label();
    private final HBox connectionBox;
    private final InvalidationListener stateChanged = o -> showState();
    private DomainRow shownDomain;

    NameCell() {
        name.getStyleClass().add("domain-name");
        stateText.getStyleClass().add("domain-state");
        domainBox = new HBox(8, icon, new VBox(0, name, stateText));
        domainBox.setAlignment(Pos.CENTER_LEFT);
        connectionTitle.getStyleClass().add("connection-title");
        connectionStatus.getStyleClass().add("connection-status");
        connectionBox = new HBox(6, connectionTitle, connectionStatus);
        connectionBox.setAlignment(Pos.CENTER_LEFT);
    }

    @Override
    protected void updateItem(ManagerRow row, boolean empty) {
        super.updateItem(row, empty);
        release();
        setText(null);
        setTooltip(null);
        if (empty || row == null) {
            setGraphic(null);
        } else if (row instanceof DomainRow domain) {
            shownDomain = domain;
            name.textProperty().bind(domain.nameProperty());
            stateText.textProperty().bind(domain.stateTextProperty());
            domain.stateProperty().addListener(stateChanged);
            showState();
            setGraphic(domainBox);
        } else if (row instanceof ConnectionRow connection) {
            connectionTitle.setText(connection.title());
            connectionStatus.textProperty().bind(Bindings.concat("- ", connection.statusTextProperty()));
            setTooltip(new Tooltip(connection.uri()));
            setGraphic(connectionBox);
        }
    }

    private void showState() {
        if (shownDomain != null) {
            icon.show(shownDomain.state());
        }
    }

    private void release() {
        if (shownDomain != null) {
            shownDomain.stateProperty().removeListener(stateChanged);
            shownDomain = null;
        }
        name.textProperty().unbind();
        stateText.textProperty().unbind();
        connectionStatus.textProperty().unbind();
    }
}
