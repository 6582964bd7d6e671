package org.virtfx.app.help;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One section of VirtFX's help text: a title and its paragraphs. The text is {@code contents.txt}
 * beside this class, sections headed by lines that start with "# ".
 */
public record HelpTopic(String title, String body) {

    @Override
    public String toString() {
        return title;
    }

    /** The help text's sections, in order. */
    public static List<HelpTopic> contents() {
        try (InputStream in = HelpTopic.class.getResourceAsStream("contents.txt")) {
            if (in == null) {
                throw new IllegalStateException("contents.txt is missing next to HelpTopic");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read VirtFX's help text", e);
        }
    }

    static List<HelpTopic> parse(String text) {
        List<HelpTopic> topics = new ArrayList<>();
        String title = null;
        StringBuilder body = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("# ")) {
                if (title != null) {
                    topics.add(new HelpTopic(title, body.toString().strip()));
                }
                title = line.substring(2).strip();
                body.setLength(0);
            } else if (title != null) {
                body.append(line).append('\n');
            }
        }
        if (title != null) {
            topics.add(new HelpTopic(title, body.toString().strip()));
        }
        return List.copyOf(topics);
    }
}
