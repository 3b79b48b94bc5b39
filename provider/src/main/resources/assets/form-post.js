// Posts the authorization response to the client (OAuth 2.0 Form Post Response Mode).
// A file rather than inline script, so the Content-Security-Policy can forbid inline script.
document.getElementById('form-post').submit();
