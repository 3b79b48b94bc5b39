package dev.passgate.sample;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** DESIGN.md: the sample app knows only the filter's public API, exactly as a user's app would. */
@AnalyzeClasses(packages = "dev.passgate.sample", importOptions = ImportOption.DoNotIncludeTests.class)
class SampleAppArchitectureTest {

    @ArchTest
    static final ArchRule sampleAppUsesOnlyTheFiltersPublicApi = noClasses()
            .should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                    "are Passgate classes other than the filter's OidcUser",
                    c -> c.getPackageName().startsWith("dev.passgate") && !c.getPackageName().equals("dev.passgate.sample")
                            && !c.getName().equals("dev.passgate.filter.OidcUser")))
            .because("what the sample app needs, any user's app may need too: if it must reach past OidcUser, "
                    + "the filter's API is missing something");
}
