package org.virtfx.app.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.control.Label;
import javafx.scene.control.TreeItem;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** A node file with a thousand running domains opens with every one of them listed. */
@ExtendWith(ApplicationExtension.class)
class ThousandDomainsTest {
    @TempDir
    static Path dir;

    private ManagerWindowFixture window;

    @Start
    void start(Stage stage) throws Exception {
        Path node = NodeFiles.write(dir, 1000, 0);
        window = new ManagerWindowFixture(stage, dir);
        window.viewModel.addConnection("test://" + node, false);
    }

    @AfterEach
    void close(FxRobot robot) {
        robot.interact(window::close);
    }

    @Test
    void everyRowIsPresentAndTheLastOneCanBeShown(FxRobot robot) throws TimeoutException {
        var table = window.view.table();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> !table.getRoot().getChildren().isEmpty()
                        && table.getRoot().getChildren().get(0).getChildren().size() == 1000);
        Set<String> names = new HashSet<>();
        for (TreeItem<ManagerRow> item : table.getRoot().getChildren().get(0).getChildren()) {
            DomainRow row = (DomainRow) item.getValue();
            names.add(row.name());
            assertEquals("Running", row.stateText());
        }
        assertEquals(1000, names.size());
        assertEquals("vm0000", table.getRoot().getChildren().get(0).getChildren().get(0).getValue().sortKey());

        robot.interact(() -> table.scrollTo(table.getExpandedItemCount() - 1));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup(".domain-name")
                .<Label>queryAll().stream().anyMatch(l -> l.getText().equals("vm0999")));
    }
}
