// The account pages' passkey calls: add a passkey here, and keep the person's authenticators in step
// with the server through the WebAuthn Signal API. Options come from the server, results go back to
// it, and every failure is shown with a way forward.
'use strict';
(() => {
  const data = document.getElementById('account-data');
  if (!data) return;
  const W = window.PassgateWebAuthn;
  const alertBox = document.getElementById('account-alert');
  const supported = !!(window.PublicKeyCredential && navigator.credentials);
  const CALL_TIMEOUT_MS = 20000;
  const base = data.dataset.base || '';

  const unavailable = () => ({ error: { code: 'setup_unavailable', title: data.dataset.setupUnavailableTitle,
    message: data.dataset.setupUnavailableMessage, actions: ['try_again'] } });

  // Every call answers with JSON the page can act on; a proxy error page, a timeout or a network
  // failure becomes "set-up unavailable" with "Try again", never a dead button.
  const post = async (path, body) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), CALL_TIMEOUT_MS);
    try {
      const response = await fetch(base + '/account/passkeys/' + path, {
        method: 'POST', credentials: 'same-origin', signal: controller.signal,
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': data.dataset.csrf },
        body: JSON.stringify(body || {}),
      });
      const type = response.headers.get('Content-Type') || '';
      if (!type.includes('application/json')) return unavailable();
      const json = await response.json();
      return json && typeof json === 'object' && (json.error || json.next || json.publicKey) ? json : unavailable();
    } catch (ignored) {
      return unavailable();
    } finally {
      clearTimeout(timer);
    }
  };

  const sameOrigin = (url) => { try { return new URL(url, window.location.href).origin === window.location.origin; } catch (e) { return false; } };

  const showError = (error) => {
    alertBox.className = 'alert';
    alertBox.dataset.code = error.code;
    alertBox.textContent = '';
    const strong = document.createElement('strong');
    strong.textContent = error.title + '. ';
    alertBox.append(strong, document.createTextNode(error.message));
    if ((error.actions || []).includes('try_again')) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'secondary';
      b.textContent = data.dataset.actionTry_again;
      b.addEventListener('click', () => add());
      alertBox.append(b);
    }
    if (error.next && sameOrigin(error.next)) {
      const a = document.createElement('a');
      a.href = error.next;
      a.textContent = data.dataset.actionTry_again;
      alertBox.append(' ', a);
    }
  };

  const follow = (result) => {
    if (result.error) return showError(Object.assign({}, result.error, { next: result.next }));
    if (!result.next || !sameOrigin(result.next)) return showError(unavailable().error);
    window.location.assign(result.next);
    return undefined;
  };

  const add = async () => {
    if (!supported) {
      return showError({ code: 'not_supported', title: data.dataset.notSupportedTitle,
        message: data.dataset.notSupportedMessage, actions: [] });
    }
    const options = await post('options');
    if (!options.publicKey) return follow(options);
    const started = performance.now();
    let credential;
    try {
      credential = await navigator.credentials.create({ publicKey: W.creationOptions(options.publicKey) });
    } catch (err) {
      return follow(await post('failure', { name: (err && err.name) || 'UnknownError',
        elapsedMs: Math.round(performance.now() - started) }));
    }
    return follow(await post('verify', { credential: W.credentialJSON(credential) }));
  };

  const button = document.getElementById('add-passkey');
  if (button) button.addEventListener('click', () => add());

  // WebAuthn Signal API (feature-detected, never fatal): the credentials this account still accepts,
  // so an authenticator hides one deleted here or by support; and the names it should show.
  const handle = data.dataset.userHandle;
  if (supported && handle) {
    const rpId = data.dataset.rpId;
    const ids = (data.dataset.acceptedIds || '').split(' ').filter((s) => s);
    try {
      if (PublicKeyCredential.signalAllAcceptedCredentials) {
        PublicKeyCredential.signalAllAcceptedCredentials({ rpId, userId: handle, allAcceptedCredentialIds: ids }).catch(() => {});
      }
      if (PublicKeyCredential.signalCurrentUserDetails) {
        PublicKeyCredential.signalCurrentUserDetails({ rpId, userId: handle, name: data.dataset.username,
          displayName: data.dataset.displayName }).catch(() => {});
      }
    } catch (ignored) { /* a browser whose signal methods throw synchronously: nothing to keep in step */ }
  }
})();
