package org.ttsaudit.inference.batch;

import java.io.Serializable;

/** The serializable part of a handler: its configuration. The handler itself is made per subtask. */
@FunctionalInterface
public interface BatchHandlerFactory<IN, OUT> extends Serializable {
    BatchHandler<IN, OUT> create(int subtaskIndex) throws Exception;
}
