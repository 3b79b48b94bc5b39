package dev.passgate.scim;

import java.io.StringReader;
import java.time.format.DateTimeFormatter;
import java.util.List;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import dev.passgate.user.User;

/** SCIM's JSON shapes: the core User schema (RFC 7643 §4.1), list and error messages (RFC 7644). */
final class ScimJson {
    /** Looked up once: {@code Json.create…} asks the class loader for the provider on every call. */
    private static final jakarta.json.spi.JsonProvider JSON = jakarta.json.spi.JsonProvider.provider();

    static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    static final String ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
    static final String PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    private ScimJson() {
    }

    static JsonObject parseObject(String body) {
        if (body == null || body.isBlank()) {
            throw ScimException.invalidSyntax("The request body is empty; send a JSON object");
        }
        try (JsonReader reader = JSON.createReader(new StringReader(body))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw ScimException.invalidSyntax("The request body must be a JSON object");
            }
            return value.asJsonObject();
        } catch (jakarta.json.JsonException e) {
            throw ScimException.invalidSyntax("The request body is not valid JSON: " + e.getMessage());
        }
    }

    /** The password is write-only (RFC 7643 §4.1.1) and never appears here. */
    static JsonObject user(User u, String location) {
        JsonObjectBuilder name = JSON.createObjectBuilder();
        addIfPresent(name, "givenName", u.givenName());
        addIfPresent(name, "familyName", u.familyName());
        String formatted = ((u.givenName() == null ? "" : u.givenName()) + " " + (u.familyName() == null ? "" : u.familyName())).trim();
        addIfPresent(name, "formatted", formatted.isEmpty() ? null : formatted);
        JsonObjectBuilder out = JSON.createObjectBuilder()
                .add("schemas", JSON.createArrayBuilder().add(USER_SCHEMA))
                .add("id", u.id())
                .add("userName", u.username())
                .add("name", name)
                .add("active", u.active());
        addIfPresent(out, "displayName", u.displayName());
        if (u.email() != null) {
            out.add("emails", JSON.createArrayBuilder().add(JSON.createObjectBuilder()
                    .add("value", u.email()).add("primary", true)));
        }
        if (u.phone() != null) {
            out.add("phoneNumbers", JSON.createArrayBuilder().add(JSON.createObjectBuilder()
                    .add("value", u.phone()).add("primary", true)));
        }
        if (!u.roles().isEmpty()) {
            JsonArrayBuilder roles = JSON.createArrayBuilder();
            u.roles().forEach(r -> roles.add(JSON.createObjectBuilder().add("value", r)));
            out.add("roles", roles);
        }
        out.add("meta", JSON.createObjectBuilder()
                .add("resourceType", "User")
                .add("created", DateTimeFormatter.ISO_INSTANT.format(u.createdAt()))
                .add("lastModified", DateTimeFormatter.ISO_INSTANT.format(u.updatedAt()))
                .add("location", location));
        return out.build();
    }

    static JsonObject list(List<JsonObject> resources, long total, int startIndex) {
        JsonArrayBuilder items = JSON.createArrayBuilder();
        resources.forEach(items::add);
        return JSON.createObjectBuilder()
                .add("schemas", JSON.createArrayBuilder().add(LIST_SCHEMA))
                .add("totalResults", total)
                .add("startIndex", startIndex)
                .add("itemsPerPage", resources.size())
                .add("Resources", items)
                .build();
    }

    static JsonObject error(ScimException e) {
        JsonObjectBuilder out = JSON.createObjectBuilder()
                .add("schemas", JSON.createArrayBuilder().add(ERROR_SCHEMA))
                .add("status", String.valueOf(e.status()))
                .add("detail", e.getMessage());
        if (e.scimType() != null) {
            out.add("scimType", e.scimType());
        }
        return out.build();
    }

    private static void addIfPresent(JsonObjectBuilder b, String name, String value) {
        if (value != null && !value.isBlank()) {
            b.add(name, value);
        }
    }
}
