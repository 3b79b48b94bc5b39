package dev.passgate.web;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * A page that says what went wrong and what to do next ({@code templates/error.html}).
 *
 * @param titleKey   message key of the heading
 * @param messageKey message key of the explanation, filled with {@code args}
 * @param nextKey    message key of the sentence that says what to do next, when there is one
 * @param restart    a "Start again" link, when the original request can be repeated
 */
public record ErrorView(String titleKey, String messageKey, List<Object> args, Optional<String> nextKey,
                        Optional<URI> restart, Optional<String> uiLocales) implements View {

    public ErrorView {
        args = List.copyOf(args);
    }

    public static ErrorView of(String titleKey, String messageKey, Object... args) {
        return new ErrorView(titleKey, messageKey, List.of(args), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public ErrorView next(String key) {
        return new ErrorView(titleKey, messageKey, args, Optional.of(key), restart, uiLocales);
    }

    public ErrorView restartAt(Optional<URI> uri) {
        return new ErrorView(titleKey, messageKey, args, nextKey, uri, uiLocales);
    }

    @Override
    public String template() {
        return "error";
    }

    /** For the template: the arguments as an array, as message expressions take them. */
    public Object[] argArray() {
        return args.toArray();
    }
}
