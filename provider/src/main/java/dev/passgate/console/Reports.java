package dev.passgate.console;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

import dev.passgate.login.steps.IdentifyStep;

/**
 * The passkey reports (seed 003's "passkey intelligence", measured): adoption, sign-ins by method and the
 * passkey success rate, fallbacks by cause, healing and append offers, error kinds over time, synced versus
 * device-bound passkeys and the authenticators in use. Every figure comes from a {@link ReportStore} aggregate;
 * here the few grouped rows are only named and summed.
 */
public final class Reports {
    /** A labelled figure: one bar of a chart, one row of its CSV. */
    public record Figure(String label, long value) {
    }

    /** One chart: its figures in order. */
    public record Chart(String id, List<Figure> figures) {
        public long total() {
            return figures.stream().mapToLong(Figure::value).sum();
        }

        public long max() {
            return figures.stream().mapToLong(Figure::value).max().orElse(0);
        }
    }

    /** Everything the reports page shows for [from, to). */
    public record Report(long activeAccounts, long accountsWithPasskey, Optional<Integer> passkeySuccessPercent,
                         List<Chart> charts) {
        public Optional<Integer> adoptionPercent() {
            return activeAccounts == 0 ? Optional.empty()
                    : Optional.of((int) Math.round(100.0 * accountsWithPasskey / activeAccounts));
        }

        public Optional<Chart> chart(String id) {
            return charts.stream().filter(c -> c.id().equals(id)).findFirst();
        }
    }

    /** The types counted by outcome in one pass. */
    static final java.util.Set<String> COUNTED = java.util.Set.of("passkey.success", "passkey.failure", IdentifyStep.DECISION_EVENT,
            "passkey.offer", "passkey.registered", "passkey.offer_skipped");

    public static final List<String> CHARTS = List.of("sign-ins", "fallbacks", "offers", "errors", "errors-by-day",
            "passkey-kinds", "authenticators", "adoption", "ceremony-time");

    private final ReportStore store;
    private final ReportStore.Timings timings;
    private final Function<String, String> authenticatorName;

    /** @param authenticatorName an AAGUID's name (the shipped list), or "Passkey" */
    public Reports(ReportStore store, ReportStore.Timings timings, Function<String, String> authenticatorName) {
        this.store = store;
        this.timings = timings;
        this.authenticatorName = authenticatorName;
    }

    public Report report(Instant from, Instant to) {
        Map<String, Long> methods = new LinkedHashMap<>();
        for (String m : List.of("passkey automatic", "passkey autofill", "passkey button", "passkey immediate", "passkey",
                "password and code", "password alone")) {
            methods.put(m, 0L);
        }
        for (ReportStore.Count c : store.details("login.success", from, to)) {
            methods.merge(method(c.outcome(), c.detail()), c.n(), Long::sum);
        }
        Map<String, Map<String, Long>> byType = new java.util.HashMap<>();
        for (ReportStore.TypeCount c : store.counts(COUNTED, from, to)) {
            byType.computeIfAbsent(c.type(), t -> new TreeMap<>()).merge(c.outcome(), c.n(), Long::sum);
        }
        Function<String, Map<String, Long>> of = type -> byType.getOrDefault(type, Map.of());
        long successes = of.apply("passkey.success").values().stream().mapToLong(Long::longValue).sum();
        long failed = of.apply("passkey.failure").values().stream().mapToLong(Long::longValue).sum();

        Map<String, Long> fallbacks = new TreeMap<>();
        of.apply(IdentifyStep.DECISION_EVENT).forEach((outcome, n) -> {
            if (outcome.startsWith("FALLBACK:")) {
                fallbacks.merge(outcome.substring("FALLBACK:".length()).toLowerCase(java.util.Locale.ROOT), n, Long::sum);
            }
        });
        Map<String, Long> errors = new TreeMap<>();
        of.apply("passkey.failure").forEach((outcome, n) -> errors.merge(kind(outcome), n, Long::sum));

        Map<String, Long> offers = new LinkedHashMap<>();
        Map<String, Long> made = of.apply("passkey.registered");
        offers.put("offered", of.apply("passkey.offer").entrySet().stream().filter(e -> !"NONE".equals(e.getKey()))
                .mapToLong(Map.Entry::getValue).sum());
        offers.put("created", made.entrySet().stream().filter(e -> !"ACCOUNT".equals(e.getKey())).mapToLong(Map.Entry::getValue).sum());
        offers.put("skipped", of.apply("passkey.offer_skipped").values().stream().mapToLong(Long::longValue).sum());
        offers.put("healed", made.getOrDefault("HEAL", 0L));
        offers.put("added on the account page", made.getOrDefault("ACCOUNT", 0L));

        Map<String, Long> byDay = new TreeMap<>();
        for (ReportStore.DayCount d : store.perDay("passkey.failure", from, to)) {
            byDay.merge(d.day().toString(), d.n(), Long::sum);
        }

        Map<String, Long> kinds = new LinkedHashMap<>();
        kinds.put("synced", 0L);
        kinds.put("can sync, not yet", 0L);
        kinds.put("this device only", 0L);
        Map<String, Long> authenticators = new TreeMap<>();
        for (ReportStore.PasskeyCount p : store.passkeys()) {
            kinds.merge(p.synced() ? "synced" : p.syncable() ? "can sync, not yet" : "this device only", p.n(), Long::sum);
            authenticators.merge(authenticatorName.apply(p.aaguid()), p.n(), Long::sum);
        }

        // Active accounts holding a passkey by the end of each day of the range ([from, to): to is the next midnight).
        long holders = 0;
        Map<String, Long> adoption = new LinkedHashMap<>();
        LocalDate first = LocalDate.ofInstant(from, java.time.ZoneOffset.UTC);
        LocalDate end = LocalDate.ofInstant(to, java.time.ZoneOffset.UTC);
        for (ReportStore.DayCount d : store.firstPasskeyPerDay()) {
            if (!d.day().isBefore(end)) {
                break;
            }
            holders += d.n();
            if (!d.day().isBefore(first)) {
                adoption.put(d.day().toString(), holders);
            }
        }
        long active = store.activeAccounts();

        List<Chart> charts = new ArrayList<>();
        charts.add(chart("sign-ins", methods));
        charts.add(chart("fallbacks", fallbacks));
        charts.add(chart("offers", offers));
        charts.add(chart("errors", errors));
        charts.add(chart("errors-by-day", byDay));
        charts.add(chart("passkey-kinds", kinds));
        charts.add(chart("authenticators", authenticators));
        charts.add(chart("adoption", adoption));
        ReportStore.Timings.Spread time = timings.ceremonyTime(from, to);
        Map<String, Long> times = new LinkedHashMap<>();
        if (time.n() > 0) { // milliseconds from the challenge to the verified answer (autofill waits for a choice: not measured)
            times.put("median ms", time.medianMs());
            times.put("p90 ms", time.p90Ms());
        }
        charts.add(chart("ceremony-time", times));
        return new Report(active, holders, successes + failed == 0 ? Optional.empty()
                : Optional.of((int) Math.round(100.0 * successes / (successes + failed))), charts);
    }

    /** How a sign-in was made, from its amr and the ceremony in its detail. */
    static String method(String amr, String detail) {
        List<String> values = List.of(amr.split(" "));
        if (values.contains("swk") || values.contains("hwk")) {
            for (String c : List.of("AUTOMATIC", "AUTOFILL", "BUTTON", "IMMEDIATE")) {
                if (detail.contains("ceremony=" + c)) {
                    return "passkey " + c.toLowerCase(java.util.Locale.ROOT);
                }
            }
            return "passkey";
        }
        return values.contains("otp") || values.contains("sms") ? "password and code" : "password alone";
    }

    /** The catalogue code of a failure ("passkey_not_found:NotAllowedError" → "passkey_not_found"). */
    static String kind(String outcome) {
        int colon = outcome.indexOf(':');
        return colon < 0 ? outcome : outcome.substring(0, colon);
    }

    private static Chart chart(String id, Map<String, Long> values) {
        List<Figure> figures = new ArrayList<>();
        values.forEach((label, n) -> figures.add(new Figure(label, n)));
        return new Chart(id, figures);
    }
}
