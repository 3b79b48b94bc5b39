package dev.passgate;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * The boundaries of {@code shared/DESIGN.md}, each a rule that fails the build with the reason
 * the boundary exists. The filter's and the sample app's rules live in their own modules.
 */
@AnalyzeClasses(packages = "dev.passgate", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule protocolNeverReachesTheLoginOrThePages = noClasses()
            .that().resideInAPackage("dev.passgate.protocol..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.passgate.login..", "dev.passgate.web.pages..",
                    "org.thymeleaf..")
            .because("the protocol decides only whether a login is needed and returns outcomes and view records; "
                    + "how a person signs in and how a page looks can change without touching OIDC (DESIGN.md, Boundaries)");

    @ArchTest
    static final ArchRule loginNeverBuildsProtocolMessages = noClasses()
            .that().resideInAPackage("dev.passgate.login..")
            .should().dependOnClassesThat().resideInAnyPackage("com.nimbusds..", "dev.passgate.protocol.authorize..",
                    "dev.passgate.protocol.token..", "dev.passgate.protocol.session..", "dev.passgate.protocol.logout..")
            .because("the login hands back a LoginResult (who, when, amr, acr) through the interaction and the "
                    + "protocol resumes; a login that built codes or tokens could skip the protocol's checks");

    @ArchTest
    static final ArchRule servicesHaveNoHttp = noClasses()
            .that().resideInAnyPackage("dev.passgate.passkey..", "dev.passgate.otp..", "dev.passgate.password..")
            .should().dependOnClassesThat().resideInAnyPackage("jakarta.ws.rs..", "jakarta.servlet..")
            .because("passkey, otp and password are services that resources call; HTTP stays in thin resources so the "
                    + "services can be tested and reused without a server");

    @ArchTest
    static final ArchRule persistenceStaysInPersistence = noClasses()
            .that().resideOutsideOfPackage("dev.passgate.persistence..")
            .should().dependOnClassesThat().resideInAPackage("jakarta.persistence..")
            .because("JPA entities stay inside persistence; the rest sees records through small ports, "
                    + "so no lazy entity or open transaction leaks into a resource");

    @ArchTest
    static final ArchRule entitiesLiveInPersistence = classes()
            .that().areAnnotatedWith("jakarta.persistence.Entity")
            .should().resideInAPackage("dev.passgate.persistence")
            .because("entities are the database's shape, not the domain's");

    @ArchTest
    static final ArchRule templatesOnlyInPages = noClasses()
            .that().resideOutsideOfPackage("dev.passgate.web.pages..")
            .should().dependOnClassesThat().resideInAPackage("org.thymeleaf..")
            .because("one engine renders every page, from view records; nothing else builds HTML");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("dev.passgate.(**)").should().beFreeOfCycles()
            .because("a cycle makes two packages one: neither can be understood, tested or replaced alone");

    @ArchTest
    static final ArchRule portsAreSmall = classes()
            .that().areInterfaces().and().haveNameMatching(".*(Store|Lookup|Log|Record)")
            .should(new ArchCondition<JavaClass>("declare at most 6 abstract methods") {
                @Override
                public void check(JavaClass port, ConditionEvents events) {
                    long abstractMethods = port.getMethods().stream()
                            .filter(m -> m.getModifiers().contains(JavaModifier.ABSTRACT)).count();
                    if (abstractMethods > 6) {
                        events.add(SimpleConditionEvent.violated(port, port.getName() + " declares " + abstractMethods
                                + " abstract methods"));
                    }
                }
            })
            .because("a port is what one caller needs; a wide port couples every caller to every change (STYLE.md)");

    @ArchTest
    static final ArchRule resourcesHoldNoRequest = com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields()
            .that().areDeclaredInClassesThat().areAnnotatedWith("jakarta.ws.rs.Path")
            .should().notBeAnnotatedWith("jakarta.ws.rs.HeaderParam").andShould().notBeAnnotatedWith("jakarta.ws.rs.QueryParam")
            .andShould().notBeAnnotatedWith("jakarta.ws.rs.CookieParam").andShould().notBeAnnotatedWith("jakarta.ws.rs.FormParam")
            .andShould().notBeAnnotatedWith("jakarta.ws.rs.PathParam").andShould().notBeAnnotatedWith("jakarta.ws.rs.BeanParam")
            .andShould().notBeAnnotatedWith("jakarta.ws.rs.MatrixParam")
            .because("resources are made once (@ApplicationScoped): a field filled from a request would keep the first"
                    + " request's value for every later one; take it as a method parameter (@Context fields are proxies)");

    /** A tag opening inside a Java string literal: {@code "<p"}, {@code "<div class"}, {@code "</form>"}. */
    private static final Pattern HTML_IN_STRING = Pattern.compile(
            "\"[^\"\\n]*</?(html|head|body|main|div|p|a|form|input|button|label|table|tr|td|th|script|style|strong|h1|h2|ul|li|span|img|meta|link|title|footer|header)[\\s>/\"]");

    @Test
    void javaStringsWhenOutsideThePagesPackageThenNoHtml() throws IOException {
        Path main = Path.of("src/main/java");
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(main)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (file.toString().replace('\\', '/').contains("dev/passgate/web/pages/")) {
                    continue;
                }
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i).trim();
                    if (line.startsWith("*") || line.startsWith("//") || line.startsWith("/*")) {
                        continue; // Javadoc may show markup
                    }
                    Matcher m = HTML_IN_STRING.matcher(line);
                    if (m.find()) {
                        found.add(main.relativize(file) + ":" + (i + 1) + ": " + line);
                    }
                }
            }
        }
        assertTrue(found.isEmpty(), () -> "HTML in Java strings (pages come from templates, see web/pages):\n"
                + String.join("\n", found));
    }
}
