package dev.passgate.filter;

/**
 * Everything that can stop a sign-in, with what the user is told and what they can do next.
 * One catalogue, so every page reads the same way and no message is improvised at the
 * place the failure happens.
 */
enum Problem {

    SIGN_IN_CANCELLED(403, "sign_in_cancelled", "Sign-in was cancelled",
            "You chose not to sign in, so this page can't be shown.",
            "Try again"),
    PROVIDER_UNAVAILABLE(503, "temporarily_unavailable", "Sign-in is unavailable right now",
            "We couldn't reach the sign-in service. Please try again in a few minutes.",
            "Try again"),
    PROVIDER_ERROR(502, "provider_error", "Sign-in didn't work",
            "The sign-in service couldn't complete your sign-in. Please try again; if it keeps "
                    + "happening, contact the site's support and mention the details below.",
            "Try again"),
    RESPONSE_REJECTED(502, "invalid_response", "Sign-in couldn't be verified",
            "The answer from the sign-in service failed a security check, so you were not "
                    + "signed in. Please try again.",
            "Try again"),
    COOKIES_BLOCKED(400, "cookies_required", "Sign-in needs cookies",
            "Your browser didn't send back the cookie that links you to your sign-in. Allow "
                    + "cookies for this site, then try again.",
            "Try again"),
    SIGN_IN_REQUIRED(401, "login_required", "Sign-in required",
            "Sign in first, then repeat this request.",
            "Sign in");

    final int status;
    final String code;
    final String title;
    final String message;
    final String action;

    Problem(int status, String code, String title, String message, String action) {
        this.status = status;
        this.code = code;
        this.title = title;
        this.message = message;
        this.action = action;
    }
}
