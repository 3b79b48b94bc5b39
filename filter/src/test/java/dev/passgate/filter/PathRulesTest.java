package dev.passgate.filter;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PathRulesTest {

    private static final List<String> RULES = List.of("/", "/index.jsp", "/static/");

    @Test
    void matchesWhenRootRuleThenOnlyRootMatches() {
        assertTrue(PathRules.matches(RULES, "/"));
        assertFalse(PathRules.matches(RULES, "/profile"));
        assertFalse(PathRules.matches(RULES, "/admin/"));
    }

    @Test
    void matchesWhenTrailingSlashRuleThenPrefixMatches() {
        assertTrue(PathRules.matches(RULES, "/static/app.css"));
        assertTrue(PathRules.matches(RULES, "/static/img/logo.svg"));
        assertFalse(PathRules.matches(RULES, "/staticfile"));
        assertFalse(PathRules.matches(RULES, "/static"));
    }

    @Test
    void matchesWhenExactRuleThenOnlyThatPath() {
        assertTrue(PathRules.matches(RULES, "/index.jsp"));
        assertFalse(PathRules.matches(RULES, "/index.jsp/extra"));
        assertFalse(PathRules.matches(RULES, "/index.jspx"));
    }

    @Test
    void matchesWhenNoRulesThenNothingPublic() {
        assertFalse(PathRules.matches(List.of(), "/"));
    }
}
