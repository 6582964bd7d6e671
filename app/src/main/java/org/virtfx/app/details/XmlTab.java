package org.virtfx.app.details;

import java.util.List;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.xml.SchemaValidator;
import org.virtfx.core.xml.XmlParser;

/**
 * The XML tab of one page: the whole domain for the fixed pages, the device element for a
 * device page. Read-only until XML editing is enabled in Preferences. Before Apply the text is
 * checked — well-formed, then valid against libvirt's domain schema — and problems are reported
 * with line and column <em>in the text the person typed</em>, even for a device fragment.
 */
public final class XmlTab {
    /** Stands in for the device while the fragment is spliced into the domain to validate. */
    private static final String MARK = "virtfx-fragment-mark";

    private final SchemaValidator schema;
    private final XmlParser parser = new XmlParser();
    private final StringProperty text = new SimpleStringProperty("");
    private final BooleanProperty editable = new SimpleBooleanProperty();
    private final ObservableList<String> problems = FXCollections.observableArrayList();
    private String loaded = "";
    private DomainDocument document;
    private HardwareItem device;

    /** A checked edit: the whole new domain XML and the diff of what the person changed. */
    public record Proposal(String domainXml, String diff) {
    }

    private final javafx.beans.binding.BooleanBinding changed =
            javafx.beans.binding.Bindings.createBooleanBinding(() -> !text.get().equals(loaded), text);

    public XmlTab(SchemaValidator schema) {
        this.schema = schema;
    }

    /** Whether the text differs from what was loaded. */
    public javafx.beans.binding.BooleanBinding changedProperty() {
        return changed;
    }

    public StringProperty textProperty() {
        return text;
    }

    /** Follows the "Enable XML editing" preference. */
    public BooleanProperty editableProperty() {
        return editable;
    }

    public boolean isChanged() {
        return !text.get().equals(loaded);
    }

    public ObservableList<String> problems() {
        return problems;
    }

    /** Shows the page's XML: the device's when {@code item} is a device, else the domain's. */
    public void load(DomainDocument document, HardwareItem item) {
        this.document = document;
        this.device = item.kind().isDevice() ? item : null;
        loaded = device == null ? document.xml() : document.deviceXml(item.element(), item.index());
        text.set(loaded);
        changed.invalidate();
        problems.clear();
    }

    public void revert() {
        text.set(loaded);
        problems.clear();
    }

    /**
     * Checks the text; returns the edit to apply, or empty with {@link #problems()} saying why
     * not (each "line L, column C: message").
     */
    public Optional<Proposal> check() {
        problems.clear();
        String typed = text.get();
        try {
            parser.parse(typed, "XML");
        } catch (VirtException e) {
            problems.add(e.getMessage());
            return Optional.empty();
        }
        String domainXml;
        int firstLine;
        int indent = 0;
        if (device == null) {
            domainXml = typed;
            firstLine = 1;
        } else {
            String marked = document.withDeviceReplaced(device.element(), device.index(), "<" + MARK + "/>");
            List<String> lines = marked.lines().toList();
            int at = 0;
            while (!lines.get(at).contains(MARK)) {
                at++;
            }
            firstLine = at + 1;
            indent = lines.get(at).indexOf('<');
            domainXml = marked.replace(lines.get(at).strip(), typed.strip());
        }
        for (SchemaValidator.Problem p : schema.problems(SchemaValidator.Kind.DOMAIN, domainXml)) {
            int line = p.line() - firstLine + 1;
            // The fragment's first line sits after the domain's indentation; later lines do not.
            int column = line == 1 ? Math.max(1, p.column() - indent) : p.column();
            problems.add("line " + line + ", column " + column + ": " + p.message());
        }
        if (!problems.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Proposal(domainXml, LineDiff.of(loaded, typed)));
    }
}
