package org.ttsaudit.pipeline.sinks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.streaming.runtime.tasks.TestProcessingTimeService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JdbcUpsertWriterTest {

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("transient", new SQLTransientException("busy"), true),
                Arguments.of("transient connection", new SQLTransientConnectionException("pool"), true),
                Arguments.of("query timeout", new SQLTimeoutException("timeout"), true),
                Arguments.of("recoverable", new SQLRecoverableException("reconnect"), true),
                Arguments.of("communications link failure 08S01",
                        new SQLNonTransientConnectionException("Communications link failure", "08S01", 0), true),
                Arguments.of("connection refused 08001", new SQLException("refused", "08001", 0), true),
                Arguments.of("deadlock 1213", new SQLException("Deadlock found when trying to get lock", "40001", 1213), true),
                Arguments.of("deadlock 1213, generic state", new SQLException("Deadlock", "HY000", 1213), true),
                Arguments.of("lock wait timeout 1205", new SQLException("Lock wait timeout exceeded", "HY000", 1205), true),
                Arguments.of("batch failure caused by a deadlock", new BatchUpdateException("batch", null, 0, new int[0],
                        new SQLException("Deadlock", "40001", 1213)), true),
                Arguments.of("syntax error 1064", new SQLSyntaxErrorException("You have an error in your SQL syntax", "42000", 1064), false),
                Arguments.of("syntax error 1064 as a plain SQLException", new SQLException("syntax", "42000", 1064), false),
                Arguments.of("duplicate key 1062", new SQLIntegrityConstraintViolationException("Duplicate", "23000", 1062), false),
                Arguments.of("data too long 1406", new SQLException("Data too long", "22001", 1406), false),
                Arguments.of("no state, no code", new SQLException("unknown"), false));
    }

    @ParameterizedTest(name = "{0} -> retry {2}")
    @MethodSource("errors")
    void shouldRetryOnlyErrorsThatMayPass(String name, SQLException error, boolean retry) {
        assertThat(JdbcUpsertWriter.transientError(error)).isEqualTo(retry);
    }

    /** key, value: rows of a two-column table keyed on k. */
    private static final UpsertTable<String[]> KEYED =
            new UpsertTable<String[]>("t", List.of("k", "v"), List.of("k"), r -> new Object[] {r[0], r[1]}).orderedBy("k");

    private final FakeDatabase db = FakeDatabase.create();
    private final TestProcessingTimeService timers = new TestProcessingTimeService();
    private final SinkWriterMetricGroup metrics = UnregisteredMetricsGroup.createSinkWriterMetricGroup();

    private JdbcUpsertWriter<String[]> writer(UpsertTable<String[]> table, int batchSize, int connections) {
        JdbcSettings settings = new JdbcSettings(db.url, "writer", new Configuration(), batchSize, 500, 3, connections);
        return new JdbcUpsertWriter<>(settings, table, timers, metrics);
    }

    private static void write(JdbcUpsertWriter<String[]> writer, String key, String value) throws Exception {
        writer.write(new String[] {key, value}, null);
    }

    @Test
    void shouldHaveCommittedEveryRowWhenFlushReturns() throws Exception {
        JdbcUpsertWriter<String[]> writer = writer(KEYED, 4, 2);
        for (int i = 0; i < 10; i++) {
            write(writer, "k" + i, "v" + i);
        }
        writer.flush(false);

        assertThat(db.committed()).extracting(r -> r.values().get(0))
                .containsExactlyInAnyOrder("k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9");
        writer.close();
    }

    @Test
    void shouldWriteEveryRowOfOneKeyOverOneConnectionInTheOrderItCame() throws Exception {
        JdbcUpsertWriter<String[]> writer = writer(KEYED, 6, 3);
        for (int i = 0; i < 40; i++) {
            write(writer, "a", String.valueOf(i));
            write(writer, "other-" + i, "x");
        }
        writer.flush(true);

        List<FakeDatabase.Row> rowsOfA = db.committed().stream().filter(r -> r.values().get(0).equals("a")).toList();
        assertThat(rowsOfA).extracting(r -> r.values().get(1))
                .containsExactlyElementsOf(IntStream.range(0, 40).mapToObj(String::valueOf).toList());
        assertThat(rowsOfA).extracting(FakeDatabase.Row::connection).containsOnly(rowsOfA.get(0).connection());
        assertThat(db.committed()).extracting(FakeDatabase.Row::connection).as("the other keys use every lane")
                .containsOnly(1, 2, 3);
        writer.close();
    }

    @Test
    void shouldUseOneConnectionForATableWithoutAnOrderColumn() throws Exception {
        UpsertTable<String[]> unordered = new UpsertTable<>("t", List.of("k", "v"), List.of("k"), r -> new Object[] {r[0], r[1]});
        JdbcUpsertWriter<String[]> writer = writer(unordered, 3, 4);
        for (int i = 0; i < 20; i++) {
            write(writer, "k" + i, "v");
        }
        writer.flush(false);

        assertThat(db.committed()).hasSize(20).extracting(FakeDatabase.Row::connection).containsOnly(1);
        writer.close();
    }

    @Test
    void shouldPutAFullBatchIntoOneStatementAndSplitItWhereThePacketWouldOverflow() throws Exception {
        JdbcUpsertWriter<String[]> one = writer(KEYED, 50, 1);
        for (int i = 0; i < 50; i++) {
            write(one, "k" + i, "v");
        }
        one.flush(false);
        assertThat(db.executed()).extracting(FakeDatabase.Executed::rows).containsExactly(50);
        one.close();

        FakeDatabase small = FakeDatabase.create();
        small.maxAllowedPacket = 4_000;
        JdbcSettings settings = new JdbcSettings(small.url, "writer", new Configuration(), 50, 500, 3, 1);
        JdbcUpsertWriter<String[]> split = new JdbcUpsertWriter<>(settings, KEYED, timers, metrics);
        for (int i = 0; i < 50; i++) {
            write(split, "k" + i, "x".repeat(100));
        }
        split.flush(false);

        assertThat(small.committed()).hasSize(50);
        assertThat(small.executed()).hasSizeGreaterThan(1).allSatisfy(e -> assertThat(e.rows()).isLessThan(50));
        split.close();
    }

    @Test
    void shouldRetryATransientFailureOnAFreshConnection() throws Exception {
        db.failures.add(new SQLTransientConnectionException("connection reset"));
        JdbcUpsertWriter<String[]> writer = writer(KEYED, 10, 1);
        write(writer, "k1", "v1");
        writer.flush(false);

        assertThat(db.committed()).extracting(r -> r.values().get(0)).containsExactly("k1");
        assertThat(db.connections.get()).isEqualTo(2);
        writer.close();
    }

    @Test
    void shouldFailTheFlushOnAnErrorThatRetryingCannotFix() throws Exception {
        db.failures.add(new SQLSyntaxErrorException("You have an error in your SQL syntax", "42000", 1064));
        JdbcUpsertWriter<String[]> writer = writer(KEYED, 10, 2);
        write(writer, "k1", "v1");

        assertThatThrownBy(() -> writer.flush(false)).isInstanceOf(IOException.class).hasMessageContaining("syntax");
        assertThat(db.committed()).isEmpty();
        writer.close();
    }

    @Test
    void shouldSendAPartialBatchWhenTheFlushIntervalPasses() throws Exception {
        JdbcUpsertWriter<String[]> writer = writer(KEYED, 100, 2);
        write(writer, "k1", "v1");
        timers.advance(500);

        long deadline = System.nanoTime() + 5_000_000_000L;
        while (db.committed().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(db.committed()).extracting(r -> r.values().get(0)).containsExactly("k1");
        writer.close();
    }
}
