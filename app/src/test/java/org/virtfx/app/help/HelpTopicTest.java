package org.virtfx.app.help;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HelpTopicTest {

    @Test
    void sectionsSplitAtTheirHeadings() {
        assertEquals(List.of(new HelpTopic("One", "First.\n\nSecond."), new HelpTopic("Two", "Third.")),
                HelpTopic.parse("# One\nFirst.\n\nSecond.\n\n# Two\nThird.\n"));
    }

    @Test
    void theShippedHelpCoversEveryWindow() {
        List<String> titles = HelpTopic.contents().stream().map(HelpTopic::title).toList();
        for (String window : List.of("The manager window", "The VM window", "Connection Details", "Preferences")) {
            assertTrue(titles.contains(window), window + " in " + titles);
        }
        assertTrue(HelpTopic.contents().stream().noneMatch(t -> t.body().isBlank()), "no empty section");
    }
}
