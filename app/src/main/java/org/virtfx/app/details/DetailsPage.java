package org.virtfx.app.details;

import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.value.ObservableValue;
import org.virtfx.core.domain.DomainSummary;

/**
 * One page of the hardware list: its fields as properties, loaded from the domain's persistent
 * XML, and the edit that Apply makes. A change to any field marks the page dirty until Apply
 * or Cancel.
 */
public abstract class DetailsPage {
    /** When a running guest sees a change that goes only to its definition, as virt-manager says it. */
    public static final String AFTER_SHUTDOWN = "These changes take effect after the next shutdown.";

    private final BooleanProperty dirty = new SimpleBooleanProperty();
    private final ReadOnlyStringWrapper whenApplied = new ReadOnlyStringWrapper(AFTER_SHUTDOWN);
    private final ReadOnlyStringWrapper outcome = new ReadOnlyStringWrapper("");
    private boolean loading;
    private DomainDocument document;
    private DomainSummary summary;
    private HardwareItem item;

    public ReadOnlyBooleanProperty dirtyProperty() {
        return dirty;
    }

    public boolean isDirty() {
        return dirty.get();
    }

    /** Fills the fields from the document; the page is clean afterwards. */
    public final void load(DomainDocument document, DomainSummary summary, HardwareItem item) {
        this.document = document;
        this.summary = summary;
        this.item = item;
        loading = true;
        try {
            fill(document, summary, item);
        } finally {
            loading = false;
        }
        dirty.set(false);
        whenApplied.set(whenApplied());
    }

    /** Puts the fields back as they were loaded. */
    public final void revert() {
        if (document != null) {
            load(document, summary, item);
        }
    }

    /** The whole domain XML with this page's fields applied. */
    public abstract String applyTo(DomainDocument document);

    /**
     * Changes that are not part of the XML (autostart, a running guest's memory), made on a
     * worker once the definition is saved; none by default.
     *
     * @return what Apply did beyond saving, told instead of "Saved" and kept on the page (a
     *     driver's refusal included, in its words); empty when there is nothing more to tell
     */
    public Optional<String> applyOutsideXml(PersistentDefinition definition) {
        return Optional.empty();
    }

    /** While the page has changes for a running guest, when they take effect; follows the fields. */
    public ReadOnlyStringProperty whenAppliedProperty() {
        return whenApplied.getReadOnlyProperty();
    }

    /** What the last Apply did to the running guest, until the next edit; empty when it only saved. */
    public ReadOnlyStringProperty outcomeProperty() {
        return outcome.getReadOnlyProperty();
    }

    void showOutcome(String told) {
        outcome.set(told);
    }

    /** When the page's changes reach a running guest, asked again after every edit; the next shutdown by default. */
    protected String whenApplied() {
        return AFTER_SHUTDOWN;
    }

    /** Whether the page was loaded while the domain ran. */
    protected final boolean loadedRunning() {
        return summary != null && summary.isActive();
    }

    protected abstract void fill(DomainDocument document, DomainSummary summary, HardwareItem item);

    protected final HardwareItem item() {
        return item;
    }

    protected final DomainSummary summary() {
        return summary;
    }

    /** Marks the page dirty when any of these fields changes outside {@link #load}. */
    protected final void track(ObservableValue<?>... fields) {
        for (ObservableValue<?> field : fields) {
            field.addListener((obs, was, now) -> {
                if (!loading) {
                    dirty.set(true);
                    outcome.set("");
                    whenApplied.set(whenApplied());
                }
            });
        }
    }
}
