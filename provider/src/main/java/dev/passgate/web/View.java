package dev.passgate.web;

import java.util.Optional;

/**
 * What a resource hands back when the answer is a page: a record of the values the page shows,
 * never HTML. {@code web/pages} renders it from {@code templates/<template()>.html} in the
 * person's language; the producer (protocol, login, ...) never sees a template.
 */
public interface View {

    /** The template's path under {@code templates/}, without {@code .html}, e.g. {@code login/identify}. */
    String template();

    /** The authorization request's {@code ui_locales}, when the page belongs to one: it wins over the browser's languages. */
    default Optional<String> uiLocales() {
        return Optional.empty();
    }
}
