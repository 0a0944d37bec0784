package io.almanac.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the module arrows of ARCHITECTURE.md ("Allowed arrows") and a cycle-free package graph inside
 * storage-engine. Maven already refuses imports of modules that are not dependencies; this test also catches the
 * arrows Maven cannot see (e.g. a package of one module reaching into a module it may not use at all).
 */
class ModuleArrowsTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.almanac");
    }

    @Test
    void storageEngineDependsOnNoOtherModule() {
        noClasses().that().resideInAPackage("io.almanac.storage..")
                .should().dependOnClassesThat().resideInAnyPackage("io.almanac.cql..", "io.almanac.ingest..",
                        "io.almanac.server..", "io.almanac.compaction..", "io.almanac.ttl..", "io.almanac.loadgen..")
                .check(classes);
    }

    @Test
    void cqlFrontendSeesOnlyTheStorageEngine() {
        noClasses().that().resideInAPackage("io.almanac.cql..")
                .should().dependOnClassesThat().resideInAnyPackage("io.almanac.ingest..", "io.almanac.server..",
                        "io.almanac.compaction..", "io.almanac.ttl..", "io.almanac.loadgen..")
                .check(classes);
    }

    @Test
    void ingestGatewaySeesOnlyTheStorageEngine() {
        noClasses().that().resideInAPackage("io.almanac.ingest..")
                .should().dependOnClassesThat().resideInAnyPackage("io.almanac.cql..", "io.almanac.server..",
                        "io.almanac.compaction..", "io.almanac.ttl..", "io.almanac.loadgen..")
                .check(classes);
    }

    @Test
    void strategiesAndSweeperSeeOnlyTheStorageEngine() {
        noClasses().that().resideInAPackage("io.almanac.compaction..")
                .should().dependOnClassesThat().resideInAnyPackage("io.almanac.cql..", "io.almanac.ingest..",
                        "io.almanac.server..", "io.almanac.ttl..", "io.almanac.loadgen..")
                .check(classes);
        noClasses().that().resideInAPackage("io.almanac.ttl..")
                .should().dependOnClassesThat().resideInAnyPackage("io.almanac.cql..", "io.almanac.ingest..",
                        "io.almanac.server..", "io.almanac.compaction..", "io.almanac.loadgen..")
                .check(classes);
    }

    @Test
    void nothingImportsTheServer() {
        noClasses().that().resideOutsideOfPackage("io.almanac.server..")
                .should().dependOnClassesThat().resideInAPackage("io.almanac.server..")
                .check(classes);
    }

    @Test
    void storageEnginePackagesAreFreeOfCycles() {
        slices().matching("io.almanac.storage.(*)..").should().beFreeOfCycles().check(classes);
    }
}
