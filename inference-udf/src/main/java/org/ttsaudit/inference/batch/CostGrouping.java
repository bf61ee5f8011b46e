package org.ttsaudit.inference.batch;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Which queued requests go into the next batch. A model call on padded rows costs as much as its
 * longest row times the rows, so short requests batched with long ones pay for padding. When
 * more requests wait than fit, the batch takes the oldest one and the others whose cost hint
 * ({@link BatchHandler#cost}) is nearest to its own. The oldest always goes, so no request waits
 * longer than the ones queued ahead of it take. Equal hints keep arrival order.
 */
public final class CostGrouping {
    private CostGrouping() {}

    /**
     * Indices into {@code costs} (queued requests, oldest first) of the next batch of at most
     * {@code maxBatchSize}, in ascending order; index 0 is always among them.
     */
    public static int[] pick(double[] costs, int maxBatchSize) {
        if (costs.length <= maxBatchSize) {
            return IntStream.range(0, costs.length).toArray();
        }
        double oldest = costs[0];
        int[] picked = IntStream.range(1, costs.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> Math.abs(costs[i] - oldest)).thenComparingInt(i -> i))
                .limit(maxBatchSize - 1L)
                .mapToInt(Integer::intValue)
                .toArray();
        int[] batch = new int[maxBatchSize];
        System.arraycopy(picked, 0, batch, 1, picked.length);
        Arrays.sort(batch);
        return batch;
    }
}
