package org.ttsaudit.inference.batch;

import java.util.List;

/**
 * One micro-batch as the handler sees it: the inputs in arrival order and how long each waited in
 * the queue before the batch started.
 */
public record Batch<IN>(List<IN> inputs, long[] queueWaitMs) {
    public int size() {
        return inputs.size();
    }
}
