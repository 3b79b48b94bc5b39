package dev.passgate;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.passgate.config.DeliverySettings;
import dev.passgate.config.PassgateSettings;
import dev.passgate.config.WebAuthnSettings;
import dev.passgate.interaction.InteractionStore;
import dev.passgate.otp.Channel;
import dev.passgate.otp.Deliveries;
import dev.passgate.otp.OneTimeCodeStore;
import dev.passgate.otp.OtpSettings;
import dev.passgate.password.PasswordHasher;
import dev.passgate.protocol.client.ClientRegistry;
import dev.passgate.protocol.keys.SigningKeys;
import dev.passgate.protocol.session.SessionStore;
import dev.passgate.protocol.token.GrantStore;
import dev.passgate.security.Secrets;
import dev.passgate.user.User;
import dev.passgate.user.UserListing;
import dev.passgate.user.UserStore;

/**
 * Start-up, in order: settings validated, database migrated, clients file checked, signing keys
 * present, and in dev mode a demo account. Any failure here fails the deployment with a message
 * naming what to fix, rather than a provider that starts and then fails every request.
 * Afterwards a purge runs every few minutes so expired state never piles up.
 */
@ApplicationScoped
public class Bootstrap {
    private static final Logger LOG = Logger.getLogger(Bootstrap.class.getName());

    @Inject PassgateSettings settings;
    @Inject DeliverySettings delivery;
    @Inject WebAuthnSettings webAuthn;
    @Inject ClientRegistry clients;
    @Inject SigningKeys keys;
    @Inject UserStore users;
    @Inject UserListing listing;
    @Inject PasswordHasher hasher;
    @Inject GrantStore grants;
    @Inject SessionStore sessions;
    @Inject InteractionStore interactions;
    @Inject Clock clock;
    @Inject OtpSettings otp;
    @Inject Deliveries deliveries;
    @Inject OneTimeCodeStore oneTimeCodes;
    @Inject dev.passgate.login.LoginSettings loginSettings;
    @Inject dev.passgate.login.LoginTransactionStore loginTransactions;
    @Inject dev.passgate.login.PasswordThrottle passwordThrottle;
    @Inject dev.passgate.account.AccountCeremonyStore accountCeremonies;
    @Inject dev.passgate.recovery.RecoveryStore recoveries;
    @Inject dev.passgate.web.pages.Pages pages; // built now: a broken theme template stops start-up, not a login
    @Inject dev.passgate.notify.Notifier notifier;
    @Inject dev.passgate.notify.NoticeStore notices;
    @Inject dev.passgate.console.ConsoleSettings console;
    @Inject dev.passgate.audit.AuditLog audit;
    @Inject dev.passgate.audit.AuditTrail trail;
    @Inject dev.passgate.audit.AuditSettings auditSettings;
    @Inject dev.passgate.persistence.JpaJobLease leases;

    private ScheduledExecutorService purger;
    /** Its own thread: a long purge must never hold up notices of security changes. */
    private ScheduledExecutorService noticeSender;

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        keys.ensureActiveKeys();
        String demo = settings.demoUser() ? createDemoAccount() : null;
        console.bootstrapUser().ifPresent(this::bootstrapAdmin);
        purger = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "passgate-purge");
            t.setDaemon(true);
            return t;
        });
        purger.scheduleWithFixedDelay(this::purge, 1, 5, TimeUnit.MINUTES);
        // Notices of passkey changes: sent a few seconds after the change, off the request's thread.
        noticeSender = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "passgate-notices");
            t.setDaemon(true);
            return t;
        });
        noticeSender.scheduleWithFixedDelay(this::sendNotices, 2, 2, TimeUnit.SECONDS);

        StringBuilder banner = new StringBuilder("\n\n  Passgate is running (" + settings.mode().name().toLowerCase()
                + " mode)\n  Issuer:     " + settings.issuerString()
                + "\n  Discovery:  " + settings.issuerString() + "/.well-known/openid-configuration"
                + "\n  Clients:    " + (clients.size() - 1) + settings.clientsFile().map(f -> " from " + f).orElse(" (no passgate.clients-file)"));
        clients.all().stream().filter(c -> c.metadata().getURI() != null).forEach(c -> banner.append("\n  Open:       ")
                .append(c.metadata().getURI()).append("   (").append(c.displayName()).append(')'));
        deliveries.routes().forEach((channel, route) -> banner.append("\n  ").append(channel == Channel.EMAIL ? "Email codes" : "SMS codes  ")
                .append(": ").append(route));
        deliveries.devOutbox().ifPresent(o -> banner.append("\n  Dev outbox: ").append(settings.issuerString())
                .append("/dev/outbox   (only from this machine)"));
        if (demo != null) {
            banner.append("\n  Demo user:  demo / ").append(demo)
                    .append("   (created now, shown once; dev mode only)");
        }
        LOG.info(banner.append("\n").toString());
    }

    @PreDestroy
    void stop() {
        if (noticeSender != null) {
            noticeSender.shutdownNow();
        }
        if (purger != null) {
            purger.shutdownNow();
        }
    }

    /**
     * {@code passgate.admin.bootstrap-user}: the first admin. The account must exist (made through SCIM, or
     * signed up); it is given the admin role once, audited; later admins are made in the console.
     */
    private void bootstrapAdmin(String username) {
        // By username only: an older account whose (unverified) email reads like the name must not become admin.
        java.util.Optional<User> user = users.findByIdentifier(username).filter(u -> u.username().equalsIgnoreCase(username));
        if (user.isEmpty()) {
            LOG.warning(() -> "passgate.admin.bootstrap-user names '" + username + "', which no account has: no admin made");
            return;
        }
        if (!user.get().roles().contains(dev.passgate.console.Role.ADMIN.value())) {
            try {
                users.update(user.get().id(), u -> u.withRoles(java.util.stream.Stream.concat(u.roles().stream(),
                    java.util.stream.Stream.of(dev.passgate.console.Role.ADMIN.value())).distinct().toList()));
            } catch (RuntimeException raced) { // another node starting at the same moment did it
                LOG.info(() -> "passgate.admin.bootstrap-user: another node updated '" + username + "' first");
                return;
            }
            audit.record(new dev.passgate.audit.AuditEvent(clock.instant(), "support.assign-roles", java.util.Optional.of(user.get().id()),
                    "OK", "agent=passgate.admin.bootstrap-user reason=start-up configuration roles=admin"));
            LOG.info(() -> "Account '" + username + "' is an admin of the support console (passgate.admin.bootstrap-user)");
        }
    }

    private String createDemoAccount() {
        if (listing.count() > 0) {
            return null;
        }
        String password = Secrets.newToken().substring(0, 16);
        Instant now = clock.instant();
        users.create(User.create(UUID.randomUUID().toString(), "demo", now)
                .withEmail("demo@example.com", true)
                .withName("Demo", "User", "Demo User")
                .withPasswordHash(hasher.hash(password)));
        return password;
    }

    private void sendNotices() {
        try {
            notifier.deliverDue();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Sending notices failed; will try again", e);
        }
    }

    /**
     * Audit events past {@code passgate.audit.retention}, on one node at a time: the node that takes the lease (held
     * a little less than the purge interval) runs it, the others skip this round.
     */
    void purgeAudit(Instant now) {
        if (leases.acquire("audit-retention", dev.passgate.audit.AuditContext.NODE, now, java.time.Duration.ofMinutes(4))) {
            int gone = trail.purgeBefore(now.minus(auditSettings.retention()));
            if (gone > 0) {
                LOG.info(() -> "Audit retention: " + gone + " events older than " + auditSettings.retention().toDays()
                        + " days deleted");
            }
        }
    }

    private void purge() {
        try {
            Instant now = clock.instant();
            int n = grants.purge(now) + sessions.purge(now) + interactions.purge(now) + oneTimeCodes.purge(now)
                    + loginTransactions.purge(now) + passwordThrottle.purge() + notices.purge(now.minus(java.time.Duration.ofDays(30)))
                    + accountCeremonies.purge(now) + recoveries.purge(now);
            if (n > 0) {
                LOG.fine(() -> "Purged " + n + " expired records");
            }
            purgeAudit(now);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Purging expired records failed; will try again", e);
        }
    }
}
