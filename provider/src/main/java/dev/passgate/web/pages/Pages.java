package dev.passgate.web.pages;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.stream.Stream;

import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.context.IExpressionContext;
import org.thymeleaf.context.ITemplateContext;
import org.thymeleaf.exceptions.TemplateEngineException;
import org.thymeleaf.linkbuilder.StandardLinkBuilder;
import org.thymeleaf.messageresolver.AbstractMessageResolver;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.AbstractConfigurableTemplateResolver;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;
import org.thymeleaf.templateresolver.FileTemplateResolver;

import dev.passgate.config.SettingsException;
import dev.passgate.i18n.Languages;
import dev.passgate.i18n.Messages;
import dev.passgate.web.View;

/**
 * Renders every HTML page of the provider from {@code templates/} with Thymeleaf, which escapes
 * by context ({@code th:text} as text, {@code th:value}/{@code th:href} as attributes, inlined
 * script as JavaScript) so no reflected value can become markup.
 *
 * <p>A theme directory ({@code passgate.theme.dir}) overrides any template by its relative path
 * under {@code templates/}; everything not overridden comes from the WAR. {@link #checkAll}
 * renders every page in every language at start-up, so a broken override stops the deployment
 * with its file and line instead of breaking a login later.
 */
public final class Pages {
    static final String BUILT_IN = "templates/";

    private final TemplateEngine engine;
    private final Optional<Path> themeTemplates;

    public Pages(PagesSettings settings) {
        this.themeTemplates = settings.themeDir().map(d -> d.resolve("templates"));
        this.engine = new TemplateEngine();
        int order = 1;
        if (themeTemplates.isPresent()) {
            FileTemplateResolver theme = configure(new FileTemplateResolver(), themeTemplates.get() + "/", order++);
            theme.setCheckExistence(true); // fall through to the built-in template when the theme has none
            engine.addTemplateResolver(theme);
        }
        engine.addTemplateResolver(configure(new ClassLoaderTemplateResolver(Pages.class.getClassLoader()), BUILT_IN, order));
        engine.setMessageResolver(new BundleMessages());
        engine.setLinkBuilder(new ContextRootLinks());
    }

    private static <R extends AbstractConfigurableTemplateResolver> R configure(R resolver, String prefix, int order) {
        resolver.setPrefix(prefix);
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true); // parsed once per node; a theme change takes a restart
        resolver.setOrder(order);
        return resolver;
    }

    /**
     * The page for {@code view}, in {@code locale}.
     *
     * @param contextRoot the WAR's context path ("" at the root): every {@code @{/...}} link starts with it
     */
    public String render(View view, Locale locale, String contextRoot) {
        Context context = new Context(locale, Map.of("view", view, "contextRoot", contextRoot));
        return engine.process(view.template(), context);
    }

    /**
     * Renders every sample page in every language. Throws naming {@code passgate.theme.dir}, the
     * template file and Thymeleaf's line and column when one fails; also lists overrides that
     * replace no built-in template (a typo in a file name would otherwise be silently ignored).
     */
    public void checkAll(List<View> samples) {
        for (View sample : samples) {
            for (Locale locale : Languages.SUPPORTED) {
                try {
                    render(sample, locale, "");
                } catch (TemplateEngineException e) {
                    String where = themeTemplates.map(t -> "theme templates in " + t).orElse("built-in templates");
                    throw new SettingsException("passgate.theme.dir", "template " + sample.template() + ".html ("
                            + where + ") cannot be rendered in " + locale + ": " + e.getMessage());
                }
            }
        }
        themeTemplates.ifPresent(dir -> {
            List<String> unknown = new ArrayList<>();
            Set<String> known = new java.util.HashSet<>(samples.stream().map(View::template).toList());
            known.addAll(FRAGMENTS);
            for (String name : templatesIn(dir)) {
                if (!known.contains(name)) {
                    unknown.add(name + ".html");
                }
            }
            if (!unknown.isEmpty()) {
                throw new SettingsException("passgate.theme.dir", "overrides templates that do not exist: " + unknown
                        + " in " + dir + " (known: " + known.stream().sorted().toList() + ")");
            }
        });
    }

    /** Templates that are not pages themselves but parts of every page. */
    static final Set<String> FRAGMENTS = Set.of("layout", "footer", "login/fragments", "account/nav");

    private static List<String> templatesIn(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".html")).map(p -> dir.relativize(p).toString()
                    .replace('\\', '/').replaceAll("\\.html$", "")).toList();
        } catch (IOException e) {
            throw new SettingsException("passgate.theme.dir", "cannot be read: " + e.getMessage());
        }
    }

    /** {@code #{key}} in templates: the shared message bundles, never a per-template file. */
    private static final class BundleMessages extends AbstractMessageResolver {
        @Override
        public String resolveMessage(ITemplateContext context, Class<?> origin, String key, Object[] args) {
            Locale locale = context.getLocale();
            if (args == null || args.length == 0) {
                ResourceBundle bundle = Messages.bundle(locale);
                return bundle.containsKey(key) ? bundle.getString(key) : null; // null: Thymeleaf shows ??key??
            }
            return Messages.has(locale, key) ? Messages.text(locale, key, args) : null;
        }

        @Override
        public String createAbsentMessageRepresentation(ITemplateContext context, Class<?> origin, String key, Object[] args) {
            return "??" + key + "??";
        }
    }

    /** {@code @{/path}} → the context root + {@code /path}, without a servlet-bound Thymeleaf context. */
    private static final class ContextRootLinks extends StandardLinkBuilder {
        @Override
        protected String computeContextPath(IExpressionContext context, String base, Map<String, Object> parameters) {
            Object root = context.getVariable("contextRoot");
            return root == null ? "" : root.toString();
        }
    }
}
