package dev.passgate;

import dev.passgate.account.AccountCeremonyStore;
import dev.passgate.account.AccountPasskeys;
import dev.passgate.account.AccountSettings;
import dev.passgate.account.AccountSignIn;
import dev.passgate.persistence.JpaAccountCeremonyStore;

import java.time.Clock;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.ConfigProvider;

import dev.passgate.config.ConfigReader;
import dev.passgate.config.DeliverySettings;
import dev.passgate.config.PassgateSettings;
import dev.passgate.config.WebAuthnSettings;
import dev.passgate.interaction.InteractionStore;
import dev.passgate.audit.AuditLog;
import dev.passgate.login.DeviceCookie;
import dev.passgate.login.LoginFlow;
import dev.passgate.login.LoginState;
import dev.passgate.login.LoginStep;
import dev.passgate.login.web.LoginGate;
import dev.passgate.login.web.LoginResponses;
import dev.passgate.login.LoginSettings;
import dev.passgate.login.LoginTransactionStore;
import dev.passgate.login.PasskeyErrorClassifier;
import dev.passgate.login.CodeLockout;
import dev.passgate.notify.NoticeSettings;
import dev.passgate.notify.NoticeStore;
import dev.passgate.notify.Notifier;
import dev.passgate.persistence.JpaNoticeStore;
import dev.passgate.login.PasswordThrottle;
import dev.passgate.login.intelligence.PasskeyIntelligence;
import dev.passgate.login.steps.IdentifyStep;
import dev.passgate.login.steps.LoginSteps;
import dev.passgate.login.steps.NewPasswordStep;
import dev.passgate.login.steps.OfferPasskeyStep;
import dev.passgate.login.steps.PasskeyStep;
import dev.passgate.login.steps.PasswordStep;
import dev.passgate.login.steps.SecondFactorStep;
import dev.passgate.otp.Deliveries;
import dev.passgate.passkey.AuthenticatorNames;
import dev.passgate.passkey.PasskeyLookup;
import dev.passgate.passkey.PasskeyStore;
import dev.passgate.passkey.Passkeys;
import dev.passgate.otp.CodeSendLog;
import dev.passgate.otp.OneTimeCodeStore;
import dev.passgate.otp.OneTimeCodes;
import dev.passgate.otp.OtpSettings;
import dev.passgate.password.PasswordHasher;
import dev.passgate.password.PasswordPolicy;
import dev.passgate.persistence.Database;
import dev.passgate.persistence.JpaDevOutboxStore;
import dev.passgate.persistence.JpaLoginStores;
import dev.passgate.persistence.JpaPasskeyStore;
import dev.passgate.persistence.JpaOneTimeCodeStore;
import dev.passgate.persistence.JpaGrantStore;
import dev.passgate.persistence.JpaInteractionStore;
import dev.passgate.persistence.JpaSessionStore;
import dev.passgate.persistence.JpaSigningKeyStore;
import dev.passgate.persistence.JpaUserStore;
import dev.passgate.protocol.authorize.AuthorizationResponder;
import dev.passgate.protocol.authorize.AuthorizationService;
import dev.passgate.protocol.client.AssertionReplayStore;
import dev.passgate.protocol.cors.CorsPolicy;
import dev.passgate.protocol.client.ClientAuthenticator;
import dev.passgate.protocol.client.ClientRegistry;
import dev.passgate.protocol.keys.JwsSigners;
import dev.passgate.protocol.keys.SigningKeys;
import dev.passgate.protocol.logout.BackChannelNotifier;
import dev.passgate.protocol.logout.LogoutService;
import dev.passgate.protocol.session.SessionIndex;
import dev.passgate.protocol.session.SessionStore;
import dev.passgate.protocol.session.Sessions;
import dev.passgate.protocol.token.CodeIssuer;
import dev.passgate.protocol.token.GrantStore;
import dev.passgate.protocol.token.IntrospectionService;
import dev.passgate.protocol.token.RevocationService;
import dev.passgate.protocol.token.TokenMinter;
import dev.passgate.protocol.token.LiveGrants;
import dev.passgate.protocol.token.TokenService;
import dev.passgate.protocol.token.TokenStore;
import dev.passgate.protocol.token.TokenVerifier;
import dev.passgate.scim.ScimUsers;
import dev.passgate.security.KeyVault;
import dev.passgate.security.MasterKey;
import dev.passgate.user.UserListing;
import dev.passgate.user.UserStore;
import dev.passgate.protocol.token.BearerAccess;
import dev.passgate.web.ClientAddress;
import dev.passgate.web.Cookies;
import dev.passgate.web.ProxySettings;
import dev.passgate.web.Csrf;
import dev.passgate.web.pages.PageSamples;
import dev.passgate.web.pages.Pages;
import dev.passgate.web.pages.PagesSettings;
import dev.passgate.i18n.Languages;

/**
 * The composition root: every service is built here, once, from the settings, with plain
 * constructors. Reading this class top to bottom shows how the provider fits together; the
 * services themselves know nothing of CDI.
 */
@ApplicationScoped
public class Wiring {

    // --- settings, read and validated once -------------------------------------------------
    @Produces @Singleton
    ConfigReader config() {
        return new ConfigReader(ConfigProvider.getConfig());
    }

    @Produces @Singleton
    PassgateSettings settings(ConfigReader config) {
        return PassgateSettings.read(config);
    }

    @Produces @Singleton
    DeliverySettings delivery(ConfigReader config, PassgateSettings core) {
        return DeliverySettings.read(config, core);
    }

    @Produces @Singleton
    WebAuthnSettings webAuthn(ConfigReader config, PassgateSettings core) {
        return WebAuthnSettings.read(config, core);
    }

    @Produces @Singleton
    PagesSettings pagesSettings(ConfigReader config) {
        return PagesSettings.read(config);
    }

    @Produces @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces @Singleton
    MasterKey masterKey(PassgateSettings settings) {
        return MasterKey.load(settings);
    }

    // --- persistence ---------------------------------------------------------------------------
    @Produces @Singleton
    Database database(PassgateSettings settings, @org.eclipse.microprofile.metrics.annotation.RegistryScope(
            scope = org.eclipse.microprofile.metrics.MetricRegistry.APPLICATION_SCOPE) org.eclipse.microprofile.metrics.MetricRegistry metrics) {
        Database db = Database.open(settings.database());
        // What a login or a token costs in database commits (log flushes): CommitCountIT reads it, operators may too.
        metrics.gauge("passgate_db_commits", db, Database::commits);
        return db;
    }

    void close(@Disposes Database database) {
        database.close();
    }

    @Produces @Singleton
    @jakarta.enterprise.inject.Typed(JpaUserStore.class)
    JpaUserStore userRows(Database db) {
        return new JpaUserStore(db);
    }

    @Produces @Singleton
    UserStore users(JpaUserStore rows) {
        return rows;
    }

    @Produces @Singleton
    UserListing userListing(JpaUserStore rows) {
        return rows;
    }

    /** One store behind two ports; typed so that each port has exactly one producer. */
    @Produces @Singleton @jakarta.enterprise.inject.Typed(JpaGrantStore.class)
    JpaGrantStore grantRows(Database db) {
        return new JpaGrantStore(db);
    }

    @Produces @Singleton
    GrantStore grants(JpaGrantStore rows) {
        return rows;
    }

    @Produces @Singleton
    TokenStore tokenStore(JpaGrantStore rows) {
        return rows;
    }

    @Produces @Singleton
    AssertionReplayStore assertionReplays(JpaGrantStore rows) {
        return rows;
    }

    @Produces @Singleton
    @jakarta.enterprise.inject.Typed(JpaSessionStore.class)
    JpaSessionStore sessionRows(Database db) {
        return new JpaSessionStore(db);
    }

    @Produces @Singleton
    SessionStore sessionStore(JpaSessionStore rows) {
        return rows;
    }

    @Produces @Singleton
    SessionIndex sessionIndex(JpaSessionStore rows) {
        return rows;
    }

    @Produces @Singleton
    InteractionStore interactions(Database db) {
        return new JpaInteractionStore(db);
    }

    // --- protocol ------------------------------------------------------------------------------
    /** The clients file's clients, and the account pages' own (built in, never in the file). */
    @Produces @Singleton
    ClientRegistry clients(PassgateSettings settings) {
        return settings.clientsFile()
                .map(file -> ClientRegistry.load(file, !settings.mode().isDev()))
                .orElseGet(() -> new ClientRegistry(java.util.List.of()))
                .withBuiltIn(dev.passgate.account.AccountSignIn.client(settings.issuer()));
    }

    @Produces @Singleton
    SigningKeys signingKeys(Database db, MasterKey master, PassgateSettings settings, Clock clock) {
        KeyVault vault = new KeyVault(master.derive(MasterKey.Purpose.SIGNING_KEY_ENCRYPTION));
        return new SigningKeys(new JpaSigningKeyStore(db, vault), settings.tokens().longestSignedTokenLife(), clock,
                JwsSigners.choose(settings.tokens().nativeSigning()));
    }

    @Produces @Singleton
    TokenMinter minter(PassgateSettings settings, SigningKeys keys) {
        return new TokenMinter(settings.issuerString(), keys);
    }

    @Produces @Singleton
    LiveGrants liveGrants(GrantStore grants, SessionStore sessions, UserStore users) {
        return new LiveGrants(grants, sessions, users);
    }

    @Produces @Singleton
    TokenVerifier verifier(PassgateSettings settings, SigningKeys keys, TokenStore tokens, LiveGrants live, Clock clock) {
        return new TokenVerifier(settings.issuerString(), keys, tokens, live, clock);
    }

    @Produces @Singleton
    CorsPolicy cors(ClientRegistry clients) {
        return new CorsPolicy(clients);
    }

    @Produces @Singleton
    ClientAuthenticator clientAuthenticator(ClientRegistry clients, AssertionReplayStore grants, PassgateSettings settings) {
        return new ClientAuthenticator(clients, grants, settings.issuer());
    }

    @Produces @Singleton
    Sessions sessions(SessionStore store, SessionIndex index, UserStore users, PassgateSettings settings, Clock clock) {
        return new Sessions(store, index, users, settings.sessionTtl(), clock);
    }

    @Produces @Singleton
    AuthorizationService authorization(ClientRegistry clients, Sessions sessions, InteractionStore interactions,
                                       GrantStore grants, TokenVerifier verifier, BackChannelNotifier notifier,
                                       PassgateSettings settings, Clock clock) {
        return new AuthorizationService(clients, sessions, interactions, new CodeIssuer(grants, settings.tokens(), clock),
                verifier, notifier, settings.endpoint("/authorize"), settings.interactionTtl(), clock);
    }

    @Produces @Singleton
    BackChannelNotifier backChannel(ClientRegistry clients, TokenMinter minter, Clock clock) {
        return new BackChannelNotifier(clients, minter, clock);
    }

    @Produces @Singleton
    AuthorizationResponder responder() {
        return new AuthorizationResponder();
    }

    @Produces @Singleton
    TokenService tokens(ClientAuthenticator auth, GrantStore grants, TokenStore tokenStore, LiveGrants live,
                        SessionIndex sessions, TokenMinter minter, PassgateSettings settings, AuditLog audit, Clock clock) {
        return new TokenService(auth, grants, tokenStore, live, sessions, minter, settings.tokens(), audit, clock);
    }

    @Produces @Singleton
    RevocationService revocation(ClientAuthenticator auth, TokenStore tokens, GrantStore grants, AuditLog audit, Clock clock) {
        return new RevocationService(auth, tokens, grants, audit, clock);
    }

    @Produces @Singleton
    IntrospectionService introspection(ClientAuthenticator auth, TokenVerifier verifier, TokenStore tokens, LiveGrants live,
                                       Clock clock) {
        return new IntrospectionService(auth, verifier, tokens, live, clock);
    }

    @Produces @Singleton
    LogoutService logout(ClientRegistry clients, Sessions sessions, TokenVerifier verifier, BackChannelNotifier notifier,
                         AuditLog audit) {
        return new LogoutService(clients, sessions, verifier, notifier, audit);
    }

    // --- one-time codes -----------------------------------------------------------------------
    @Produces @Singleton
    OtpSettings otpSettings(ConfigReader config) {
        return OtpSettings.read(config);
    }

    @Produces @Singleton
    Deliveries deliveries(DeliverySettings delivery, PassgateSettings settings, OtpSettings otp, Database db, Clock clock) {
        return Deliveries.forSettings(delivery, settings.mode(), otp, new JpaDevOutboxStore(db), clock);
    }

    @Produces @Singleton
    @jakarta.enterprise.inject.Typed(JpaOneTimeCodeStore.class)
    JpaOneTimeCodeStore oneTimeCodeRows(Database db) {
        return new JpaOneTimeCodeStore(db);
    }

    @Produces @Singleton
    OneTimeCodeStore oneTimeCodeStore(JpaOneTimeCodeStore rows) {
        return rows;
    }

    @Produces @Singleton
    CodeSendLog codeSendLog(JpaOneTimeCodeStore rows) {
        return rows;
    }

    @Produces @Singleton
    OneTimeCodes oneTimeCodes(OneTimeCodeStore codes, CodeSendLog sends, OtpSettings otp, MasterKey master, Deliveries deliveries,
                              Clock clock) {
        return new OneTimeCodes(codes, sends, otp, master.derive(MasterKey.Purpose.ONE_TIME_CODES), deliveries, clock);
    }

    // --- passkeys and the login --------------------------------------------------------------
    @Produces @Singleton
    LoginSettings loginSettings(ConfigReader config) {
        return LoginSettings.read(config);
    }

    @Produces @Singleton
    @jakarta.enterprise.inject.Typed(JpaPasskeyStore.class)
    JpaPasskeyStore passkeyRows(Database db) {
        return new JpaPasskeyStore(db);
    }

    @Produces @Singleton
    PasskeyStore passkeyStore(JpaPasskeyStore rows) {
        return rows;
    }

    @Produces @Singleton
    PasskeyLookup passkeyLookup(JpaPasskeyStore rows) {
        return rows;
    }

    @Produces @Singleton
    AuthenticatorNames authenticatorNames(ConfigReader config) {
        return AuthenticatorNames.withOverrides(config.optional("passgate.passkeys.names-file").map(java.nio.file.Path::of));
    }

    @Produces @Singleton
    Passkeys passkeys(WebAuthnSettings webAuthn, PasskeyLookup lookup, PasskeyStore store, AuthenticatorNames names,
                      LoginSettings login, Clock clock) {
        return new Passkeys(webAuthn, lookup, store, names, clock, login.maxPasskeys());
    }

    @Produces @Singleton
    AuditLog auditLog(Database db, ConfigReader config,
                      @org.eclipse.microprofile.metrics.annotation.RegistryScope(
                              scope = org.eclipse.microprofile.metrics.MetricRegistry.APPLICATION_SCOPE)
                      org.eclipse.microprofile.metrics.MetricRegistry metrics) {
        AuditLog store = new dev.passgate.observe.CountingAuditLog(JpaLoginStores.audit(db), metrics, db);
        return dev.passgate.audit.JsonEventLog.format(config) == dev.passgate.audit.JsonEventLog.Format.JSON
                ? new dev.passgate.audit.JsonEventLog(store, db) : store;
    }

    @Produces @Singleton
    LoginTransactionStore loginTransactions(Database db) {
        return JpaLoginStores.transactions(db);
    }

    @Produces @Singleton
    LoginFlow loginFlow(InteractionStore interactions, LoginTransactionStore transactions, Database db, AuditLog audit,
                        LoginSteps steps, PassgateSettings settings, Clock clock) {
        Map<LoginState, LoginStep> entries = Map.of(
                LoginState.ONE_TIME_CODE, (ctx, spent) -> steps.secondFactor().enter(ctx),
                LoginState.OFFER_PASSKEY, (ctx, spent) -> steps.offer().enter(ctx),
                LoginState.DONE, (ctx, spent) -> steps.newPassword().enter(ctx));
        return new LoginFlow(interactions, transactions, JpaLoginStores.offers(db), audit, entries,
                settings.endpoint("/authorize"), settings.interactionTtl(), clock);
    }

    @Produces @Singleton
    LoginGate loginGate(LoginFlow flow, DeviceCookie deviceCookie, Csrf csrf, Languages languages) {
        return new LoginGate(flow, deviceCookie, csrf, languages);
    }

    @Produces @Singleton
    DeviceCookie deviceCookie(MasterKey master) {
        return new DeviceCookie(master.derive(MasterKey.Purpose.DEVICE_COOKIE));
    }

    @Produces @Singleton
    LoginSteps loginSteps(UserStore users, PasskeyLookup passkeyStore, Passkeys passkeys, PasswordHasher hasher,
                          OneTimeCodes codes, Deliveries deliveries, DeviceCookie deviceCookie, LoginSettings login,
                          PasswordThrottle throttle, AuditLog audit, Notifier notifier, Database db, PasswordPolicy policy,
                          dev.passgate.account.AccountSecurity security, Clock clock) {
        PasskeyErrorClassifier classifier = new PasskeyErrorClassifier();
        OfferPasskeyStep offer = new OfferPasskeyStep(passkeys, passkeyStore, users, JpaLoginStores.offers(db), classifier,
                deviceCookie, login, audit, notifier, clock);
        SecondFactorStep secondFactor = new SecondFactorStep(codes, deliveries, users,
                new CodeLockout(JpaLoginStores.throttle(db), clock), audit, clock);
        return new LoginSteps(
                new IdentifyStep(users, passkeyStore, new PasskeyIntelligence(login.passkeyFailureThreshold()), audit, clock),
                new PasskeyStep(passkeys, passkeyStore, users, classifier, deviceCookie, login, audit, clock),
                new PasswordStep(users, hasher, throttle, login, audit, clock),
                secondFactor,
                offer,
                new NewPasswordStep(users, policy, hasher, security::endAllBut, audit, notifier, clock));
    }

    @Produces @Singleton
    dev.passgate.observe.TokenCounter tokenCounter(@org.eclipse.microprofile.metrics.annotation.RegistryScope(
            scope = org.eclipse.microprofile.metrics.MetricRegistry.APPLICATION_SCOPE) org.eclipse.microprofile.metrics.MetricRegistry metrics,
            ConfigReader config, Clock clock) {
        return new dev.passgate.observe.TokenCounter(metrics,
                dev.passgate.audit.JsonEventLog.format(config) == dev.passgate.audit.JsonEventLog.Format.JSON, clock);
    }

    @Produces @Singleton
    NoticeStore noticeStore(Database db) {
        return new JpaNoticeStore(db);
    }

    @Produces @Singleton
    NoticeSettings noticeSettings(ConfigReader config) {
        return NoticeSettings.read(config);
    }

    @Produces @Singleton
    Notifier notifier(NoticeStore store, UserStore users, Deliveries deliveries, PagesSettings pages, NoticeSettings notices,
                      Clock clock) {
        return new Notifier(store, users, deliveries, deliveries::availableChannels, pages.defaultLocale(),
                notices.supportUrl().map(Object::toString), clock);
    }

    @Produces @Singleton
    PasswordThrottle passwordThrottle(Database db, LoginSettings login, Clock clock) {
        return new PasswordThrottle(JpaLoginStores.throttle(db), login, clock);
    }

    @Produces @Singleton
    LoginResponses loginResponses(LoginGate gate, LoginSteps steps, ClientRegistry clients, UserStore users, Cookies cookies,
                                  PassgateSettings settings) {
        return new LoginResponses(gate, steps, clients, users, cookies, settings.issuerString());
    }

    // --- the account pages ----------------------------------------------------------------------
    @Produces @Singleton
    AccountSettings accountSettings(ConfigReader config) {
        return AccountSettings.read(config);
    }

    @Produces @Singleton
    AccountCeremonyStore accountCeremonies(Database db) {
        return new JpaAccountCeremonyStore(db);
    }

    @Produces @Singleton
    AccountPasskeys accountPasskeys(Passkeys passkeys, PasskeyLookup lookup, PasskeyStore store, AuthenticatorNames names,
                                    AccountCeremonyStore ceremonies, LoginSettings login, AuditLog audit, Notifier notifier,
                                    Clock clock) {
        return new AccountPasskeys(passkeys, lookup, store, names, ceremonies, new PasskeyErrorClassifier(), login, audit,
                notifier, clock);
    }

    @Produces @Singleton
    AccountSignIn accountSignIn(GrantStore grants, PassgateSettings settings, Clock clock) {
        return new AccountSignIn(grants, settings.issuer(), settings.endpoint("/authorize"), clock);
    }

    @Produces @Singleton
    dev.passgate.account.AccountContact accountContact(UserStore users, OneTimeCodes codes, AuditLog audit, Notifier notifier,
                                                       Clock clock) {
        return new dev.passgate.account.AccountContact(users, codes, audit, notifier, clock);
    }

    @Produces @Singleton
    dev.passgate.account.web.AccountGate accountGate(Sessions sessions, UserStore users, Cookies cookies, Csrf csrf,
                                                     AccountSignIn signIn, AccountSettings account, PassgateSettings settings,
                                                     Clock clock) {
        return new dev.passgate.account.web.AccountGate(sessions, users, cookies, csrf, signIn, account, settings, clock);
    }

    @Produces @Singleton
    dev.passgate.account.AccountSecurity accountSecurity(UserStore users, PasswordPolicy policy, PasswordHasher hasher,
                                                         Sessions sessions, BackChannelNotifier backChannel, GrantStore grants,
                                                         LoginTransactionStore logins, AuditLog audit, Notifier notifier,
                                                         Clock clock) {
        return new dev.passgate.account.AccountSecurity(users, policy, hasher, sessions, backChannel, grants, logins, audit,
                notifier, clock);
    }

    // --- "Can't sign in?" ----------------------------------------------------------------------
    /** Recovery codes go out from here, off the request's thread, so the answer takes as long with or without an account. */
    @Produces @Singleton @jakarta.inject.Named("recovery-sender")
    java.util.concurrent.ExecutorService recoverySender() {
        // A bounded queue: a flood of recoveries drops sends (logged) rather than growing without end and
        // delaying real codes past their lifetime.
        return new java.util.concurrent.ThreadPoolExecutor(2, 2, 0, java.util.concurrent.TimeUnit.SECONDS,
                new java.util.concurrent.ArrayBlockingQueue<>(500), r -> {
                    Thread t = new Thread(r, "passgate-recovery-sender");
                    t.setDaemon(true);
                    return t;
                }, (task, pool) -> java.util.logging.Logger.getLogger(Wiring.class.getName())
                        .warning("Recovery code not sent: 500 sends are waiting already"));
    }

    void closeRecoverySender(@Disposes @jakarta.inject.Named("recovery-sender") java.util.concurrent.ExecutorService sender) {
        sender.shutdown();
    }

    @Produces @Singleton
    dev.passgate.recovery.RecoveryStore recoveryStore(Database db) {
        return new dev.passgate.persistence.JpaRecoveryStore(db);
    }

    @Produces @Singleton
    dev.passgate.recovery.Recovery recovery(UserStore users, dev.passgate.recovery.RecoveryStore store, OtpSettings otp,
                                            MasterKey master, Deliveries deliveries, Database db, PasswordPolicy policy,
                                            PasswordHasher hasher, dev.passgate.account.AccountSecurity security, AuditLog audit,
                                            Notifier notifier,
                                            @jakarta.inject.Named("recovery-sender") java.util.concurrent.ExecutorService sender,
                                            PassgateSettings settings, Clock clock) {
        // Its own code budget (the same table, another purpose), message and lock: a recovery anyone can start
        // spends nothing of the account's sign-in.
        JpaOneTimeCodeStore rows = new JpaOneTimeCodeStore(db, JpaOneTimeCodeStore.RECOVERY);
        OneTimeCodes codes = new OneTimeCodes(rows, rows, otp, master.derive(MasterKey.Purpose.ONE_TIME_CODES), deliveries, clock,
                "recovery.otp");
        return new dev.passgate.recovery.Recovery(users, store, codes, deliveries::availableChannels,
                CodeLockout.forRecovery(JpaLoginStores.throttle(db), clock), JpaLoginStores.throttle(db), policy, hasher,
                security, audit, notifier, sender, settings.interactionTtl(), otp.maxAttempts(), clock);
    }

    // --- the audit trail ------------------------------------------------------------------------------
    @Produces @Singleton
    dev.passgate.audit.AuditSettings auditSettings(ConfigReader config) {
        return dev.passgate.audit.AuditSettings.read(config);
    }

    @Produces @Singleton
    dev.passgate.audit.AuditTrail auditTrail(Database db) {
        return new dev.passgate.persistence.JpaAuditTrail(db);
    }

    @Produces @Singleton
    dev.passgate.persistence.JpaJobLease jobLease(Database db) {
        return new dev.passgate.persistence.JpaJobLease(db);
    }

    // --- the support console -----------------------------------------------------------------------
    @Produces @Singleton
    dev.passgate.console.Reports reports(Database db, AuthenticatorNames names) {
        dev.passgate.persistence.JpaReportStore store = new dev.passgate.persistence.JpaReportStore(db);
        return new dev.passgate.console.Reports(store, store, aaguid -> {
            try {
                return names.nameOf(java.util.UUID.fromString(aaguid));
            } catch (IllegalArgumentException notAnAaguid) {
                return "Passkey";
            }
        });
    }

    @Produces @Singleton
    dev.passgate.console.ConsoleSettings consoleSettings(ConfigReader config) {
        return dev.passgate.console.ConsoleSettings.read(config);
    }

    @Produces @Singleton
    dev.passgate.console.Support support(UserStore users, UserListing listing, AccountPasskeys passkeys,
                                         dev.passgate.account.AccountSecurity security, PasswordThrottle throttle,
                                         dev.passgate.recovery.Recovery recovery, AuditLog audit, Notifier notifier,
                                         dev.passgate.console.ConsoleSettings settings, Database db, Clock clock) {
        return new dev.passgate.console.Support(users, listing, passkeys, security, throttle,
                java.util.List.of(new CodeLockout(JpaLoginStores.throttle(db), clock),
                        CodeLockout.forRecovery(JpaLoginStores.throttle(db), clock)),
                recovery, audit, notifier, settings, clock);
    }

    // --- pages, languages and the web ------------------------------------------------------------
    @Produces @Singleton
    Languages languages(PagesSettings settings) {
        return new Languages(settings.defaultLocale());
    }

    /** Every page rendered once in every language now: a broken theme template stops start-up here. */
    @Produces @Singleton
    Pages pages(PagesSettings settings) {
        Pages pages = new Pages(settings);
        pages.checkAll(PageSamples.all());
        return pages;
    }

    @Produces @Singleton
    Cookies cookies(PassgateSettings settings) {
        return new Cookies(settings.cookiesSecure());
    }

    @Produces @Singleton
    ClientAddress clientAddress(ConfigReader config) {
        return new ClientAddress(ProxySettings.read(config));
    }

    @Produces @Singleton
    Csrf csrf(MasterKey master) {
        return new Csrf(master.derive(MasterKey.Purpose.CSRF));
    }

    @Produces @Singleton
    BearerAccess bearerAccess(TokenVerifier verifier) {
        return new BearerAccess(verifier);
    }

    // --- accounts ------------------------------------------------------------------------------
    @Produces @Singleton
    PasswordHasher passwordHasher() {
        return new PasswordHasher();
    }

    @Produces @Singleton
    PasswordPolicy passwordPolicy() {
        return new PasswordPolicy();
    }

    @Produces @Singleton
    ScimUsers scim(UserStore users, UserListing listing, GrantStore grants, LogoutService logout,
                   LoginTransactionStore loginTransactions, PasswordHasher hasher,
                   PasswordPolicy policy, AuditLog audit, Clock clock) {
        return new ScimUsers(users, listing, grants, userId -> {
            loginTransactions.endForUser(userId); // a login that passed the old password goes too
            logout.signOutEverywhere(userId);
        }, hasher, policy, audit, clock);
    }
}
