package org.virtfx.app.tags;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.virtfx.app.details.DomainDocument;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.task.CurrentThreadTaskExecutor;

class DomainTagsTest {
    private static final String DOMAIN = "<domain type='test'>\n  <name>a</name>\n  <uuid>6695eb01-f6a4-8304-79aa-97f2502e193f</uuid>\n"
            + "  <metadata>\n    <app1:foo xmlns:app1=\"http://app1.org/app1/\">fooish</app1:foo>\n  </metadata>\n"
            + "  <memory unit='KiB'>1024</memory>\n</domain>\n";

    @Test
    void tagsJoinOtherToolsMetadataWithoutTouchingIt() {
        String tagged = DomainTags.write(new DomainDocument(DOMAIN), List.of("web", "prod"));
        assertTrue(tagged.contains("<app1:foo xmlns:app1=\"http://app1.org/app1/\">fooish</app1:foo>"), tagged);
        assertEquals(List.of("web", "prod"), DomainTags.read(tagged));
        String cleared = DomainTags.write(new DomainDocument(tagged), List.of());
        assertEquals(DOMAIN, cleared);
    }

    @Test
    void anyPrefixBoundToOurNamespaceIsRead() {
        String other = DOMAIN.replace("<app1:foo", "<t:tags xmlns:t=\"" + DomainTags.NAMESPACE
                + "\"><t:tag>db</t:tag></t:tags><app1:foo");
        assertEquals(List.of("db"), DomainTags.read(other));
        String foreign = DOMAIN.replace("<app1:foo", "<t:tags xmlns:t=\"urn:other\"><t:tag>no</t:tag></t:tags><app1:foo");
        assertEquals(List.of(), DomainTags.read(foreign), "another namespace's <tags> is not ours");
    }

    @Test
    void emptyMetadataIsRemovedWithTheLastTag() {
        String plain = "<domain type='test'>\n  <name>a</name>\n  <memory unit='KiB'>1024</memory>\n</domain>\n";
        String tagged = DomainTags.write(new DomainDocument(plain), List.of("x"));
        assertTrue(tagged.contains("<metadata>"));
        assertFalse(DomainTags.write(new DomainDocument(tagged), List.of()).contains("metadata"));
    }

    @Test
    void typedTagsAreTrimmedAndDeduplicated() {
        assertEquals(List.of("a", "b c"), DomainTags.parse(" a, b c ,, a"));
    }

    @Test
    void groupsByTagThenUntagged() {
        Map<String, List<String>> groups = TagGroups.of(List.of("vm1", "vm2", "vm3"),
                vm -> switch (vm) {
                    case "vm1" -> List.of("web", "prod");
                    case "vm2" -> List.of("prod");
                    default -> List.of();
                });
        assertEquals(List.of("prod", "web", TagGroups.UNTAGGED), List.copyOf(groups.keySet()));
        assertEquals(List.of("vm1", "vm2"), groups.get("prod"));
        assertEquals(List.of("vm3"), groups.get(TagGroups.UNTAGGED));
    }

    @Test
    void indexFollowsRedefinitions() {
        try (Connection connection = DriverRegistry.discover().open("test:///default");
             TagIndex index = new TagIndex(new CurrentThreadTaskExecutor())) {
            var test = connection.domains().lookup("test");
            index.follow(connection);
            connection.domains().define(DomainTags.write(new DomainDocument(connection.domains().xml(test.uuid(), true)),
                    List.of("early")));
            assertEquals(List.of(), index.tagsOf(test.uuid()), "nothing is read before the tags are needed");
            index.activate();
            assertEquals(List.of("early"), index.tagsOf(test.uuid()));
            int before = index.versionProperty().get();
            connection.domains().define(DomainTags.write(new DomainDocument(connection.domains().xml(test.uuid(), true)),
                    List.of("lab")));
            assertEquals(List.of("lab"), index.tagsOf(test.uuid()));
            assertEquals(List.of("lab"), index.allTags());
            assertTrue(index.versionProperty().get() > before);
        }
    }

    @Test
    void tagFilterLetsThroughOnlyDomainsWithTheTag() {
        try (Connection connection = DriverRegistry.discover().open("test:///default");
             TagIndex index = new TagIndex(new CurrentThreadTaskExecutor())) {
            var test = connection.domains().lookup("test");
            index.follow(connection);
            index.activate();
            TagFilter filter = new TagFilter(index);
            assertTrue(filter.predicateProperty().get().test(test.uuid()), "no tag chosen: all pass");
            filter.tags().add("lab");
            assertFalse(filter.predicateProperty().get().test(test.uuid()));
            connection.domains().define(DomainTags.write(new DomainDocument(connection.domains().xml(test.uuid(), true)),
                    List.of("lab")));
            assertTrue(filter.predicateProperty().get().test(test.uuid()), "the filter follows the new tags");
            filter.tags().add("web");
            assertTrue(filter.predicateProperty().get().test(test.uuid()), "any checked tag lets a domain through");
            filter.tags().remove("lab");
            assertFalse(filter.predicateProperty().get().test(test.uuid()));
        }
    }
}
