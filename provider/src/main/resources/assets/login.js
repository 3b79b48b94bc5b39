// The passkey ceremonies of the login pages. The browser only carries them out: options come
// from the server, results and failures go back to it, and the server decides what follows.
'use strict';
(() => {
  const data = document.getElementById('ceremony');
  if (!data) return;
  const W = window.PassgateWebAuthn;
  const interaction = data.dataset.interaction;
  const alertBox = document.getElementById('login-alert');
  const supported = !!(window.PublicKeyCredential && navigator.credentials);
  // Words come from the page (the server's message bundles), so the script speaks the page's language.
  const label = (action) => data.getAttribute('data-action-' + action);

  const post = async (path, body) => {
    const response = await fetch((data.dataset.base || '') + '/login/passkey/' + path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': data.dataset.csrf },
      body: JSON.stringify({ interaction, ...body }),
    });
    return response.json();
  };

  const submitForm = (id) => { const f = document.getElementById(id); if (f) f.submit(); };

  // Shows a catalogue error with its ways forward; never a silent failure.
  const showError = (error, retry) => {
    alertBox.className = 'alert';
    alertBox.dataset.code = error.code;
    alertBox.textContent = '';
    const strong = document.createElement('strong');
    strong.textContent = error.title + '. ';
    alertBox.append(strong, document.createTextNode(error.message));
    const buttons = { try_again: [label('try_again'), retry], use_password: [label('use_password'), () => usePassword()],
      set_up_later: [label('set_up_later'), () => submitForm('skip-form')],
      replace_oldest_passkey: [label('replace_oldest_passkey'), () => register(true)],
      restart: [label('restart'), () => window.location.reload()] };
    const actions = document.createElement('div');
    actions.className = 'actions';
    (error.actions || []).forEach((a) => {
      if (!buttons[a] || !buttons[a][1]) return;
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'secondary';
      b.textContent = buttons[a][0];
      b.addEventListener('click', buttons[a][1]);
      actions.append(b);
    });
    alertBox.append(actions);
  };

  const usePassword = () => {
    if (document.getElementById('password-switch')) return submitForm('password-switch');
    const form = document.getElementById('identify-form');
    if (form) form.requestSubmit(form.querySelector('button[value="password"]'));
  };

  const follow = (result, retry) => {
    if (result.error && !result.next) return showError(result.error, retry);
    window.location.assign(result.next);
    return undefined;
  };

  const report = async (ceremony, err, started) => post('failure', {
    ceremony, name: (err && err.name) || 'UnknownError', elapsedMs: Math.round(performance.now() - started),
  });

  // Sign in: the account's passkeys (after the identifier) or any passkey (autofill).
  let conditionalAbort = null;
  const authenticate = async (conditional) => {
    const options = await post('options', {});
    if (options.error) return follow(options, () => authenticate(false));
    const request = { publicKey: W.requestOptions(options.publicKey) };
    if (conditional) {
      conditionalAbort = new AbortController();
      request.mediation = 'conditional';
      request.signal = conditionalAbort.signal;
    }
    const started = performance.now();
    let credential;
    try {
      credential = await navigator.credentials.get(request);
    } catch (err) {
      if (conditional && err.name === 'AbortError') return undefined; // we aborted it ourselves: the form was sent
      return follow(await report('authentication', err, started), () => authenticate(false));
    }
    return follow(await post('verify', { credential: W.credentialJSON(credential) }), () => authenticate(false));
  };

  // Create: a new passkey after sign-in (append or autohealing).
  const register = async (replaceOldest) => {
    const options = await post('register/options', {});
    if (options.error) return follow(options, () => register(replaceOldest));
    const started = performance.now();
    let credential;
    try {
      credential = await navigator.credentials.create({ publicKey: W.creationOptions(options.publicKey) });
    } catch (err) {
      return follow(await report('registration', err, started), () => register(replaceOldest));
    }
    return follow(await post('register/verify', { credential: W.credentialJSON(credential), replaceOldest }),
      () => register(replaceOldest));
  };

  const capabilities = async () => {
    const found = { webauthn: supported, platform: false, conditional: false, hybrid: false };
    if (!supported) return found;
    try {
      if (PublicKeyCredential.getClientCapabilities) {
        const c = await PublicKeyCredential.getClientCapabilities();
        found.platform = !!c.userVerifyingPlatformAuthenticator;
        found.conditional = !!c.conditionalGet;
        found.hybrid = !!c.hybridTransport;
      }
      found.platform = found.platform || await PublicKeyCredential.isUserVerifyingPlatformAuthenticatorAvailable();
      if (PublicKeyCredential.isConditionalMediationAvailable) {
        found.conditional = found.conditional || await PublicKeyCredential.isConditionalMediationAvailable();
      }
    } catch (ignored) { /* a browser that cannot tell reports what it could */ }
    return found;
  };

  const mode = data.dataset.mode;
  if (mode === 'conditional') {
    // The capabilities ride along with the identifier form; until they are known the form says
    // "no WebAuthn", which only means the password is offered.
    const form = document.getElementById('identify-form');
    form.addEventListener('submit', () => { if (conditionalAbort) conditionalAbort.abort(); });
    capabilities().then((found) => {
      ['webauthn', 'platform', 'conditional', 'hybrid'].forEach((k) => { form.elements[k].value = String(found[k]); });
      if (found.conditional) authenticate(true);
    });
  } else if (mode === 'autostart' || mode === 'button') {
    const button = document.getElementById('passkey-button');
    if (!supported) {
      showError({ code: 'not_supported', title: data.getAttribute('data-not-supported-title'),
        message: data.getAttribute('data-not-supported-message'), actions: ['use_password'] }, null);
    } else {
      button.addEventListener('click', () => authenticate(false));
      if (mode === 'autostart') authenticate(false);
    }
  } else if (mode === 'register') {
    document.getElementById('create-passkey').addEventListener('click', () => register(false));
    const replace = document.getElementById('replace-button');
    if (replace) replace.addEventListener('click', () => register(true));
  }
})();
