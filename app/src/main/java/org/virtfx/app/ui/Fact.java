package org.virtfx.app.ui;

/** One labelled fact of an overview page: "UUID:", "Status:". */
public record Fact(String label, String value) {
}
