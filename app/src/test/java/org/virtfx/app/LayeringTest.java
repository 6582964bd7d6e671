package org.virtfx.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.virtfx.core.connect.ConnectionDriver;

/**
 * Keeps the house's layers, read from the compiled types (fully qualified names, field and
 * signature types, calls), not from import lines: core knows no windows, no native code and no
 * module above it; the host plumbing knows core only; drivers know core and the plumbing but
 * neither windows nor each other; the application reaches drivers only through ServiceLoader
 * and never touches the plumbing.
 */
class LayeringTest {
    /** Each driver's package, from the drivers ServiceLoader finds: a new driver is covered as it lands. */
    private static final List<String> DRIVERS = ServiceLoader.load(ConnectionDriver.class).stream()
            .map(p -> p.type().getPackageName()).toList();
    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.virtfx");
    }

    @Test
    void everyModuleIsOnTheClassPathSoNoRulePassesEmpty() {
        for (String pkg : modulePackages()) {
            assertTrue(classes.stream().anyMatch(c -> c.getPackageName().startsWith(pkg)), "no classes of " + pkg);
        }
    }

    @Test
    void coreKnowsNoWindowsNoNativeCodeAndNoModuleAboveIt() {
        noClasses().that().resideInAPackage("org.virtfx.core..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "com.sun.jna..", "org.virtfx.app..",
                        "org.virtfx.drivers..", "org.virtfx.plumbing..", "org.virtfx.bench..")
                .check(classes);
    }

    @Test
    void plumbingKnowsCoreOnly() {
        noClasses().that().resideInAPackage("org.virtfx.plumbing..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.virtfx.app..",
                        "org.virtfx.drivers..", "org.virtfx.bench..")
                .check(classes);
    }

    @Test
    void driversKnowNeitherWindowsNorEachOther() {
        assertTrue(DRIVERS.size() >= 2, "drivers found: " + DRIVERS);
        for (String driver : DRIVERS) {
            DescribedPredicate<JavaClass> anotherDriver = DescribedPredicate.describe("belong to another driver",
                    c -> c.getPackageName().startsWith("org.virtfx.drivers.") && !c.getPackageName().startsWith(driver));
            noClasses().that().resideInAPackage(driver + "..")
                    .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.virtfx.app..", "org.virtfx.bench..")
                    .orShould().dependOnClassesThat(anotherDriver)
                    .check(classes);
        }
    }

    @Test
    void applicationFindsDriversThroughServiceLoaderAndNeverTouchesThePlumbing() {
        noClasses().that().resideInAPackage("org.virtfx.app..")
                .should().dependOnClassesThat().resideInAnyPackage("org.virtfx.drivers..", "org.virtfx.plumbing..")
                .check(classes);
    }

    private static List<String> modulePackages() {
        List<String> packages = new ArrayList<>(List.of("org.virtfx.core", "org.virtfx.plumbing", "org.virtfx.app"));
        packages.addAll(DRIVERS);
        return packages;
    }
}
