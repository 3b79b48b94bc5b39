package dev.passgate.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.passgate.config.PassgateSettings.DatabaseSettings;

/**
 * The connection pool keeps its connections: under concurrency far above the pool size, every
 * transaction runs on one of the {@code poolSize} PostgreSQL backends opened at start-up, never
 * on a new one. (EclipseLink's own pool, used before, opened a backend per transaction beyond
 * its minimum of two: 15,422 connections for 200 logins at concurrency 4.)
 *
 * <p>A backend is identified by {@code pg_backend_pid()}, read inside each transaction: a
 * connection closed and reopened gets a new pid. Throughput at concurrency 4 and 64 is printed,
 * not asserted (it depends on the machine); the count of backends is asserted.
 *
 * <p>On {@link TestPostgres}: skipped without a server, failed without one in CI.
 */
class DatabasePoolIT {
    static final int POOL_SIZE = 16; // the default of passgate.db.pool-size

    static Database db;

    @BeforeAll
    static void open() {
        TestPostgres.freshSchemaOrSkip("DatabasePoolIT");
        db = Database.open(new DatabaseSettings(TestPostgres.URL, TestPostgres.USER, TestPostgres.PASSWORD, POOL_SIZE));
    }

    @AfterAll
    static void close() {
        if (db != null) {
            db.close();
        }
    }

    /**
     * Two requests that lock the same two rows in opposite orders: PostgreSQL ends one (a deadlock, SQLSTATE 40P01),
     * and what reaches the error mapper is recognised as contention (a 503 that says to try again), not a defect
     * (a 500 and a stack trace in the log). The other request commits.
     */
    @Test
    void unitsWhenTheyLockTwoRowsInOppositeOrdersThenOneEndsAsContentionAndTheOtherCommits() throws Exception {
        db.run(em -> em.createNativeQuery("CREATE TABLE IF NOT EXISTS deadlock_probe (id INT PRIMARY KEY, n INT)").executeUpdate());
        db.run(em -> em.createNativeQuery("DELETE FROM deadlock_probe").executeUpdate());
        db.run(em -> em.createNativeQuery("INSERT INTO deadlock_probe VALUES (1, 0), (2, 0)").executeUpdate());
        java.util.concurrent.CyclicBarrier bothHoldOne = new java.util.concurrent.CyclicBarrier(2);
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            List<Future<Object>> runs = new ArrayList<>();
            for (int[] order : new int[][] {{1, 2}, {2, 1}}) {
                runs.add(two.submit(() -> db.run(() -> {
                    bump(order[0]);
                    try {
                        bothHoldOne.await(10, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    bump(order[1]);
                    return null;
                })));
            }
            List<Throwable> failures = new ArrayList<>();
            for (Future<Object> run : runs) {
                try {
                    run.get(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    failures.add(e.getCause());
                }
            }
            assertEquals(1, failures.size(), "one of the two is ended, the other commits");
            assertEquals("40P01", dev.passgate.web.UnexpectedErrorMapper.contention(failures.get(0)),
                    () -> "not recognised as contention: " + failures.get(0));
            assertEquals(2L, ((Number) db.inTransaction(em -> em.createNativeQuery(
                    "SELECT SUM(n) FROM deadlock_probe").getSingleResult())).longValue(), "the survivor's two bumps, only");
        } finally {
            two.shutdownNow();
        }
    }

    private static void bump(int id) {
        db.run(em -> em.createNativeQuery("UPDATE deadlock_probe SET n = n + 1 WHERE id = " + id).executeUpdate());
    }

    @Test
    void transactionsWhenConcurrencyIs4Then16BackendsAtMost() throws Exception {
        Run run = run(4, 2_000);
        assertEquals(0, run.errors, () -> "every transaction commits: " + run.firstError);
        assertTrue(run.backends.size() <= POOL_SIZE, () -> run.backends.size() + " PostgreSQL backends served the run");
    }

    @Test
    void transactionsWhenConcurrencyIs64ThenStillTheSameBackends() throws Exception {
        run(64, 500); // warm-up: the pool is full and the JIT has seen the path
        Run run = run(64, 4_000);
        assertEquals(0, run.errors,
                () -> "every transaction commits: 64 threads wait for 16 connections, none times out: " + run.firstError);
        assertTrue(run.backends.size() <= POOL_SIZE, () -> run.backends.size() + " PostgreSQL backends served the run");
        assertEquals(POOL_SIZE, db.openConnections(), "the pool stays full between bursts");
    }

    /** One login-sized transaction: a read of a login row, a write of an audit row. */
    private static long oneTransaction() {
        return db.inTransaction(em -> {
            long pid = ((Number) em.createNativeQuery("SELECT pg_backend_pid()").getSingleResult()).longValue();
            em.createNativeQuery("SELECT count(*) FROM login_transactions WHERE id_hash = ?1")
                    .setParameter(1, "absent").getSingleResult();
            return pid;
        });
    }

    private record Run(Set<Long> backends, int errors, RuntimeException firstError) {}

    private static Run run(int concurrency, int transactions) throws Exception {
        Set<Long> backends = ConcurrentHashMap.newKeySet();
        AtomicInteger left = new AtomicInteger(transactions);
        AtomicInteger errors = new AtomicInteger();
        AtomicReference<RuntimeException> firstError = new AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int i = 0; i < concurrency; i++) {
                workers.add(pool.submit(() -> {
                    while (left.getAndDecrement() > 0) {
                        try {
                            backends.add(oneTransaction());
                        } catch (RuntimeException e) {
                            errors.incrementAndGet();
                            firstError.compareAndSet(null, e);
                        }
                    }
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("DatabasePoolIT: concurrency %d, %d transactions in %.2f s = %.0f/s on %d backends (pool %d)%n",
                concurrency, transactions, seconds, transactions / seconds, backends.size(), POOL_SIZE);
        return new Run(backends, errors.get(), firstError.get());
    }
}
