package dev.passgate.persistence;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;

import javax.sql.DataSource;

/**
 * The pool as EclipseLink and Flyway see it, counting commits: each {@link Connection#commit()} is a
 * transaction that wrote (EclipseLink begins a database transaction only for writes and locks), and so
 * a log flush on the database. What a login costs in commits is a number the build checks
 * ({@code CommitCountIT}) and operators read ({@code passgate_db_commits}).
 *
 * <p>Only the connection is wrapped (a handful of calls per transaction); statements are the driver's own.
 */
final class CommittingDataSource implements DataSource {
    private final DataSource pool;
    private final LongAdder commits = new LongAdder();

    CommittingDataSource(DataSource pool) {
        this.pool = pool;
    }

    long commits() {
        return commits.sum();
    }

    @Override
    public Connection getConnection() throws SQLException {
        return counting(pool.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return counting(pool.getConnection(username, password));
    }

    private Connection counting(Connection connection) {
        InvocationHandler handler = (proxy, method, args) -> {
            switch (method.getName()) {
                case "unwrap" -> {
                    if (args != null && args[0] == Connection.class) {
                        return proxy;
                    }
                }
                case "equals" -> {
                    return proxy == args[0];
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                default -> {
                }
            }
            try {
                Object result = method.invoke(connection, args);
                if (method.getName().equals("commit") && (args == null || args.length == 0)) {
                    commits.increment();
                }
                return result;
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(this) ? type.cast(this) : pool.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || pool.isWrapperFor(type);
    }
}
