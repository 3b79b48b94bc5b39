package dev.passgate.web.pages;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.passgate.login.LoginError;
import dev.passgate.web.View;

/**
 * Mean cost of rendering each login page with Thymeleaf (templates cached, as in production).
 * Not a test: run by hand after {@code mvn test-compile}, with the test class path, e.g.
 * {@code java -cp target/test-classes:target/classes:$(cat cp.txt) dev.passgate.web.pages.RenderBenchmark}.
 */
public final class RenderBenchmark {
    private static final int WARM_UP = 20_000;
    private static final int MEASURED = 50_000;

    public static void main(String[] args) {
        Pages pages = new Pages(new PagesSettings(Optional.empty(), Locale.ENGLISH));
        List<View> views = List.of(
                PageSamples.login("login/identify", Optional.empty()),
                PageSamples.login("login/passkey", Optional.of(LoginError.PASSKEY_TIMED_OUT)),
                PageSamples.login("login/password", Optional.empty()),
                PageSamples.login("login/code", Optional.empty()),
                PageSamples.login("login/offer", Optional.empty()));
        long sink = 0;
        for (int i = 0; i < WARM_UP; i++) {
            sink += pages.render(views.get(i % views.size()), Locale.ENGLISH, "").length();
        }
        for (View view : views) {
            long start = System.nanoTime();
            for (int i = 0; i < MEASURED; i++) {
                sink += pages.render(view, i % 2 == 0 ? Locale.ENGLISH : Locale.GERMAN, "").length();
            }
            double micros = (System.nanoTime() - start) / 1e3 / MEASURED;
            System.out.printf("%-20s %6.1f µs per page%n", view.template(), micros);
        }
        System.out.println("(checksum " + sink + ")");
    }
}
