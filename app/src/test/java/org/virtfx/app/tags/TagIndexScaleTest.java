package org.virtfx.app.tags;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.virtfx.app.details.DomainDocument;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.task.CurrentThreadTaskExecutor;

/**
 * The tag index's work downstream of a definition does not grow with the number of domains:
 * what each definition sets off (a new list of all tags, a new tag-filter predicate, each of
 * which re-filters or re-lists every row) is counted at 100 and at 1,000 domains and must be
 * the same; counts, not clocks, so the check holds on any machine.
 */
class TagIndexScaleTest {

    private static final class Counts {
        int allTagsChanges;
        int versionChanges;
        int predicateChanges;
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 1000})
    void eachDefinitionSetsOffAtMostOneChangeAndOnlyWhenItsTagsChange(int domains) {
        try (Connection connection = DriverRegistry.discover().open("test:///default");
             TagIndex index = new TagIndex(new CurrentThreadTaskExecutor())) {
            index.follow(connection);
            index.activate();
            TagFilter filter = new TagFilter(index);
            Counts counts = new Counts();
            index.allTags().addListener((ListChangeListener<String>) c -> counts.allTagsChanges++);
            index.versionProperty().addListener((o, was, now) -> counts.versionChanges++);
            filter.predicateProperty().addListener((o, was, now) -> counts.predicateChanges++);

            List<DomainSummary> defined = new java.util.ArrayList<>();
            for (int i = 0; i < domains; i++) {
                defined.add(connection.domains().define(domain("t" + i, 1024, List.of(i % 2 == 0 ? "web" : "db"))));
            }
            assertEquals(2, counts.allTagsChanges, "the list of all tags changes when 'web' and 'db' come into use, only");
            assertEquals(domains, counts.versionChanges, "one change per domain whose tags changed");
            assertEquals(0, counts.predicateChanges, "with no tag checked, tags changing re-filter nothing");
            assertEquals(List.of("db", "web"), index.allTags());

            // Redefined with more memory and the same tags: nothing downstream moves.
            for (int i = 0; i < domains; i++) {
                connection.domains().define(domain("t" + i, 2048, List.of(i % 2 == 0 ? "web" : "db")));
            }
            assertEquals(2, counts.allTagsChanges);
            assertEquals(domains, counts.versionChanges);
            assertEquals(0, counts.predicateChanges);

            // With a tag checked, a change of one domain's tags makes one new predicate.
            filter.tags().add("web");
            assertEquals(1, counts.predicateChanges);
            connection.domains().define(domain("t0", 2048, List.of("db")));
            assertEquals(2, counts.predicateChanges);
            assertEquals(List.of("db", "web"), index.allTags(), "'web' is still carried by the other even domains");
            assertEquals(List.of("db"), index.tagsOf(defined.get(0).uuid()));

            // Untagging every 'web' domain takes the tag out of use: one more change of the list.
            for (int i = 2; i < domains; i += 2) {
                connection.domains().define(domain("t" + i, 2048, List.of()));
            }
            assertEquals(3, counts.allTagsChanges);
            assertEquals(List.of("db"), index.allTags());
            assertEquals(List.of(), index.tagsOf(defined.get(2).uuid()));
        }
    }

    private static String domain(String name, int memoryKiB, List<String> tags) {
        // The UUID a name always gets here: a redefinition must name the domain's own.
        String uuid = java.util.UUID.nameUUIDFromBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
        String xml = "<domain type='test'><name>" + name + "</name><uuid>" + uuid + "</uuid>"
                + "<memory unit='KiB'>" + memoryKiB + "</memory><vcpu>1</vcpu><os><type>hvm</type></os>"
                + "</domain>";
        return DomainTags.write(new DomainDocument(xml), tags);
    }
}
