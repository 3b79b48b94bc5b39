package dev.passgate.protocol.authorize;

import java.net.URI;
import java.util.List;

import dev.passgate.web.View;

/** The page that posts an authorization response to the client (OAuth 2.0 Form Post Response Mode). */
public record FormPostView(URI target, List<Field> fields) implements View {

    public record Field(String name, String value) {
    }

    public FormPostView {
        fields = List.copyOf(fields);
    }

    @Override
    public String template() {
        return "form-post";
    }
}
