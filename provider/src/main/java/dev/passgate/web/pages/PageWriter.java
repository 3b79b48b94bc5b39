package dev.passgate.web.pages;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.inject.Inject;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;

import dev.passgate.config.PassgateSettings;
import dev.passgate.i18n.Languages;
import dev.passgate.web.View;

/**
 * Turns a {@link View} returned by any resource into its HTML page, in the language chosen from
 * the view's {@code ui_locales}, then {@code Accept-Language}, then the default. Rendering
 * completes in memory before a byte is written, so a failing template never sends half a page.
 */
@Provider
@Produces(MediaType.TEXT_HTML)
public class PageWriter implements MessageBodyWriter<View> {
    private static final Logger LOG = Logger.getLogger(PageWriter.class.getName());

    @Inject
    Pages pages;
    @Inject
    Languages languages;
    @Context
    HttpHeaders headers;
    @Inject
    PassgateSettings settings;

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return View.class.isAssignableFrom(type);
    }

    @Override
    public void writeTo(View view, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                        MultivaluedMap<String, Object> httpHeaders, OutputStream out) throws IOException {
        Locale locale = languages.choose(view.uiLocales(), headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE));
        httpHeaders.putSingle("Content-Language", locale.toLanguageTag());
        String page;
        try {
            // The issuer's path, not the request's context path: a proxy may map one onto the other.
            page = pages.render(view, locale, settings.issuer().getRawPath() == null ? "" : settings.issuer().getRawPath());
        } catch (RuntimeException e) {
            // Every template rendered at start-up (Pages.checkAll), so this is a view the samples did not cover.
            LOG.log(Level.SEVERE, "Page " + view.template() + " could not be rendered", e);
            httpHeaders.putSingle("Content-Type", "text/plain; charset=UTF-8");
            page = "This page could not be shown because of a problem on our side. Go back and try again.\n";
        }
        out.write(page.getBytes(StandardCharsets.UTF_8));
    }
}
