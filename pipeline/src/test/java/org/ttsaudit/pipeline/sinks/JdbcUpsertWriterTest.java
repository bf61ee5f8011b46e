package org.ttsaudit.pipeline.sinks;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;
import java.util.stream.Stream;
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
}
