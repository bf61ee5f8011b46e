package org.ttsaudit.inference.batch;

import java.util.function.LongSupplier;

/**
 * Closed while batches succeed; open after {@code threshold} failed batches in a row, so requests
 * fail fast instead of waiting on a broken model; after {@code cooldownMs} one trial batch is let
 * through (half-open): its success closes the circuit, its failure opens it for another cool-down.
 * Used by the batcher's single worker thread only.
 */
final class CircuitBreaker {
    enum State { CLOSED, OPEN, HALF_OPEN }

    private final int threshold;
    private final long cooldownMs;
    private final LongSupplier clockMs;
    private int consecutiveFailures;
    private long openedAt;
    private State state = State.CLOSED;

    CircuitBreaker(int threshold, long cooldownMs, LongSupplier clockMs) {
        this.threshold = threshold;
        this.cooldownMs = cooldownMs;
        this.clockMs = clockMs;
    }

    /** Whether the next batch may call the model; moves an expired open circuit to half-open. */
    boolean allows() {
        if (state == State.OPEN && clockMs.getAsLong() - openedAt >= cooldownMs) {
            state = State.HALF_OPEN;
        }
        return state != State.OPEN;
    }

    void succeeded() {
        consecutiveFailures = 0;
        state = State.CLOSED;
    }

    void failed() {
        consecutiveFailures++;
        if (state == State.HALF_OPEN || consecutiveFailures >= threshold) {
            state = State.OPEN;
            openedAt = clockMs.getAsLong();
        }
    }

    State state() {
        return state;
    }
}
