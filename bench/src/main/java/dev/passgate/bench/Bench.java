package dev.passgate.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * Passgate's benchmark (issue 13): a closed loop of {@code --concurrency} virtual users against a deployment, each
 * starting its next flow when the last one ends. The warm-up is run and thrown away; then, for {@code --duration},
 * every flow's time is kept. Prints flows per second, the 50th/90th/99th percentile, the errors by cause, and, given
 * the server's PIDs, its CPU time per flow read from {@code /proc} (user + system, before and after the measured
 * window only).
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        if (java.util.List.of(args).contains("--help") || args.length == 0) {
            System.out.print(Settings.USAGE);
            return;
        }
        Settings settings;
        try {
            settings = Settings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(Settings.USAGE);
            System.exit(2);
            return;
        }
        Result result = run(settings);
        System.out.println(result.line(settings));
        if (result.publicNanos() != null) {
            System.out.println(result.filterLine(settings));
        }
    }

    /** One workload's figures over the measured window. */
    /** @param serverCpuMs over the window: the processes given by PID, then those given by name (NaN when none given) */
    /** @param publicNanos filter: the times of the public page asked for after each signed-in one, sorted; else null */
    record Result(long flows, double seconds, long[] sortedNanos, Map<String, Long> errors, double serverCpuMs, double byPidMs,
                  double byNameMs, long[] publicNanos) {
        double perSecond() {
            return flows / seconds;
        }

        double percentileMs(double p) {
            return percentileMs(sortedNanos, p);
        }

        static double percentileMs(long[] sorted, double p) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
        }

        /**
         * The filter's share over HTTP, with the page's: the signed-in page (the filter checks the session, then
         * the page renders) against a public file of the same app asked for without a session (the
         * filter finds none and lets it through). The difference holds the page's own work too, and loopback round
         * trips vary by more than the filter costs: {@code FilterOverheadBenchmark} times the filter alone, in process.
         */
        String filterLine(Settings s) {
            double signedIn = percentileMs(50);
            double open = percentileMs(publicNanos, 50);
            return String.format("filter: signed-in page p50 %.3f ms, public file without a session p50 %.3f ms (p99 %.2f ms):"
                    + " the filter's check and the page's work together %.0f µs (%d and %d requests; a flow's CPU above covers"
                    + " both requests)", signedIn, open, percentileMs(publicNanos, 99), (signedIn - open) * 1000, sortedNanos.length,
                    publicNanos.length);
        }

        String line(Settings s) {
            long n = Math.max(1, flows);
            String cpu = Double.isNaN(serverCpuMs) ? "" : String.format(" server CPU %.2f ms/flow (%s %.2f, %s %.2f);",
                    serverCpuMs / n, "pid", byPidMs / n, String.join("+", s.processNames()), byNameMs / n);
            return String.format("%s: concurrency %d, %.0f s measured after %d s warm-up: %d flows, %.1f flows/s, p50 %.2f ms,"
                            + " p90 %.2f ms, p99 %.2f ms;%s errors %d %s", s.workload(), s.concurrency(), seconds,
                    s.warmup().toSeconds(), flows, perSecond(), percentileMs(50), percentileMs(90), percentileMs(99), cpu,
                    errors.values().stream().mapToLong(Long::longValue).sum(), errors.isEmpty() ? "" : errors);
        }
    }

    static Result run(Settings s) throws Exception {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10))
                .version(HttpClient.Version.HTTP_1_1).build();
        boolean filter = s.workload().equals("filter");
        boolean needsUsers = s.workload().equals("passkey-login") || s.workload().equals("refresh") || filter;
        boolean passwords = s.workload().equals("password-login");
        try (SmtpSink mail = needsUsers || passwords ? new SmtpSink(s.smtpPort()) : null) {
            Flows flows = new Flows(s, http, mail);
            List<Flows.User> users = new ArrayList<>();
            if (needsUsers) {
                String scim = flows.scimToken();
                for (int i = 0; i < s.concurrency(); i++) {
                    users.add(flows.newUser(scim));
                }
                System.out.println("set up " + users.size() + " users, each with a passkey made at a real login's offer");
            }
            List<Browser> signedIn = new ArrayList<>();
            if (filter) {
                for (Flows.User u : users) {
                    signedIn.add(flows.signInToApp(u));
                }
                System.out.println("signed in to " + s.appUrl() + " through the filter, once per virtual user");
            }
            // Password logins send a code each, and an account gets at most 5 an hour (the default cap): each virtual user
            // signs in to its own accounts in turn, each at most 5 times.
            List<List<Flows.User>> accounts = new ArrayList<>();
            if (passwords) {
                accounts = makeAccounts(flows, s);
                System.out.println("set up " + accounts.stream().mapToInt(List::size).sum() + " accounts through SCIM (password"
                        + " and email address), " + accounts.get(0).size() * 5 + " logins per virtual user at most");
            }
            List<List<Flows.User>> own = accounts;
            long[][] times = new long[s.concurrency()][];
            long[][] publicTimes = new long[s.concurrency()][];
            Map<String, Long> errors = new ConcurrentHashMap<>();
            long start = System.nanoTime();
            long measureFrom = start + s.warmup().toNanos();
            long end = measureFrom + s.duration().toNanos();
            List<Map<Long, Long>> cpuBefore = new ArrayList<>();
            CountDownLatch done = new CountDownLatch(s.concurrency());
            for (int v = 0; v < s.concurrency(); v++) {
                int user = v;
                Browser visitor = new Browser(http); // no session: the public file is what anyone gets
                Thread t = new Thread(() -> {
                    Window flowsTimed = new Window(measureFrom, end, errors, "");
                    Window publicTimed = new Window(measureFrom, end, errors, "public file: ");
                    int logins = 0;
                    try {
                        while (System.nanoTime() < end) {
                            if (passwords && logins >= own.get(user).size() * 5) { // the hourly cap: no code would come
                                errors.merge("accounts used up (raise --accounts)", 1L, Long::sum);
                                break;
                            }
                            int login = logins++;
                            boolean ok = flowsTimed.time(() -> {
                                switch (s.workload()) {
                                    case "discovery" -> flows.discovery();
                                    case "client-credentials" -> flows.clientCredentials();
                                    case "refresh" -> flows.refresh(users.get(user));
                                    case "password-login" -> flows.passwordLogin(own.get(user).get(login % own.get(user).size()));
                                    case "filter" -> flows.appPage(signedIn.get(user), s.appUrl());
                                    default -> users.get(user).refreshToken()[0] = flows.passkeyLogin(users.get(user));
                                }
                            });
                            if (filter && ok) { // the same app, a file the filter lets through, timed apart
                                publicTimed.time(() -> flows.appPage(visitor, s.appPublicUrl()));
                            }
                        }
                    } finally {
                        times[user] = flowsTimed.result();
                        publicTimes[user] = publicTimed.result();
                        done.countDown();
                    }
                }, "vu-" + v);
                t.setDaemon(true);
                t.start();
            }
            Thread.sleep(Math.max(0, (measureFrom - System.nanoTime()) / 1_000_000));
            cpuBefore.add(cpuTicks(s.pids(), List.of()));
            cpuBefore.add(cpuTicks(List.of(), s.processNames()));
            if (s.rssEvery().isPresent()) {
                watchMemory(s.pids().get(0), s.rssEvery().get(), end);
            } else {
                Thread.sleep(Math.max(0, (end - System.nanoTime()) / 1_000_000));
            }
            double byPid = cpuMs(cpuBefore.get(0), cpuTicks(s.pids(), List.of()));
            double byName = cpuMs(cpuBefore.get(1), cpuTicks(List.of(), s.processNames()));
            done.await();
            long[] all = Stream.of(times).flatMapToLong(Arrays::stream).sorted().toArray();
            double cpuMs = s.pids().isEmpty() && s.processNames().isEmpty() ? Double.NaN : byPid + byName;
            long[] open = filter ? Stream.of(publicTimes).flatMapToLong(Arrays::stream).sorted().toArray() : null;
            return new Result(all.length, s.duration().toNanos() / 1e9, all, errors, cpuMs, byPid, byName, open);
        }
    }

    /** Prints the server's resident memory now and every interval until the window ends (issue 13: flat over a long run). */
    private static void watchMemory(long pid, Duration every, long end) throws InterruptedException {
        long from = System.nanoTime();
        while (true) {
            System.out.printf("rss at %4d s: %s%n", (System.nanoTime() - from) / 1_000_000_000L, rss(pid));
            long next = Math.min(end, System.nanoTime() + every.toNanos());
            Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
            if (System.nanoTime() >= end) {
                System.out.printf("rss at %4d s: %s%n", (System.nanoTime() - from) / 1_000_000_000L, rss(pid));
                return;
            }
        }
    }

    static String rss(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                    .map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024 + " MiB").findFirst().orElse("unknown");
        } catch (IOException | RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /** One virtual user's times of one kind, and its errors, kept only when they fall inside the measured window. */
    private static final class Window {
        private final long from;
        private final long to;
        private final Map<String, Long> errors;
        private final String label;
        private long[] times = new long[1024];
        private int n;

        Window(long from, long to, Map<String, Long> errors, String label) {
            this.from = from;
            this.to = to;
            this.errors = errors;
            this.label = label;
        }

        /** Runs one flow (or request), timed. @return whether it went as Passgate answers a well-behaved client */
        boolean time(Runnable work) {
            long t0 = System.nanoTime();
            String failure = null;
            try {
                work.run();
            } catch (RuntimeException e) {
                failure = label + e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).split(":")[0];
            }
            long t1 = System.nanoTime();
            if (t0 >= from && t1 <= to) {
                if (failure != null) {
                    errors.merge(failure, 1L, Long::sum);
                } else {
                    if (n == times.length) {
                        times = Arrays.copyOf(times, n * 2);
                    }
                    times[n++] = t1 - t0;
                }
            }
            return failure == null;
        }

        long[] result() {
            return Arrays.copyOf(times, n);
        }
    }

    /** --accounts accounts made in parallel (one thread per virtual user), dealt out to the virtual users. */
    private static List<List<Flows.User>> makeAccounts(Flows flows, Settings s) throws Exception {
        String scim = flows.scimToken();
        List<List<Flows.User>> dealt = new ArrayList<>();
        List<Thread> makers = new ArrayList<>();
        List<RuntimeException> failed = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int v = 0; v < s.concurrency(); v++) {
            List<Flows.User> mine = new java.util.concurrent.CopyOnWriteArrayList<>();
            dealt.add(mine);
            int count = s.accounts() / s.concurrency();
            Thread t = new Thread(() -> {
                try {
                    for (int i = 0; i < count; i++) {
                        mine.add(flows.newAccount(scim));
                    }
                } catch (RuntimeException e) {
                    failed.add(e);
                }
            });
            makers.add(t);
            t.start();
        }
        for (Thread t : makers) {
            t.join();
        }
        if (!failed.isEmpty()) {
            throw failed.get(0);
        }
        return dealt;
    }

    /** USER_HZ: the unit of /proc's CPU times, 100 on every Linux architecture Java runs on. */
    static final int CLOCK_TICKS = 100;

    /**
     * utime + stime (fields 14 and 15 of /proc/PID/stat) of the given processes and of every process so named, by PID:
     * the window's CPU is the sum of each process's difference (a PostgreSQL backend that starts meanwhile counts
     * from zero; one that ends takes its time with it).
     */
    static Map<Long, Long> cpuTicks(List<Long> given, List<String> names) {
        List<Long> pids = new ArrayList<>(given);
        if (!names.isEmpty()) {
            try (Stream<Path> proc = Files.list(Path.of("/proc"))) {
                proc.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
                    try {
                        if (names.contains(Files.readString(p.resolve("comm")).strip())) {
                            pids.add(Long.parseLong(p.getFileName().toString()));
                        }
                    } catch (IOException gone) {
                        // ended meanwhile
                    }
                });
            } catch (IOException noProc) {
                return Map.of();
            }
        }
        Map<Long, Long> ticks = new java.util.HashMap<>();
        for (long pid : pids) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" "); // after "(comm) ": field 3 onwards
                ticks.put(pid, Long.parseLong(f[11]) + Long.parseLong(f[12]));
            } catch (IOException | RuntimeException gone) {
                // ended meanwhile
            }
        }
        return ticks;
    }

    /** Milliseconds of CPU between two readings, process by process. */
    static double cpuMs(Map<Long, Long> before, Map<Long, Long> after) {
        long ticks = 0;
        for (Map.Entry<Long, Long> e : after.entrySet()) {
            ticks += Math.max(0, e.getValue() - before.getOrDefault(e.getKey(), 0L));
        }
        return ticks * 1000.0 / CLOCK_TICKS;
    }
}
