package dev.passgate.console.web;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.passgate.account.Outcome;
import dev.passgate.account.web.AccountGate;
import dev.passgate.account.web.AccountSecurityResource;
import dev.passgate.console.ConsoleAction;
import dev.passgate.console.ConsoleSettings;
import dev.passgate.console.Role;
import dev.passgate.console.Support;
import dev.passgate.web.Csrf;
import dev.passgate.web.ErrorView;
import dev.passgate.web.UserAgents;
import dev.passgate.web.Views;

/**
 * {@code /admin}: the support console. Signed in like the account pages (the passkey-first login, as
 * the built-in account client), then every route checks the agent's roles against
 * {@link ConsoleAction} on the server; a change also needs this session's CSRF token, a sign-in
 * stronger than a password, no older than {@code passgate.account.reverify-after}, and a reason.
 * Frames are refused for every page ({@code SecurityHeadersFilter}).
 */
@ApplicationScoped
@Path("/admin")
public class ConsoleResource {
    public static final Set<String> NOTICES = Set.of("reset-passkeys", "unlock", "end-sessions", "deactivate", "reactivate",
            "assign-roles", "force-password-change");
    public static final Set<String> ERRORS = Set.of("no_reason", "not_found", "own_account", "privileged", "needs_mfa",
            "expired", "no_password");
    static final int AUDIT_SHOWN = 200;
    /** The console's forms carry their own token: an account page's token (or a leak of one) drives no console action. */
    static final String CSRF_PURPOSE = "console";

    @Inject
    AccountGate gate;
    @Inject
    Support support;
    @Inject
    ConsoleSettings settings;
    @Inject
    dev.passgate.audit.AuditTrail trail;
    @Inject
    dev.passgate.user.UserStore users;
    @Inject
    java.time.Clock clock;
    @Inject
    dev.passgate.console.Reports reports;
    @Inject
    dev.passgate.audit.AuditLog audit;
    @Context
    HttpHeaders headers;

    @GET
    public Response home() {
        Optional<AccountGate.Signed> who = gate.signed(headers.getCookies());
        Optional<Response> refused = refuse(who, ConsoleAction.HOME, "/admin");
        if (refused.isPresent()) {
            return refused.get();
        }
        Set<Role> roles = Role.of(who.get().user());
        return page(new ConsoleView.Home(who.get().user().username(), roles.stream().map(Role::value).toList(),
                ConsoleAction.FIND_USERS.allowedFor(roles), ConsoleAction.AUDIT.allowedFor(roles)));
    }

    /** The audit trail between two days (the last seven by default), filtered by type, account and client. */
    @GET
    @Path("audit")
    public Response audit(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("type") String type,
                          @QueryParam("user") String user, @QueryParam("client") String client) {
        Optional<AccountGate.Signed> who = gate.signed(headers.getCookies());
        Optional<Response> refused = refuse(who, ConsoleAction.AUDIT, "/admin/audit");
        if (refused.isPresent()) {
            return refused.get();
        }
        Optional<AuditFilter> filter = AuditFilter.parse(from, to, type, user, client, clock.instant());
        AuditFilter f = filter.orElseGet(() -> AuditFilter.lastWeek(clock.instant()));
        List<ConsoleView.AuditRow> rows = trail.search(f.query(users, AUDIT_SHOWN)).stream().map(r -> new ConsoleView.AuditRow(
                ConsoleView.when(r.event().at()), r.event().type(), r.event().userId().orElse(""), r.event().outcome(),
                r.client().orElse(""), r.login().orElse(""), r.node(), r.network().orElse(""),
                r.event().detail() == null ? "" : r.event().detail())).toList();
        return page(new ConsoleView.Audit(who.get().user().username(), f.fromText(), f.toText(), f.type().orElse(""),
                f.user().orElse(""), f.client().orElse(""), rows, AUDIT_SHOWN, f.queryString(),
                filter.isEmpty() ? Optional.of("filter") : Optional.empty()));
    }

    /** The passkey reports between two days (the last 30 by default), as charts. */
    @GET
    @Path("reports")
    public Response reports(@QueryParam("from") String from, @QueryParam("to") String to) {
        Optional<AccountGate.Signed> who = gate.signed(headers.getCookies());
        Optional<Response> refused = refuse(who, ConsoleAction.REPORTS, "/admin/reports");
        if (refused.isPresent()) {
            return refused.get();
        }
        Optional<AuditFilter> filter = reportRange(from, to);
        AuditFilter f = filter.orElseGet(() -> AuditFilter.lastDays(clock.instant(), 30));
        dev.passgate.audit.AuditQuery range = f.query(users, 0);
        dev.passgate.console.Reports.Report r = reports.report(range.from(), range.to());
        List<ConsoleView.ChartView> charts = r.charts().stream().map(c -> new ConsoleView.ChartView(c.id(), c.figures().stream()
                .map(x -> new ConsoleView.Bar(x.label(), x.value(), c.max() == 0 ? 0 : (int) Math.round(300.0 * x.value() / c.max())))
                .toList())).toList();
        return page(new ConsoleView.ReportsPage(who.get().user().username(), f.fromText(), f.toText(), r.activeAccounts(),
                r.accountsWithPasskey(), r.adoptionPercent(), r.passkeySuccessPercent(), charts,
                "from=" + f.fromText() + "&to=" + f.toText(), filter.isEmpty() ? Optional.of("filter") : Optional.empty()));
    }

    /** One chart as CSV (label, value), for a spreadsheet. */
    @GET
    @Path("reports/export")
    public Response reportCsv(@QueryParam("chart") String chart, @QueryParam("from") String from, @QueryParam("to") String to) {
        Optional<AccountGate.Signed> who = gate.signed(headers.getCookies());
        Optional<Response> refused = refuse(who, ConsoleAction.REPORTS, "/admin/reports");
        if (refused.isPresent()) {
            return refused.get();
        }
        Optional<AuditFilter> filter = reportRange(from, to);
        if (filter.isEmpty() || chart == null || !dev.passgate.console.Reports.CHARTS.contains(chart)) {
            return Response.seeOther(gate.absolute("/admin/reports?error=filter")).build();
        }
        dev.passgate.audit.AuditQuery range = filter.get().query(users, 0);
        dev.passgate.console.Reports.Chart c = reports.report(range.from(), range.to()).chart(chart).orElseThrow();
        StringBuilder csv = new StringBuilder("label,value\r\n");
        c.figures().forEach(x -> csv.append('"').append(x.label().replace("\"", "\"\"")).append("\",").append(x.value()).append("\r\n"));
        return Response.ok(csv.toString(), "text/csv; charset=utf-8").header("Cache-Control", "no-store")
                .header("Content-Disposition", "attachment; filename=\"passgate-" + chart + "-" + filter.get().fromText() + "-"
                        + filter.get().toText() + ".csv\"").build();
    }

    private Optional<AuditFilter> reportRange(String from, String to) {
        if ((from == null || from.isBlank()) && (to == null || to.isBlank())) {
            return Optional.of(AuditFilter.lastDays(clock.instant(), 30));
        }
        return AuditFilter.parse(from, to, null, null, null, clock.instant());
    }

    /** The same events as JSON Lines, oldest first, every one in the range (for a SIEM), streamed a page at a time. */
    @GET
    @Path("audit/export")
    public Response exportAudit(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("type") String type,
                                @QueryParam("user") String user, @QueryParam("client") String client) {
        Optional<AccountGate.Signed> who = gate.signed(headers.getCookies());
        Optional<Response> refused = refuse(who, ConsoleAction.AUDIT, "/admin/audit");
        if (refused.isPresent()) {
            return refused.get();
        }
        Optional<AuditFilter> filter = AuditFilter.parse(from, to, type, user, client, clock.instant());
        if (filter.isEmpty()) {
            return Response.seeOther(gate.absolute("/admin/audit?error=filter")).build();
        }
        dev.passgate.audit.AuditQuery query = filter.get().query(users, 0);
        audit.record(new dev.passgate.audit.AuditEvent(clock.instant(), "audit.export", Optional.of(who.get().user().id()), "OK",
                "agent=" + who.get().user().username() + " " + filter.get().queryString()));
        jakarta.ws.rs.core.StreamingOutput body = out -> {
            java.io.Writer w = new java.io.OutputStreamWriter(out, java.nio.charset.StandardCharsets.UTF_8);
            trail.each(query, r -> {
                try {
                    w.write(AuditFilter.jsonLine(r));
                    w.write('\n');
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            w.flush();
        };
        return Response.ok(body, "application/x-ndjson").header("Cache-Control", "no-store")
                .header("Content-Disposition", "attachment; filename=\"passgate-audit-" + filter.get().fromText() + "-"
                        + filter.get().toText() + ".jsonl\"").build();
    }

    @GET
    @Path("users")
    public Response find(@QueryParam("q") String query) {
        Optional<AccountGate.Signed> who = gate.signed(headers.getCookies());
        Optional<Response> refused = refuse(who, ConsoleAction.FIND_USERS, "/admin");
        if (refused.isPresent()) {
            return refused.get();
        }
        String q = query == null ? "" : query.strip();
        List<ConsoleView.UserRow> rows = support.find(q).stream().map(u -> new ConsoleView.UserRow(u.id(), u.username(),
                Optional.ofNullable(u.email()).orElse(""), Optional.ofNullable(u.phone()).orElse(""), u.active(),
                Role.of(u).stream().map(Role::value).toList())).toList();
        return page(new ConsoleView.Found(who.get().user().username(), q.length() > 320 ? "" : q, rows));
    }

    @GET
    @Path("user")
    public Response person(@QueryParam("id") String id, @QueryParam("notice") String notice, @QueryParam("error") String error) {
        Optional<AccountGate.Signed> who = gate.signed(headers.getCookies());
        Optional<Response> refused = refuse(who, ConsoleAction.VIEW_USER, personPage(id));
        if (refused.isPresent()) {
            return refused.get();
        }
        Optional<Support.Card> card = validId(id) ? support.card(id) : Optional.empty();
        if (card.isEmpty()) {
            return Views.html(404, ErrorView.of("console.not-found.title", "console.not-found.message")
                    .restartAt(Optional.of(gate.absolute("/admin")))).build();
        }
        Support.Card c = card.get();
        support.viewed(who.get().user(), c.user().id());
        return page(new ConsoleView.Person(who.get().user().username(), gate.token(who.get(), CSRF_PURPOSE), c.user().id(), c.user().username(),
                Optional.ofNullable(c.user().displayName()).orElse(""), Optional.ofNullable(c.user().email()).orElse(""),
                c.user().emailVerified(), Optional.ofNullable(c.user().phone()).orElse(""), c.user().phoneVerified(),
                c.user().active(), c.roles().stream().map(Role::value).toList(), c.passkeys(), c.hasPassword(),
                c.user().passwordChangeRequired(),
                c.passwordSlowedUntil().map(ConsoleView::when), c.codesLocked(), c.recoveryLocked(),
                c.sessions().stream().map(s -> new ConsoleView.SessionRow(s.browser(), s.network(), ConsoleView.when(s.authTime()),
                        AccountSecurityResource.method(String.join(" ", s.amr())))).toList(),
                c.events().stream().map(e -> new ConsoleView.EventRow(ConsoleView.when(e.at()), e.type(), e.outcome(),
                        e.detail() == null ? "" : e.detail())).toList(),
                ConsoleAction.ASSIGN_ROLES.allowedFor(Role.of(who.get().user())), c.user().id().equals(who.get().user().id()),
                Optional.ofNullable(notice).filter(NOTICES::contains), Optional.ofNullable(error).filter(ERRORS::contains)));
    }

    @POST
    @Path("user/{action}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response act(@PathParam("action") String slug, @FormParam("id") String id, @FormParam("reason") String reason,
                        @FormParam(Csrf.FIELD) String token, @FormParam("role") List<String> roleNames) {
        Optional<ConsoleAction> action = ConsoleAction.ofSlug(slug).filter(ConsoleAction::changes);
        if (action.isEmpty()) {
            return Views.html(404, ErrorView.of("error.not-available.title", "error.not-available.message", "404")).build();
        }
        Optional<AccountGate.Signed> who = gate.signed(headers.getCookies());
        String back = personPage(id);
        Optional<Response> refused = refuse(who, action.get(), back);
        if (refused.isPresent()) {
            return refused.get();
        }
        if (!validId(id)) {
            return Response.seeOther(gate.absolute(back + "&error=not_found")).build();
        }
        if (!gate.csrfOk(who.get(), token, CSRF_PURPOSE)) {
            return Response.seeOther(gate.absolute(back + "&error=expired")).build();
        }
        if (!gate.strong(who.get())) {
            return Response.seeOther(gate.absolute(back + "&error=needs_mfa")).build();
        }
        if (!gate.fresh(who.get())) { // verify again, then the agent finds the page and asks again
            return gate.reverify(who.get(), back);
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (Role r : Role.values()) {
            if (roleNames != null && roleNames.contains(r.value())) {
                roles.add(r);
            }
        }
        Outcome<String, Support.Refusal> done = support.act(who.get().user(), action.get(), id, reason, roles,
                UserAgents.summary(headers.getHeaderString(HttpHeaders.USER_AGENT)));
        if (done.value().isEmpty()) {
            return Response.seeOther(gate.absolute(back + "&error="
                    + done.refusal().orElseThrow().name().toLowerCase(Locale.ROOT))).build();
        }
        if (action.get() == ConsoleAction.RECOVERY_LINK) { // shown once, never stored in the clear, never cached
            String link = gate.absolute("/recover/link?token=" + done.value().get()).toString();
            return Views.html(200, new ConsoleView.Link(who.get().user().username(), id,
                    support.card(id).map(c -> c.user().username()).orElse(""), link,
                    ConsoleView.when(clock.instant().plus(settings.recoveryLinkTtl()))))
                    .header("Cache-Control", "no-store").build();
        }
        return Response.seeOther(gate.absolute(back + "&notice=" + action.get().slug())).build();
    }

    /** Signed in, and holding a role that allows {@code action}; else where to go instead. */
    private Optional<Response> refuse(Optional<AccountGate.Signed> who, ConsoleAction action, String page) {
        if (who.isEmpty()) {
            return Optional.of(gate.signInFirst(page));
        }
        if (!action.allowedFor(Role.of(who.get().user()))) {
            return Optional.of(Views.html(403, ErrorView.of("console.forbidden.title", "console.forbidden.message")
                    .next("console.forbidden.next").restartAt(Optional.of(gate.absolute("/account")))).build());
        }
        if (!gate.strong(who.get())) { // the console shows people's data: never on a password alone
            return Optional.of(Views.html(403, ErrorView.of("console.weak.title", "console.weak.message")
                    .restartAt(Optional.of(gate.absolute("/account/reverify?then=/admin")))).build());
        }
        return Optional.empty();
    }

    private static boolean validId(String id) {
        return id != null && id.matches("[A-Za-z0-9_-]{1,64}");
    }

    private static String personPage(String id) {
        return "/admin/user?id=" + (validId(id) ? id : "");
    }

    private Response page(dev.passgate.web.View view) {
        return Views.html(200, view).header("Cache-Control", "no-store").build();
    }
}
