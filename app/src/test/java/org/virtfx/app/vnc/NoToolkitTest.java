package org.virtfx.app.vnc;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The RFB client stays free of any toolkit, so it is tested and benchmarked without a display. */
class NoToolkitTest {
    @Test
    void theProtocolClientUsesNeitherJavaFxNorAwt() {
        noClasses().that().resideInAPackage("org.virtfx.app.vnc")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "java.awt..", "javax.swing..")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("org.virtfx.app.vnc"));
    }
}
