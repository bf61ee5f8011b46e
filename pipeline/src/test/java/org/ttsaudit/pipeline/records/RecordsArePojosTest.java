package org.ttsaudit.pipeline.records;

import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Records cross operator boundaries: they must use Flink's POJO serializer, not Kryo. */
class RecordsArePojosTest {

    @ParameterizedTest
    @ValueSource(classes = {RawRequest.class, TtsRequest.class, Rejection.class, ParsedRecord.class, SynthesisResult.class, AuditRecord.class})
    void shouldBeSerializedAsAPojoWithoutKryo(Class<?> type) {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(type);
    }
}
