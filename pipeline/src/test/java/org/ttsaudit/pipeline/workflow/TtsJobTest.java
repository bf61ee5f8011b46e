package org.ttsaudit.pipeline.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.ttsaudit.pipeline.records.AuditRecord;

class TtsJobTest {

    @Test
    void shouldGiveTheAuditLogSinkItsWritersPerSubtaskOfTheStream() {
        assertThat(auditLogSinkParallelism(3, 2)).isEqualTo(6);
        assertThat(auditLogSinkParallelism(3, 1)).isEqualTo(3);
    }

    @Test
    void shouldRefuseFewerThanOneWriter() {
        assertThatThrownBy(() -> TtsJob.auditLog(new NoSink(), 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sink.writers");
    }

    private static int auditLogSinkParallelism(int streamParallelism, int writers) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DataStream<AuditRecord> audit = env.fromData(TypeInformation.of(AuditRecord.class), new AuditRecord())
                .map(r -> r).returns(AuditRecord.class).setParallelism(streamParallelism);
        TtsJob.auditLog(new NoSink(), writers).accept(audit);
        return env.getTransformations().stream().filter(t -> "audit-log-mysql".equals(t.getName()))
                .mapToInt(Transformation::getParallelism).findFirst().orElseThrow();
    }

    /** A sink that is never run: the test looks at the graph only. */
    private static final class NoSink implements Sink<AuditRecord> {
        @Override
        public SinkWriter<AuditRecord> createWriter(WriterInitContext context) {
            throw new UnsupportedOperationException();
        }
    }
}
