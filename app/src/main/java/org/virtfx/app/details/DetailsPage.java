package org.virtfx.app.details;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.value.ObservableValue;
import org.virtfx.core.domain.DomainSummary;

/**
 * One page of the hardware list: its fields as properties, loaded from the domain's persistent
 * XML, and the edit that Apply makes. A change to any field marks the page dirty until Apply
 * or Cancel.
 */
public abstract class DetailsPage {
    private final BooleanProperty dirty = new SimpleBooleanProperty();
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
    }

    /** Puts the fields back as they were loaded. */
    public final void revert() {
        if (document != null) {
            load(document, summary, item);
        }
    }

    /** The whole domain XML with this page's fields applied. */
    public abstract String applyTo(DomainDocument document);

    /** Changes that are not part of the XML (autostart); none by default. */
    public void applyOutsideXml(PersistentDefinition definition) {
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
                }
            });
        }
    }
}
