package dev.passgate.passkey;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.json.Json;
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
    /** The name when the AAGUID is unknown, all zeros, or the list is unavailable. */
    public static final String NEUTRAL = "Passkey";
    static final String RESOURCE = "/passkey/aaguid.json";

    private static final Logger LOG = Logger.getLogger(AuthenticatorNames.class.getName());

    private final Supplier<InputStream> source;
    private volatile Map<UUID, String> names;

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

    /** The provider's name for this AAGUID, or {@value #NEUTRAL}. */
    public String nameOf(UUID aaguid) {
        Map<UUID, String> loaded = names;
        if (loaded == null) {
            synchronized (this) {
                if (names == null) {
                    names = load();
                }
                loaded = names;
            }
        }
        return aaguid == null ? NEUTRAL : loaded.getOrDefault(aaguid, NEUTRAL);
    }

    private Map<UUID, String> load() {
        try (InputStream in = source.get()) {
            if (in == null) {
                LOG.warning("No AAGUID list at " + RESOURCE + "; passkeys get the neutral name");
                return Map.of();
            }
            try (JsonReader reader = Json.createReader(in)) {
                return names(reader.readObject());
            }
        } catch (IOException | RuntimeException e) { // jakarta.json reports bad JSON as JsonException
            LOG.log(Level.WARNING, "Unreadable AAGUID list; passkeys get the neutral name", e);
            return Map.of();
        }
    }

    private static Map<UUID, String> names(JsonObject list) {
        Map<UUID, String> names = new HashMap<>();
        for (Map.Entry<String, JsonValue> entry : list.entrySet()) {
            UUID aaguid;
            try {
                aaguid = UUID.fromString(entry.getKey());
            } catch (IllegalArgumentException notAnAaguid) {
                continue;
            }
            if (entry.getValue() instanceof JsonObject value
                    && value.get("name") instanceof JsonString name && !name.getString().isBlank()) {
                names.put(aaguid, name.getString().strip());
            }
        }
        return Map.copyOf(names);
    }
}
