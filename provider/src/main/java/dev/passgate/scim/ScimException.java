package dev.passgate.scim;

/** A SCIM error (RFC 7644 §3.12): HTTP status, optional {@code scimType}, and a detail a person can act on. */
public class ScimException extends RuntimeException {
    private final int status;
    private final String scimType;

    public ScimException(int status, String scimType, String detail) {
        super(detail);
        this.status = status;
        this.scimType = scimType;
    }

    public int status() {
        return status;
    }

    public String scimType() {
        return scimType;
    }

    public static ScimException invalidValue(String detail) {
        return new ScimException(400, "invalidValue", detail);
    }

    public static ScimException invalidSyntax(String detail) {
        return new ScimException(400, "invalidSyntax", detail);
    }

    public static ScimException notFound(String id) {
        return new ScimException(404, null, "No user with id " + id);
    }
}
