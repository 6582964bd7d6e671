package org.virtfx.app.tags;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.virtfx.app.details.DomainDocument;
import org.virtfx.core.domain.DomainMetadata;
import org.virtfx.core.xml.XmlElement;

/**
 * Tags of a domain, kept in its {@code <metadata>} under VirtFX's own namespace:
 * {@code <virtfx:tags xmlns:virtfx='https://virtfx.org/xmlns/tags/1.0'><virtfx:tag>web</virtfx:tag>...}.
 * libvirt keeps metadata of foreign namespaces verbatim and other tools skip namespaces they
 * do not know, so the tags travel with the definition without disturbing anyone. The element
 * is recognised by its namespace, whatever prefix another writer bound it to.
 */
public final class DomainTags {
    public static final String NAMESPACE = "https://virtfx.org/xmlns/tags/1.0";
    private static final String PREFIX = "virtfx";

    private DomainTags() {
    }

    public static List<String> read(DomainDocument document) {
        List<String> tags = new ArrayList<>();
        document.edited(root -> tagsElement(root).ifPresent(found -> {
            String prefix = prefixOf(found);
            for (XmlElement tag : found.children(prefix.isEmpty() ? "tag" : prefix + ":tag")) {
                if (!tag.text().isBlank()) {
                    tags.add(tag.text());
                }
            }
        }));
        return tags;
    }

    /** The tags of a domain's XML; none when the XML cannot be read. */
    public static List<String> read(String domainXml) {
        return read(new DomainDocument(domainXml));
    }

    /** The domain XML with exactly these tags; no tags removes VirtFX's element (and an empty metadata). */
    public static String write(DomainDocument document, List<String> tags) {
        return document.edited(root -> {
            Optional<XmlElement> element = Optional.empty();
            if (!tags.isEmpty()) {
                XmlElement tagged = new XmlElement(PREFIX + ":tags").setAttribute("xmlns:" + PREFIX, NAMESPACE);
                tags.forEach(tag -> tagged.append(new XmlElement(PREFIX + ":tag").setText(tag)));
                element = Optional.of(tagged);
            }
            DomainMetadata.put(root, DomainTags::isTags, element);
        });
    }

    /** Tags from what a person typed: comma separated, trimmed, duplicates and blanks dropped. */
    public static List<String> parse(String typed) {
        LinkedHashSet<String> tags = new LinkedHashSet<>();
        for (String part : typed.split(",")) {
            if (!part.isBlank()) {
                tags.add(part.strip());
            }
        }
        return List.copyOf(tags);
    }

    private static Optional<XmlElement> tagsElement(XmlElement root) {
        return DomainMetadata.find(root, DomainTags::isTags);
    }

    private static boolean isTags(XmlElement element) {
        String prefix = prefixOf(element);
        String local = prefix.isEmpty() ? element.name() : element.name().substring(prefix.length() + 1);
        String declaration = prefix.isEmpty() ? "xmlns" : "xmlns:" + prefix;
        return local.equals("tags") && NAMESPACE.equals(element.attributes().get(declaration));
    }

    private static String prefixOf(XmlElement element) {
        int colon = element.name().indexOf(':');
        return colon < 0 ? "" : element.name().substring(0, colon);
    }
}
