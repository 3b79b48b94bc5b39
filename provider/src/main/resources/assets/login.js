// The passkey ceremonies of the login pages. The browser only carries them out: options come
// from the server, results and failures go back to it, and the server decides what follows.
'use strict';
(() => {
  const data = document.getElementById('ceremony');
  if (!data) return;
  const W = window.PassgateWebAuthn;
  const interaction = data.dataset.interaction;
  const mode = data.dataset.mode;
  const alertBox = document.getElementById('login-alert');
  const supported = !!(window.PublicKeyCredential && navigator.credentials);
  // Words come from the page (the server's message bundles), so the script speaks the page's language.
  const label = (action) => data.getAttribute('data-action-' + action);
  const CALL_TIMEOUT_MS = 20000;

  // The catalogue entry for "the server could not be reached or answered nonsense", per ceremony.
  const unavailable = (path) => {
    const setup = path.startsWith('register');
    const kind = setup ? 'setup' : 'signin';
    return { error: { code: setup ? 'setup_unavailable' : 'passkey_unavailable',
      title: data.getAttribute('data-' + kind + '-unavailable-title'),
      message: data.getAttribute('data-' + kind + '-unavailable-message'),
      actions: ['try_again', setup ? 'set_up_later' : 'use_password'] } };
  };

  // Every call answers with JSON the page can act on: a proxy's error page, an HTTP error without
  // our JSON, a timeout or a network failure all become the "unavailable" entry, never a dead page.
  const post = async (path, body) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), CALL_TIMEOUT_MS);
    try {
      const response = await fetch((data.dataset.base || '') + '/login/passkey/' + path, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': data.dataset.csrf },
        body: JSON.stringify({ interaction, ...body }),
        signal: controller.signal,
      });
      const type = response.headers.get('Content-Type') || '';
      if (!type.includes('application/json')) return unavailable(path);
      const json = await response.json();
      const usable = json && typeof json === 'object' && (json.error || json.next || json.publicKey);
      return usable && (response.ok || json.error) ? json : unavailable(path);
    } catch (ignored) {
      return unavailable(path);
    } finally {
      clearTimeout(timer);
    }
  };

  const submitForm = (id) => { const f = document.getElementById(id); if (f) f.submit(); };

  // Shows a catalogue error with its ways forward; never a silent failure.
  const showError = (error, retry, next) => {
    alertBox.className = 'alert';
    alertBox.dataset.code = error.code;
    alertBox.textContent = '';
    const strong = document.createElement('strong');
    strong.textContent = error.title + '. ';
    alertBox.append(strong, document.createTextNode(error.message));
    if (error.code && error.code.startsWith('limit_reached')) {
      // In a new tab: this login keeps going here while the person sees their passkeys there.
      const manage = document.createElement('a');
      manage.id = 'manage-passkeys';
      manage.href = (data.dataset.base || '') + '/account';
      manage.target = '_blank';
      manage.rel = 'noopener';
      manage.textContent = data.dataset.managePasskeys;
      alertBox.append(' ', manage);
    }
    // After sign-in (the offer page) there is no password to fall back to: "later" is the way out.
    const setup = mode === 'register';
    const buttons = { try_again: [label('try_again'), retry],
      use_password: setup ? [label('set_up_later'), () => submitForm('skip-form')] : [label('use_password'), () => usePassword()],
      set_up_later: [label('set_up_later'), () => submitForm('skip-form')],
      replace_oldest_passkey: [label('replace_oldest_passkey'), () => register(true)],
      restart: [label('restart'), () => (next ? window.location.assign(next) : window.location.reload())] };
    const actions = document.createElement('div');
    actions.className = 'actions';
    const shown = new Set();
    (error.actions || []).forEach((a) => {
      if (!buttons[a] || !buttons[a][1] || shown.has(buttons[a][0])) return;
      shown.add(buttons[a][0]);
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
    return undefined;
  };

  // A result either moves the page on (next) or is an error to show; anything else is "unavailable".
  // The server builds every "next" from its issuer; anything pointing elsewhere is not ours to follow.
  const sameOrigin = (url) => { try { return new URL(url, window.location.href).origin === window.location.origin; } catch (e) { return false; } };
  // WebAuthn Signal API, feature-detected and never fatal: a passkey the server says no account holds
  // (deleted here, or never ours) is forgotten by the authenticator, so it stops offering it.
  const signalUnknown = (signal) => {
    if (!signal || !signal.unknownCredential || !window.PublicKeyCredential
      || !PublicKeyCredential.signalUnknownCredential) return;
    try {
      PublicKeyCredential.signalUnknownCredential({ rpId: signal.rpId, credentialId: signal.unknownCredential }).catch(() => {});
    } catch (ignored) { /* a browser whose method throws synchronously: nothing to keep in step */ }
  };

  const follow = (result, retry, path) => {
    signalUnknown(result.signal);
    if (result.error && !result.next) return showError(result.error, retry, null);
    if (!result.next || !sameOrigin(result.next)) return showError(unavailable(path).error, retry, null);
    window.location.assign(result.next);
    return undefined;
  };

  const report = async (ceremony, err, started) => post('failure', {
    ceremony, name: (err && err.name) || 'UnknownError', elapsedMs: Math.round(performance.now() - started),
  });

  // Sign in: the account's passkeys (after the identifier) or any passkey (autofill). Autofill is
  // a quiet offer in the identifier field: when the browser turns it down (no passkey here, sheet
  // dismissed, server unreachable) nothing is shown; it is reported for the audit and re-armed once.
  let conditionalAbort = null;
  let rearmed = false;
  let leaving = false; // the identifier form was sent: autofill stays quiet from now on
  const rearm = () => {
    if (rearmed || leaving) return undefined;
    rearmed = true;
    (window.requestIdleCallback || ((f) => setTimeout(f, 1000)))(() => authenticate(true));
    return undefined;
  };
  const authenticate = async (conditional) => {
    if (conditional && leaving) return undefined;
    const options = await post('options', {});
    if (!options.publicKey) return conditional ? undefined : follow(options, () => authenticate(false), 'options');
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
      if (conditional) {
        if (err.name === 'AbortError' || leaving) return undefined; // we aborted it ourselves: the form was sent
        await report('authentication', err, started);
        return rearm();
      }
      return follow(await report('authentication', err, started), () => authenticate(false), 'failure');
    }
    return follow(await post('verify', { credential: W.credentialJSON(credential) }), () => authenticate(false), 'verify');
  };

  // Create: a new passkey after sign-in (append or autohealing).
  const register = async (replaceOldest, keep) => {
    const options = await post('register/options', {});
    if (!options.publicKey) return follow(options, () => register(replaceOldest, keep), 'register/options');
    const started = performance.now();
    let credential;
    try {
      credential = await navigator.credentials.create({ publicKey: W.creationOptions(options.publicKey) });
    } catch (err) {
      return follow(await report('registration', err, started), () => register(replaceOldest, keep), 'register/failure');
    }
    return follow(await post('register/verify', { credential: W.credentialJSON(credential), replaceOldest, keep: !!keep }),
      () => register(replaceOldest, keep), 'register/verify');
  };

  const capabilities = async () => {
    const found = { webauthn: supported, platform: false, conditional: false, hybrid: false, immediate: false };
    if (!supported) return found;
    try {
      if (PublicKeyCredential.getClientCapabilities) {
        const c = await PublicKeyCredential.getClientCapabilities();
        found.platform = !!c.userVerifyingPlatformAuthenticator;
        found.conditional = !!c.conditionalGet;
        found.hybrid = !!c.hybridTransport;
        found.immediate = !!c.immediateGet;
      }
      found.platform = found.platform || await PublicKeyCredential.isUserVerifyingPlatformAuthenticatorAvailable();
      if (PublicKeyCredential.isConditionalMediationAvailable) {
        found.conditional = found.conditional || await PublicKeyCredential.isConditionalMediationAvailable();
      }
    } catch (ignored) { /* a browser that cannot tell reports what it could */ }
    return found;
  };

  if (mode === 'conditional') {
    // The capabilities ride along with the identifier form. WebAuthn itself is known at once; the
    // rest is asked of the browser, and a form sent before the answer waits for it (at most
    // PROBE_WAIT_MS), then goes with what is known and says so in "probe".
    const PROBE_WAIT_MS = 300;
    const form = document.getElementById('identify-form');
    const fill = (found, probe) => {
      ['webauthn', 'platform', 'conditional', 'hybrid'].forEach((k) => { form.elements[k].value = String(found[k]); });
      form.elements.probe.value = probe;
    };
    fill({ webauthn: supported, platform: false, conditional: false, hybrid: false }, 'pending');
    let probed = null;
    const probing = capabilities().then((found) => { probed = found; fill(found, 'complete'); return found; });
    let waited = false;
    form.addEventListener('submit', (event) => {
      leaving = true;
      if (conditionalAbort) conditionalAbort.abort();
      if (probed || waited) return;
      event.preventDefault();
      waited = true;
      const submitter = event.submitter;
      Promise.race([probing, new Promise((r) => { setTimeout(r, PROBE_WAIT_MS); })]).then(() => {
        if (!probed) form.elements.probe.value = 'partial';
        if (form.requestSubmit) {
          form.requestSubmit(submitter);
          return;
        }
        // Browsers without requestSubmit (Safari before 15.4): carry the pressed button's value by hand.
        if (submitter && submitter.name) {
          const pressed = document.createElement('input');
          pressed.type = 'hidden';
          pressed.name = submitter.name;
          pressed.value = submitter.value;
          form.append(pressed);
        }
        form.submit();
      });
    });
    // Immediate mediation (WebAuthn L3): one button, no identifier; the browser shows its passkeys or
    // refuses at once without any UI, and then the form below is simply the way in.
    const immediateButton = document.getElementById('immediate-button');
    let autofill = false;
    const immediate = async () => {
      if (conditionalAbort) conditionalAbort.abort(); // one request at a time
      const options = await post('options', { mediation: 'immediate' });
      if (!options.publicKey) {
        if (autofill) { rearmed = false; rearm(); } // the aborted autofill comes back
        return follow(options, () => immediate(), 'options');
      }
      const started = performance.now();
      let credential;
      try {
        credential = await navigator.credentials.get({ publicKey: W.requestOptions(options.publicKey), mediation: 'immediate' });
      } catch (err) {
        immediateButton.hidden = true;
        document.getElementById('identifier').focus();
        await report('authentication', err, started); // audited; on the identifier page it counts toward nothing
        if (!autofill) return undefined;
        rearmed = false;
        return rearm(); // autofill again
      }
      return follow(await post('verify', { credential: W.credentialJSON(credential) }), () => immediate(), 'verify');
    };
    immediateButton.addEventListener('click', () => immediate());
    probing.then((found) => {
      if (found.immediate) immediateButton.hidden = false;
      autofill = found.conditional;
      if (found.conditional) authenticate(true);
    });
  } else if (mode === 'autostart' || mode === 'button') {
    const button = document.getElementById('passkey-button');
    if (!supported) {
      showError({ code: 'not_supported', title: data.getAttribute('data-not-supported-title'),
        message: data.getAttribute('data-not-supported-message'), actions: ['use_password'] }, null, null);
    } else {
      button.addEventListener('click', () => authenticate(false));
      if (mode === 'autostart') authenticate(false);
    }
  } else if (mode === 'register') {
    document.getElementById('create-passkey').addEventListener('click', () => register(false));
    const replace = document.getElementById('replace-button');
    if (replace) replace.addEventListener('click', () => register(true));
    const keep = document.getElementById('keep-button');
    if (keep) keep.addEventListener('click', () => register(false, true));
  }
})();
