package org.ttsaudit.pipeline.sinks;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * A JDBC driver for {@code jdbc:fake:NAME} that keeps, per database name, every upserted row in
 * commit order with the connection that wrote it, and can be told to fail the next statements.
 * Enough of Connection, PreparedStatement and ResultSet for the sink's writer, nothing more.
 */
final class FakeDatabase {
    /** One committed row: its values and the connection (in opening order) that wrote it. */
    record Row(List<Object> values, int connection) {}

    /** A statement as executed: how many rows it carried, on which connection. */
    record Executed(int rows, int connection) {}

    private static final TreeMap<String, FakeDatabase> DATABASES = new TreeMap<>();
    private static final AtomicInteger NAMES = new AtomicInteger();

    static {
        try {
            DriverManager.registerDriver(new FakeDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final String url;
    final List<Row> committed = new ArrayList<>();
    final List<Executed> executed = new ArrayList<>();
    final ConcurrentLinkedQueue<SQLException> failures = new ConcurrentLinkedQueue<>();
    final AtomicInteger connections = new AtomicInteger();
    volatile long maxAllowedPacket = 16 << 20;

    private FakeDatabase(String url) {
        this.url = url;
    }

    static synchronized FakeDatabase create() {
        String name = "db" + NAMES.incrementAndGet();
        FakeDatabase db = new FakeDatabase("jdbc:fake:" + name);
        DATABASES.put(name, db);
        return db;
    }

    synchronized List<Row> committed() {
        return List.copyOf(committed);
    }

    synchronized List<Executed> executed() {
        return List.copyOf(executed);
    }

    private Connection connect() {
        int id = connections.incrementAndGet();
        List<Row> pending = new ArrayList<>();
        boolean[] closed = {false};
        return proxy(Connection.class, (p, method, args) -> switch (method.getName()) {
            case "prepareStatement" -> statement((String) args[0], id, pending);
            case "createStatement" -> packetQuery();
            case "commit" -> {
                synchronized (this) {
                    committed.addAll(pending);
                }
                pending.clear();
                yield null;
            }
            case "rollback" -> {
                pending.clear();
                yield null;
            }
            case "isValid" -> !closed[0];
            case "close" -> {
                closed[0] = true;
                yield null;
            }
            case "setAutoCommit" -> null;
            default -> throw new UnsupportedOperationException(method.getName());
        });
    }

    private PreparedStatement statement(String sql, int connection, List<Row> pending) {
        int columns = sql.substring(0, sql.indexOf(" VALUES ")).split(",").length;
        List<Object> parameters = new ArrayList<>();
        return proxy(PreparedStatement.class, (p, method, args) -> switch (method.getName()) {
            case "setObject", "setString", "setLong", "setInt", "setDouble", "setNull" -> {
                int index = (Integer) args[0];
                while (parameters.size() < index) {
                    parameters.add(null);
                }
                parameters.set(index - 1, method.getName().equals("setNull") ? null : args[1]);
                yield null;
            }
            case "executeUpdate" -> {
                SQLException failure = failures.poll();
                if (failure != null) {
                    throw failure;
                }
                int rows = parameters.size() / columns;
                for (int r = 0; r < rows; r++) {
                    pending.add(new Row(Collections.unmodifiableList(new ArrayList<>(parameters.subList(r * columns, (r + 1) * columns))), connection));
                }
                synchronized (this) {
                    executed.add(new Executed(rows, connection));
                }
                parameters.clear();
                yield rows;
            }
            case "close" -> null;
            default -> throw new UnsupportedOperationException(method.getName());
        });
    }

    /** SELECT @@max_allowed_packet, the only plain query the writer sends. */
    private Statement packetQuery() {
        return proxy(Statement.class, (p, method, args) -> switch (method.getName()) {
            case "executeQuery" -> {
                boolean[] read = {false};
                yield proxy(ResultSet.class, (r, m, a) -> switch (m.getName()) {
                    case "next" -> !read[0] && (read[0] = true);
                    case "getLong" -> maxAllowedPacket;
                    case "close" -> null;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
            }
            case "close" -> null;
            default -> throw new UnsupportedOperationException(method.getName());
        });
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(FakeDatabase.class.getClassLoader(), new Class<?>[] {type}, handler);
    }

    private static final class FakeDriver implements Driver {
        @Override
        public Connection connect(String url, Properties info) {
            if (!acceptsURL(url)) {
                return null;
            }
            String name = url.substring("jdbc:fake:".length()).split("\\?")[0];
            synchronized (FakeDatabase.class) {
                return DATABASES.get(name).connect();
            }
        }

        @Override
        public boolean acceptsURL(String url) {
            return url.startsWith("jdbc:fake:");
        }

        @Override
        public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
            return new DriverPropertyInfo[0];
        }

        @Override
        public int getMajorVersion() {
            return 1;
        }

        @Override
        public int getMinorVersion() {
            return 0;
        }

        @Override
        public boolean jdbcCompliant() {
            return false;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }
    }
}
