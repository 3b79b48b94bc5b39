// WebAuthn options and credentials between JSON (base64url) and the browser's binary form.
// Uses the WebAuthn Level 3 JSON helpers where the browser has them, a small fallback elsewhere.
'use strict';
window.PassgateWebAuthn = (() => {
  const toBytes = (b64url) => {
    const b64 = b64url.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((b64url.length + 3) % 4);
    return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)).buffer;
  };
  const toB64url = (buffer) => {
    if (!buffer) return undefined;
    let s = '';
    new Uint8Array(buffer).forEach((b) => { s += String.fromCharCode(b); });
    return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  };
  const withIds = (list) => (list || []).map((c) => ({ ...c, id: toBytes(c.id) }));

  const requestOptions = (json) => (PublicKeyCredential.parseRequestOptionsFromJSON
    ? PublicKeyCredential.parseRequestOptionsFromJSON(json)
    : { ...json, challenge: toBytes(json.challenge), allowCredentials: withIds(json.allowCredentials) });

  const creationOptions = (json) => (PublicKeyCredential.parseCreationOptionsFromJSON
    ? PublicKeyCredential.parseCreationOptionsFromJSON(json)
    : { ...json, challenge: toBytes(json.challenge), user: { ...json.user, id: toBytes(json.user.id) },
        excludeCredentials: withIds(json.excludeCredentials) });

  const credentialJSON = (cred) => {
    try {
      if (typeof cred.toJSON === 'function') return cred.toJSON();
    } catch (ignored) { /* some browsers ship a toJSON that throws; fall through */ }
    const r = cred.response;
    const response = { clientDataJSON: toB64url(r.clientDataJSON) };
    if (r.attestationObject) {
      response.attestationObject = toB64url(r.attestationObject);
      response.transports = typeof r.getTransports === 'function' ? r.getTransports() : [];
    } else {
      response.authenticatorData = toB64url(r.authenticatorData);
      response.signature = toB64url(r.signature);
      response.userHandle = toB64url(r.userHandle);
    }
    return { id: cred.id, rawId: toB64url(cred.rawId), type: cred.type,
      authenticatorAttachment: cred.authenticatorAttachment || undefined,
      clientExtensionResults: cred.getClientExtensionResults(), response };
  };

  return { requestOptions, creationOptions, credentialJSON };
})();
