package dev.trent.it;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DESIGN.md's module directions, checked on the compiled main classes of every module (trent-it has them all on
 * its class path). The Maven enforcer's {@code bannedDependencies} rules in each module's pom keep the same
 * directions between artifacts; this test keeps them between packages, where a forbidden import would slip
 * through an allowed artifact (for example server code reaching into the SQLite store it runs on).
 */
class ModuleDirectionsTest {

    /**
     * Classes outside the stores that may name a store implementation: none. The server picks its store by
     * configuration ({@code StoreProvider}, found with ServiceLoader), so nothing names a store class.
     */
    static final List<String> STORE_COMPOSITION_CLASSES = List.of();

    static final List<String> STORE_COMPOSITION_PACKAGES = List.of();

    /** What of trent-core a store implementation may see: the Store SPI only. */
    static final List<String> STORE_SPI_PACKAGES = List.of("dev.trent.core.store..");

    static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.trent");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "dev.trent.crypto..",
                "dev.trent.core..",
                "dev.trent.store..",
                "dev.trent.server..",
                "dev.trent.sdk..",
                "dev.trent.cli.."
            })
    void everyModuleIsImported(String modulePackage) {
        // Rules over an empty set pass vacuously; make sure each module's classes are really seen.
        assertThat(main.that(resideInAPackage(modulePackage))).isNotEmpty();
    }

    @Test
    void cryptoDependsOnTheJdkAndBouncyCastleOnly() {
        classes()
                .that()
                .resideInAPackage("dev.trent.crypto..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("dev.trent.crypto..", "java..", "javax..", "org.bouncycastle..")
                .because("trent-crypto may depend on the JDK and BouncyCastle only (DESIGN.md)")
                .check(main);
    }

    @Test
    void coreDependsOnNoOuterModule() {
        noClasses()
                .that()
                .resideInAPackage("dev.trent.core..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.trent.server..",
                        "dev.trent.store..",
                        "dev.trent.sdk..",
                        "dev.trent.cli..",
                        "dev.trent.it..",
                        "io.netty..",
                        "software.amazon..")
                .because("core knows nothing of servers, stores, clients, HTTP or the AWS SDK (DESIGN.md)")
                .check(main);
    }

    @Test
    void storesSeeOnlyTheStoreSpiOfCore() {
        noClasses()
                .that()
                .resideInAPackage("dev.trent.store..")
                .should()
                .dependOnClassesThat(resideInAPackage("dev.trent..")
                        .and(resideOutsideOfPackages(packages("dev.trent.store..", STORE_SPI_PACKAGES))))
                .orShould()
                .dependOnClassesThat()
                .resideInAnyPackage("io.netty..", "software.amazon..")
                .because("a store depends on trent-core's Store SPI only, never on the server, the SDK or the CLI"
                        + " (DESIGN.md)")
                .check(main);
    }

    @Test
    void sdkDependsOnNoServerSideModule() {
        noClasses()
                .that()
                .resideInAPackage("dev.trent.sdk..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.trent.core..",
                        "dev.trent.server..",
                        "dev.trent.store..",
                        "dev.trent.cli..",
                        "dev.trent.it..")
                .because("the SDK is a client: the AWS SDK and trent-crypto, nothing of the server side (DESIGN.md)")
                .check(main);
    }

    @Test
    void serverDependsOnNoClient() {
        noClasses()
                .that()
                .resideInAPackage("dev.trent.server..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.trent.sdk..", "dev.trent.cli..", "dev.trent.it..", "software.amazon..")
                .because("the server runs on trent-core and the stores, never on the SDK, the CLI or the AWS SDK"
                        + " (DESIGN.md)")
                .check(main);
    }

    @Test
    void cliDependsOnNoStoreAndNoTestCode() {
        noClasses()
                .that()
                .resideInAPackage("dev.trent.cli..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.trent.store..", "dev.trent.it..")
                .because("the CLI is built on trent-server and trent-sdk; the store is the server's choice (DESIGN.md)")
                .check(main);
    }

    @Test
    void onlyTheCompositionRootNamesAStoreImplementation() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.trent.store..")
                .and(not(compositionRoot()))
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.trent.store..")
                .because("code works against the Store SPI in trent-core; only the composition root picks the"
                        + " implementation (trent-server will depend on the stores at runtime scope only)")
                .check(main);
    }

    @Test
    void modulesHaveNoCycles() {
        slices().matching("dev.trent.(*)..").should().beFreeOfCycles().check(main);
    }

    private static DescribedPredicate<JavaClass> compositionRoot() {
        DescribedPredicate<JavaClass> inPackage = resideInAnyPackage(STORE_COMPOSITION_PACKAGES.toArray(String[]::new));
        return DescribedPredicate.describe(
                "a store composition root " + STORE_COMPOSITION_CLASSES + " or in " + STORE_COMPOSITION_PACKAGES,
                c -> inPackage.test(c)
                        || STORE_COMPOSITION_CLASSES.stream()
                                .anyMatch(n ->
                                        c.getName().equals(n) || c.getName().startsWith(n + "$")));
    }

    private static String[] packages(String first, List<String> more) {
        return Stream.concat(Stream.of(first), more.stream()).toArray(String[]::new);
    }
}
