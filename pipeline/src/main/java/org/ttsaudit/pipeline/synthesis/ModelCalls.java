package org.ttsaudit.pipeline.synthesis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Splits a batch into model calls whose padded output stays under a memory budget: rows are padded
 * to the longest one, so rows are taken shortest first and a few long ones go together rather than
 * with many short ones.
 */
final class ModelCalls {
    private ModelCalls() {}

    /**
     * {@code samples}: a row's expected output length in samples; {@code maxSamples}: rows x longest,
     * per call; {@code maxRows}: rows per call.
     */
    static <T> List<List<T>> split(List<T> rows, ToDoubleFunction<T> samples, double maxSamples, int maxRows) {
        List<T> byLength = new ArrayList<>(rows);
        byLength.sort(Comparator.comparingDouble(samples));
        List<List<T>> calls = new ArrayList<>();
        List<T> call = new ArrayList<>();
        for (T row : byLength) {
            if (call.size() == maxRows || !call.isEmpty() && (call.size() + 1) * samples.applyAsDouble(row) > maxSamples) {
                calls.add(call);
                call = new ArrayList<>();
            }
            call.add(row);
        }
        if (!call.isEmpty()) {
            calls.add(call);
        }
        return calls;
    }
}
