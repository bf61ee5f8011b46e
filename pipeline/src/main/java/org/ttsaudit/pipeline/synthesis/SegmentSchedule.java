package org.ttsaudit.pipeline.synthesis;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The segments waiting for the model, and which of them the next model call takes. A call first
 * takes the first segment of every request that has not started, so that a request that arrives
 * while long ones are under way is in the very next call (a short one is then done); then the
 * remaining segments, oldest request first, so that long requests finish one after another and
 * only a few hold their audio at once. A call's padded output (rows times its longest row) stays
 * within the memory bound and the model's rows per call; a single row always goes.
 */
final class SegmentSchedule {
    /** One row of a call: segment {@code segment} of {@code request}. */
    record Row(SegmentedRequest request, int segment) {
        SynthesisInput input() {
            return request.prepared.segments().get(segment);
        }
    }

    private final List<SegmentedRequest> waiting = new ArrayList<>();
    private final ToDoubleFunction<SynthesisInput> samples;
    private final double maxSamples;
    private final int maxRows;

    /** {@code maxRows}: the model's rows per call (a Piper voice takes one). */
    SegmentSchedule(ToDoubleFunction<SynthesisInput> samples, double maxSamples, int maxRows) {
        this.samples = samples;
        this.maxSamples = maxSamples;
        this.maxRows = maxRows;
    }

    void add(SegmentedRequest request) {
        waiting.add(request);
    }

    void remove(SegmentedRequest request) {
        waiting.remove(request);
    }

    boolean isEmpty() {
        return waiting.isEmpty();
    }

    /** The rows of the next call, in the order above; empty when nothing waits. */
    List<Row> nextCall() {
        Map<SegmentedRequest, Integer> next = new LinkedHashMap<>();
        List<Row> call = new ArrayList<>();
        double[] longest = {0};
        for (SegmentedRequest r : waiting) {
            if (r.done == 0 && !take(call, longest, r, 0)) {
                return call;
            }
            next.put(r, r.done == 0 ? 1 : r.done);
        }
        for (Map.Entry<SegmentedRequest, Integer> e : next.entrySet()) {
            for (int s = e.getValue(); s < e.getKey().audio.length; s++) {
                if (!take(call, longest, e.getKey(), s)) {
                    return call;
                }
            }
        }
        return call;
    }

    private boolean take(List<Row> call, double[] longest, SegmentedRequest r, int segment) {
        Row row = new Row(r, segment);
        double width = Math.max(longest[0], samples.applyAsDouble(row.input()));
        if (!call.isEmpty() && (call.size() == maxRows || (call.size() + 1) * width > maxSamples)) {
            return false;
        }
        longest[0] = width;
        call.add(row);
        return true;
    }

    /** Drops the requests that are finished, after their call. */
    List<SegmentedRequest> takeFinished() {
        List<SegmentedRequest> finished = new ArrayList<>();
        for (Iterator<SegmentedRequest> it = waiting.iterator(); it.hasNext(); ) {
            SegmentedRequest r = it.next();
            if (r.finished()) {
                finished.add(r);
                it.remove();
            }
        }
        return finished;
    }
}
