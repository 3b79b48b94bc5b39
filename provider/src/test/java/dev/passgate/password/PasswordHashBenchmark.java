package dev.passgate.password;

import java.util.Arrays;

/**
 * Issue 13: what one Argon2id check costs at the configured parameters (m = 19 MiB, t = 2, p = 1), with the hasher the
 * provider uses: the yardstick of the password-login workload ("within 15% of one hash"). Not a test: run by hand
 * after {@code mvn test-compile}, on one core as the provider runs in the benchmark, e.g. {@code taskset -c 0 java -cp
 * target/test-classes:target/classes:$(cat cp.txt) dev.passgate.password.PasswordHashBenchmark}. Prints the median
 * and the best of 30 checks after 20 to warm up, in milliseconds; then, with an argument N, N threads checking at once
 * on that core, as the provider's request threads do under load (each check walks its own 19 MiB).
 */
public final class PasswordHashBenchmark {
    public static void main(String[] args) {
        PasswordHasher hasher = new PasswordHasher();
        String stored = hasher.hash("bench password for passgate");
        for (int i = 0; i < 20; i++) {
            hasher.verify("bench password for passgate", stored);
        }
        double[] ms = new double[30];
        for (int i = 0; i < ms.length; i++) {
            long t0 = System.nanoTime();
            if (!hasher.verify("bench password for passgate", stored)) {
                throw new IllegalStateException("the password did not verify");
            }
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf("Argon2id check (m=19 MiB, t=2, p=1), Java %s: median %.1f ms, best %.1f ms%n",
                System.getProperty("java.version"), ms[ms.length / 2], ms[0]);
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        if (threads > 1) {
            java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
            long until = System.nanoTime() + 20_000_000_000L;
            Thread[] running = new Thread[threads];
            long t0 = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                running[t] = new Thread(() -> {
                    while (System.nanoTime() < until) {
                        hasher.verify("bench password for passgate", stored);
                        done.incrementAndGet();
                    }
                });
                running[t].start();
            }
            for (Thread t : running) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            System.out.printf("%d threads at once: %.1f ms of wall time per check%n", threads,
                    (System.nanoTime() - t0) / 1e6 / done.get());
        }
    }
}
