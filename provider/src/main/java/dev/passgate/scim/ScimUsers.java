package dev.passgate.scim;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import java.util.function.Supplier;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import dev.passgate.password.PasswordHasher;
import dev.passgate.protocol.token.GrantStore;
import dev.passgate.password.PasswordPolicy;
import dev.passgate.user.User;
import dev.passgate.user.UserListing;
import dev.passgate.user.UserStore;

/**
 * SCIM 2.0 user provisioning (RFC 7643 / 7644) over the account store. Every change is computed
 * in full and validated before anything is written, so a bad request leaves the account as it was.
 */
public final class ScimUsers {
    /** Looked up once: {@code Json.create…} asks the class loader for the provider on every call. */
    private static final jakarta.json.spi.JsonProvider JSON = jakarta.json.spi.JsonProvider.provider();

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9 ().-]{5,30}");
    /** The one filter supported (RFC 7644 §3.4.2.2): enough for provisioning clients to look up a user. */
    private static final Pattern USERNAME_EQ = Pattern.compile("(?i)\\s*userName\\s+eq\\s+\"((?:[^\"\\\\]|\\\\.)*)\"\\s*");

    private final UserStore users;
    private final UserListing listing;
    private final GrantStore grants;
    private final java.util.function.Consumer<String> signOutEverywhere;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final Clock clock;

    /** @param signOutEverywhere ends every session of an account and tells its applications */
    private final dev.passgate.audit.AuditLog audit;

    public ScimUsers(UserStore users, UserListing listing, GrantStore grants, java.util.function.Consumer<String> signOutEverywhere,
                     PasswordHasher hasher, PasswordPolicy policy, dev.passgate.audit.AuditLog audit, Clock clock) {
        this.audit = audit;
        this.users = users;
        this.listing = listing;
        this.grants = grants;
        this.signOutEverywhere = signOutEverywhere;
        this.hasher = hasher;
        this.policy = policy;
        this.clock = clock;
    }

    public User create(JsonObject json) {
        String userName = requiredUserName(json);
        User user = User.create(UUID.randomUUID().toString(), userName, clock.instant());
        for (Map.Entry<String, JsonValue> attr : json.entrySet()) {
            user = apply(user, attr.getKey(), attr.getValue());
        }
        User complete = user;
        User created = store(() -> users.create(complete));
        if (!created.roles().isEmpty()) {
            rolesSet(created.id(), created.roles());
        }
        return created;
    }

    public User get(String id) {
        return users.findById(id).orElseThrow(() -> ScimException.notFound(id));
    }

    /** PUT (RFC 7644 §3.5.1): replaces every writable attribute; those not sent are cleared. */
    public User replace(String id, JsonObject json) {
        String userName = requiredUserName(json);
        return changed(id, () -> users.update(id, current -> {
            User blank = new User(current.id(), userName, null, false, null, false, null, null, null,
                    current.passwordHash(), true, current.passwordChangeRequired(), List.of(), current.createdAt(), current.updatedAt());
            for (Map.Entry<String, JsonValue> attr : json.entrySet()) {
                blank = apply(blank, attr.getKey(), attr.getValue());
            }
            return blank;
        })).orElseThrow(() -> ScimException.notFound(id));
    }

    /** PATCH (RFC 7644 §3.5.2): add, replace and remove on the supported attribute paths. */
    public User patch(String id, JsonObject json) {
        JsonValue schemas = json.get("schemas");
        if (!(schemas instanceof JsonArray a) || !a.contains(JSON.createValue(ScimJson.PATCH_SCHEMA))) {
            throw ScimException.invalidSyntax("A PATCH body must have schemas [\"" + ScimJson.PATCH_SCHEMA + "\"]");
        }
        JsonValue ops = json.get("Operations");
        if (!(ops instanceof JsonArray operations) || operations.isEmpty()) {
            throw ScimException.invalidSyntax("A PATCH body needs a non-empty Operations array");
        }
        return changed(id, () -> users.update(id, current -> {
            User u = current;
            for (JsonValue op : operations) {
                u = operation(u, op);
            }
            return u;
        })).orElseThrow(() -> ScimException.notFound(id));
    }

    /**
     * A change that ends what the account's tokens stand for — a new password, a deactivation —
     * revokes them all, offline_access included (DESIGN.md: sessions own their tokens).
     */
    private Optional<User> changed(String id, java.util.function.Supplier<Optional<User>> change) {
        Optional<User> before = users.findById(id);
        Optional<User> after = store(change);
        after.ifPresent(a -> before.ifPresent(b -> {
            boolean newPassword = !java.util.Objects.equals(a.passwordHash(), b.passwordHash());
            if (newPassword || (b.active() && !a.active())) {
                endEverything(id);
            }
            if (!new java.util.HashSet<>(a.roles()).equals(new java.util.HashSet<>(b.roles()))) {
                rolesSet(id, a.roles());
            }
        }));
        return after;
    }

    /** Roles decide who may use the support console: every change of them is in the trail, whoever made it. */
    private void rolesSet(String id, List<String> roles) {
        audit.record(new dev.passgate.audit.AuditEvent(clock.instant(), "scim.roles", Optional.of(id), "OK",
                "roles=" + String.join(",", roles)));
    }

    /** Sessions and logins under way first (no new grant can start), then every grant; both, whatever fails. */
    private void endEverything(String id) {
        try {
            signOutEverywhere.accept(id);
        } finally {
            grants.revokeForUser(id, clock.instant());
        }
    }

    public void delete(String id) {
        if (users.findById(id).isPresent()) {
            endEverything(id); // the applications hear of it; the cascade alone would leave them signed in
        }
        if (!users.delete(id)) {
            throw ScimException.notFound(id);
        }
    }

    /** @param startIndex 1-based, as in SCIM */
    public List<User> list(String filter, int startIndex, int count) {
        if (filter != null && !filter.isBlank()) {
            return users.findByIdentifier(userNameFilter(filter))
                    .filter(u -> u.username().equalsIgnoreCase(userNameFilter(filter)))
                    .map(List::of).orElse(List.of());
        }
        return listing.list(startIndex - 1, count);
    }

    public long total(String filter) {
        return filter != null && !filter.isBlank() ? list(filter, 1, 1).size() : listing.count();
    }

    private static String userNameFilter(String filter) {
        Matcher m = USERNAME_EQ.matcher(filter);
        if (!m.matches()) {
            throw new ScimException(400, "invalidFilter", "Only the filter userName eq \"...\" is supported");
        }
        return m.group(1).replace("\\\"", "\"").replace("\\\\", "\\");
    }

    private User operation(User u, JsonValue raw) {
        if (!(raw instanceof JsonObject op) || !(op.get("op") instanceof JsonString opName)) {
            throw ScimException.invalidSyntax("Each operation needs an \"op\" of add, replace or remove");
        }
        String kind = opName.getString().toLowerCase(Locale.ROOT);
        Optional<String> path = op.get("path") instanceof JsonString p ? Optional.of(p.getString()) : Optional.empty();
        JsonValue value = op.get("value");
        switch (kind) {
            case "remove" -> {
                return apply(u, path.orElseThrow(() -> new ScimException(400, "noTarget",
                        "A remove operation needs a path")), JsonValue.NULL);
            }
            case "add", "replace" -> {
                if (value == null) {
                    throw ScimException.invalidSyntax("The " + kind + " operation needs a value");
                }
                if (path.isPresent()) {
                    return apply(u, path.get(), value);
                }
                if (!(value instanceof JsonObject attributes)) {
                    throw ScimException.invalidSyntax("Without a path, the value must be an object of attributes");
                }
                for (Map.Entry<String, JsonValue> attr : attributes.entrySet()) {
                    u = apply(u, attr.getKey(), attr.getValue());
                }
                return u;
            }
            default -> throw ScimException.invalidSyntax("Unknown op \"" + opName.getString() + "\"; use add, replace or remove");
        }
    }

    /** Sets (or with JSON null clears) one attribute; attribute names are case-insensitive (RFC 7643 §2.1). */
    private User apply(User u, String attribute, JsonValue value) {
        boolean clear = value == null || value.getValueType() == JsonValue.ValueType.NULL;
        switch (attribute.toLowerCase(Locale.ROOT)) {
            case "schemas", "id", "meta", "externalid" -> {
                return u; // read-only or informational: ignored, as RFC 7643 §2.2 allows
            }
            case "username" -> {
                if (clear) {
                    throw new ScimException(400, "mutability", "userName is required and cannot be removed");
                }
                return u.withUsername(checkedUserName(string(attribute, value)));
            }
            case "active" -> {
                if (clear || !(value == JsonValue.TRUE || value == JsonValue.FALSE)) {
                    throw ScimException.invalidValue("active must be true or false");
                }
                return u.withActive(value == JsonValue.TRUE);
            }
            case "displayname" -> {
                return u.withName(u.givenName(), u.familyName(), clear ? null : string(attribute, value));
            }
            case "name" -> {
                if (clear) {
                    return u.withName(null, null, u.displayName());
                }
                if (!(value instanceof JsonObject name)) {
                    throw ScimException.invalidValue("name must be an object with givenName and familyName");
                }
                return u.withName(optString(name, "givenName"), optString(name, "familyName"), u.displayName());
            }
            case "name.givenname" -> {
                return u.withName(clear ? null : string(attribute, value), u.familyName(), u.displayName());
            }
            case "name.familyname" -> {
                return u.withName(u.givenName(), clear ? null : string(attribute, value), u.displayName());
            }
            case "emails" -> {
                String email = clear ? null : primaryValue(attribute, value);
                if (email != null && !EMAIL.matcher(email).matches()) {
                    throw ScimException.invalidValue("\"" + email + "\" is not an email address");
                }
                return u.withEmail(email, email != null && email.equalsIgnoreCase(u.email()) && u.emailVerified());
            }
            case "phonenumbers" -> {
                String phone = clear ? null : primaryValue(attribute, value);
                if (phone != null && !PHONE.matcher(phone).matches()) {
                    throw ScimException.invalidValue("\"" + phone + "\" is not a phone number; use international form, e.g. +41 44 668 18 00");
                }
                return u.withPhone(phone, phone != null && phone.equals(u.phone()) && u.phoneVerified());
            }
            case "roles" -> {
                if (clear) {
                    return u.withRoles(List.of());
                }
                if (!(value instanceof JsonArray array)) {
                    throw ScimException.invalidValue("roles must be an array of {\"value\": ...} objects");
                }
                List<String> roles = new java.util.ArrayList<>();
                for (JsonValue item : array) {
                    if (!(item instanceof JsonObject o) || !(o.get("value") instanceof JsonString v)
                            || !v.getString().matches("[A-Za-z0-9_.:-]{1,64}")) {
                        throw ScimException.invalidValue("each role needs a value of letters, digits, '_', '.', ':' or '-'");
                    }
                    roles.add(v.getString());
                }
                return u.withRoles(roles);
            }
            case "password" -> {
                if (clear) {
                    return u.withPasswordHash(null);
                }
                String password = string(attribute, value);
                policy.problemWith(password).ifPresent(problem -> {
                    throw ScimException.invalidValue(problem);
                });
                return u.withPasswordHash(hasher.hash(password));
            }
            default -> throw new ScimException(400, "invalidPath", "Attribute \"" + attribute + "\" is not supported;"
                    + " use userName, name, displayName, emails, phoneNumbers, roles, active or password");
        }
    }

    private static String requiredUserName(JsonObject json) {
        if (!(json.get("userName") instanceof JsonString s) || s.getString().isBlank()) {
            throw ScimException.invalidValue("userName is required");
        }
        return checkedUserName(s.getString());
    }

    private static String checkedUserName(String userName) {
        String trimmed = userName.trim();
        if (trimmed.isEmpty() || trimmed.length() > 255 || trimmed.chars().anyMatch(Character::isISOControl)) {
            throw ScimException.invalidValue("userName must be 1 to 255 printable characters");
        }
        return trimmed;
    }

    private static String string(String attribute, JsonValue value) {
        if (!(value instanceof JsonString s)) {
            throw ScimException.invalidValue(attribute + " must be a string");
        }
        return s.getString();
    }

    private static String optString(JsonObject o, String name) {
        return o.get(name) instanceof JsonString s && !s.getString().isBlank() ? s.getString() : null;
    }

    /** Multi-valued attributes: Passgate keeps one email and one phone, the primary (or else the first). */
    private static String primaryValue(String attribute, JsonValue value) {
        if (!(value instanceof JsonArray array)) {
            throw ScimException.invalidValue(attribute + " must be an array of {\"value\": ...} objects");
        }
        if (array.isEmpty()) {
            return null;
        }
        JsonObject chosen = null;
        for (JsonValue item : array) {
            if (!(item instanceof JsonObject o) || !(o.get("value") instanceof JsonString)) {
                throw ScimException.invalidValue(attribute + " entries must be objects with a string value");
            }
            if (chosen == null || o.getBoolean("primary", false)) {
                chosen = o;
            }
        }
        return chosen.getString("value").trim();
    }

    private static <T> T store(Supplier<T> write) {
        try {
            return write.get();
        } catch (UserStore.DuplicateUserException e) {
            throw new ScimException(409, "uniqueness", "Another user already has this userName or email");
        }
    }
}
