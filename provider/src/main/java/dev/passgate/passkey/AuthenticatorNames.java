package dev.passgate.passkey;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Names passkeys after their provider ("iCloud Keychain", "Google Password Manager") from the community
 * AAGUID list shipped at {@value #RESOURCE}. The AAGUID is the authenticator's own unattested claim: good for
 * a label in the account pages, never for a security decision.
 *
 * <p>The list is read once, on first lookup. Its maintainers may retire it by publishing an empty object;
 * an empty, missing or malformed list gives every passkey the neutral name {@value #NEUTRAL} and never
 * fails a registration.
 */
public final class AuthenticatorNames {
    /** Looked up once: {@code Json.create…} asks the class loader for the provider on every call. */
    private static final jakarta.json.spi.JsonProvider JSON = jakarta.json.spi.JsonProvider.provider();

    /** The name when the AAGUID is unknown, all zeros, or the list is unavailable. */
    public static final String NEUTRAL = "Passkey";
    static final String RESOURCE = "/passkey/aaguid.json";
    private static final java.util.regex.Pattern ICON =
            java.util.regex.Pattern.compile("data:image/(png|jpeg|webp|svg\\+xml);base64,[A-Za-z0-9+/=]{1,200000}");

    private static final Logger LOG = Logger.getLogger(AuthenticatorNames.class.getName());

    private final Supplier<InputStream> source;
    private volatile Map<UUID, Entry> names;

    /** What the list says of one authenticator model. */
    private record Entry(String name, Optional<String> icon) {
    }

    /** The list shipped with the provider. */
    public AuthenticatorNames() {
        this(() -> AuthenticatorNames.class.getResourceAsStream(RESOURCE));
    }

    /**
     * @param source opens the list (a JSON object keyed by AAGUID, each value with a {@code name}); may return
     *               null when there is none. Called at most once.
     */
    public AuthenticatorNames(Supplier<InputStream> source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    /**
     * The shipped list, with the entries of {@code overrides} (same format) added or taking precedence: an
     * organisation naming its own security keys. An unreadable override file stops start-up, naming it.
     */
    public static AuthenticatorNames withOverrides(Optional<java.nio.file.Path> overrides) {
        if (overrides.isEmpty()) {
            return new AuthenticatorNames();
        }
        java.nio.file.Path file = overrides.get();
        Map<UUID, Entry> extra;
        try (JsonReader reader = JSON.createReader(java.nio.file.Files.newInputStream(file))) {
            extra = names(reader.readObject());
        } catch (IOException | RuntimeException e) {
            throw new dev.passgate.config.SettingsException("passgate.passkeys.names-file", file + " is not a readable"
                    + " JSON object of AAGUIDs to {\"name\": ...}: " + e.getMessage());
        }
        AuthenticatorNames shipped = new AuthenticatorNames();
        AuthenticatorNames merged = new AuthenticatorNames(() -> null);
        Map<UUID, Entry> all = new HashMap<>(shipped.loaded());
        all.putAll(extra);
        merged.names = Map.copyOf(all);
        return merged;
    }

    private Map<UUID, Entry> loaded() {
        entry(null);
        return names;
    }

    /** The provider's name for this AAGUID, or {@value #NEUTRAL}. */
    public String nameOf(UUID aaguid) {
        return entry(aaguid).map(Entry::name).orElse(NEUTRAL);
    }

    /**
     * The provider's icon for this AAGUID, as the list ships it: an image {@code data:} URI (light theme), for an
     * {@code <img>} only, where an SVG can run no script. Anything but a base64 PNG, JPEG, WebP or SVG data URI
     * is ignored.
     */
    public Optional<String> iconOf(UUID aaguid) {
        return entry(aaguid).flatMap(Entry::icon);
    }

    private Optional<Entry> entry(UUID aaguid) {
        Map<UUID, Entry> loaded = names;
        if (loaded == null) {
            synchronized (this) {
                if (names == null) {
                    names = load();
                }
                loaded = names;
            }
        }
        return aaguid == null ? Optional.empty() : Optional.ofNullable(loaded.get(aaguid));
    }

    private Map<UUID, Entry> load() {
        try (InputStream in = source.get()) {
            if (in == null) {
                LOG.warning("No AAGUID list at " + RESOURCE + "; passkeys get the neutral name");
                return Map.of();
            }
            try (JsonReader reader = JSON.createReader(in)) {
                return names(reader.readObject());
            }
        } catch (IOException | RuntimeException e) { // jakarta.json reports bad JSON as JsonException
            LOG.log(Level.WARNING, "Unreadable AAGUID list; passkeys get the neutral name", e);
            return Map.of();
        }
    }

    private static Map<UUID, Entry> names(JsonObject list) {
        Map<UUID, Entry> names = new HashMap<>();
        for (Map.Entry<String, JsonValue> entry : list.entrySet()) {
            UUID aaguid;
            try {
                aaguid = UUID.fromString(entry.getKey());
            } catch (IllegalArgumentException notAnAaguid) {
                continue;
            }
            if (entry.getValue() instanceof JsonObject value
                    && value.get("name") instanceof JsonString name && !name.getString().isBlank()) {
                Optional<String> icon = value.get("icon_light") instanceof JsonString i && ICON.matcher(i.getString()).matches()
                        ? Optional.of(i.getString()) : Optional.empty();
                names.put(aaguid, new Entry(name.getString().strip(), icon));
            }
        }
        return Map.copyOf(names);
    }
}
