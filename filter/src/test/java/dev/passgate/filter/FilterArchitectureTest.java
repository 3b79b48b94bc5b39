package dev.passgate.filter;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * DESIGN.md: the filter is a drop-in JAR, so it brings nothing a servlet container does not have
 * but Nimbus (and json-smart, the JSON library Nimbus itself depends on).
 */
@AnalyzeClasses(packages = "dev.passgate.filter", importOptions = ImportOption.DoNotIncludeTests.class)
class FilterArchitectureTest {

    @ArchTest
    static final ArchRule filterDependsOnlyOnTheServletApiNimbusAndTheJdk = classes()
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.passgate.filter..", "jakarta.servlet..",
                    "com.nimbusds..", "net.minidev.json..", "java..", "javax.crypto..", "javax.net..")
            .because("the filter must drop into any servlet container (Tomcat, Jetty, Payara) beside an app it "
                    + "knows nothing of, and never reach into the provider: its own JAR, the Servlet API, Nimbus and the JDK");
}
