package org.ttsaudit.inference.batch;

/** Given to {@link BatchHandler#failed} for requests refused while the circuit is open. */
public final class CircuitOpenException extends Exception {
    private static final long serialVersionUID = 1L;

    CircuitOpenException(int failures) {
        super("the model failed " + failures + " batches in a row; requests fail fast until it recovers", null, false, false);
    }
}
