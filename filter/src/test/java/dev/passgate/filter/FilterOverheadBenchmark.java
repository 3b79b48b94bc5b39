package dev.passgate.filter;

import java.nio.file.Files;
import java.util.Arrays;

import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * Issue 13: what the filter costs an application on a request that is already signed in (target: under 50 µs at the
 * median). The filter in a real Servlet 6 container (embedded Tomcat), signed in once through {@link FakeProvider};
 * a stopwatch filter mapped before it notes the time, the page behind it reads the time again: what lies between is
 * the Passgate filter alone (session, revocation check, expiry, the request wrapper), without the network's noise,
 * which on loopback is larger than the filter. Not a test: run by hand after {@code mvn test-compile}, e.g.
 * {@code java -cp filter/target/test-classes:filter/target/classes:$(cat filter/cp.txt)
 * dev.passgate.filter.FilterOverheadBenchmark [requests]}. Prints the filter's time and the whole round trip.
 */
public final class FilterOverheadBenchmark {
    private static final String STARTED = "bench.started";

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        try (FakeProvider provider = new FakeProvider()) {
            Tomcat tomcat = new Tomcat();
            tomcat.setBaseDir(Files.createTempDirectory("passgate-bench-tomcat").toString());
            tomcat.setPort(0);
            tomcat.getConnector();
            Context context = tomcat.addContext("/app", null);
            add(context, "stopwatch", new Stopwatch(), java.util.Map.of());
            add(context, "passgate", new PassgateFilter(), java.util.Map.of("issuer", provider.issuer, "client-id", "sample-app",
                    "client-secret", FakeProvider.SECRET, "public-paths", "/static/"));
            Tomcat.addServlet(context, "page", new Page());
            context.addServletMappingDecoded("/", "page");
            tomcat.start();
            try {
                String page = "http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/app/profile";
                TestBrowser browser = new TestBrowser();
                if (browser.follow(browser.get(page)).statusCode() != 200) {
                    throw new IllegalStateException("the sign-in through the fake provider failed");
                }
                measure(browser, page, requests); // warm-up: the JIT compiles the filter's path
                long[][] timed = measure(browser, page, requests);
                System.out.printf("Passgate filter on a signed-in request, %d requests, Java %s: filter p50 %.1f µs, p90 %.1f µs,"
                                + " p99 %.1f µs; whole round trip on loopback p50 %.1f µs%n", requests,
                        System.getProperty("java.version"), p(timed[0], 50), p(timed[0], 90), p(timed[0], 99), p(timed[1], 50));
            } finally {
                tomcat.stop();
                tomcat.destroy();
            }
        }
    }

    /** @return the filter's nanoseconds and the round trips', each sorted */
    private static long[][] measure(TestBrowser browser, String page, int requests) throws Exception {
        long[] filter = new long[requests];
        long[] trip = new long[requests];
        for (int i = 0; i < requests; i++) {
            long t0 = System.nanoTime();
            var r = browser.get(page);
            trip[i] = System.nanoTime() - t0;
            if (r.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + r.statusCode() + ": the session did not hold");
            }
            filter[i] = Long.parseLong(r.body().strip());
        }
        Arrays.sort(filter);
        Arrays.sort(trip);
        return new long[][] {filter, trip};
    }

    private static double p(long[] sorted, int percentile) {
        return sorted[Math.min(sorted.length - 1, sorted.length * percentile / 100)] / 1000.0;
    }

    private static void add(Context context, String name, jakarta.servlet.Filter filter, java.util.Map<String, String> params) {
        FilterDef def = new FilterDef();
        def.setFilterName(name);
        def.setFilter(filter);
        def.setFilterClass(filter.getClass().getName());
        params.forEach(def::addInitParameter);
        context.addFilterDef(def);
        FilterMap mapping = new FilterMap();
        mapping.setFilterName(name);
        mapping.addURLPattern("/*");
        context.addFilterMap(mapping);
    }

    /** Notes when the request reached the filters. */
    static final class Stopwatch extends HttpFilter {
        @Override
        protected void doFilter(HttpServletRequest request, HttpServletResponse response, jakarta.servlet.FilterChain chain)
                throws java.io.IOException, jakarta.servlet.ServletException {
            request.setAttribute(STARTED, System.nanoTime());
            chain.doFilter(request, response);
        }
    }

    /** Answers how long the request took from the stopwatch to here, in nanoseconds; refuses an anonymous request. */
    static final class Page extends HttpServlet {
        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws java.io.IOException {
            long reached = System.nanoTime();
            if (request.getAttribute(OidcUser.REQUEST_ATTRIBUTE) == null) {
                response.sendError(403);
                return;
            }
            response.setContentType("text/plain");
            response.getWriter().print(reached - (Long) request.getAttribute(STARTED));
        }
    }
}
