package org.ttsaudit.inference.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.typeutils.base.IntSerializer;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.operators.async.AsyncWaitOperatorFactory;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Drives the operator the way Flink does: {@link AsyncWaitOperatorFactory} in a test harness,
 * records in, {@code endInput()}, then the collected output. The handler is a small arithmetic
 * one so that the batching, timeout, retry and circuit-breaker paths can be observed directly.
 */
class MicroBatchingAsyncFunctionTest {

    /**
     * Records every batch it sees; answers x -> x * 10, "timeout" -> -1, "failed" -> -2. The output
     * for 99 fails on its own after the batch ran (as a clip that cannot be stored would); 404 is
     * rejected in admission (-4), 405 fails in admission (-2), and 500 and above are admitted only
     * once {@code admission} opens (as a slow reference fetch would be); 701..799 take further calls.
     */
    static final class RecordingHandler implements BatchHandler<Integer, Integer> {
        static final List<List<Integer>> BATCHES = new CopyOnWriteArrayList<>();
        static final AtomicBoolean CLOSED = new AtomicBoolean();
        static volatile CountDownLatch gate = new CountDownLatch(0);
        /** Counted down when a batch reaches the handler, before it waits at the gate. */
        static volatile CountDownLatch entered = new CountDownLatch(1);
        static volatile boolean explode;
        /** Batches that fail with a retryable error before the handler recovers. */
        static final AtomicInteger TRANSIENT_FAILURES = new AtomicInteger();
        static final AtomicInteger CALLS = new AtomicInteger();
        /** When set, outputs finish on another thread once it opens, after handle() returned. */
        static volatile CountDownLatch finishing;
        static final ExecutorService FINISHERS = Executors.newCachedThreadPool();
        static volatile CountDownLatch admission = new CountDownLatch(0);
        /** Requests 701..799 are done only after (x - 700) further calls; the worker thread's own. */
        static final List<Spread> SPREAD = new java.util.ArrayList<>();

        @Override
        public CompletableFuture<Integer> admit(Integer input) {
            if (input == 404) {
                return CompletableFuture.completedFuture(-4);
            }
            if (input == 405) {
                return CompletableFuture.failedFuture(new IllegalStateException("admission failed"));
            }
            if (input < 500) {
                return CompletableFuture.completedFuture(null);
            }
            CountDownLatch gate = admission;
            return CompletableFuture.supplyAsync(() -> {
                await(gate);
                return null;
            }, FINISHERS);
        }

        @Override
        public List<CompletableFuture<Integer>> handle(Batch<Integer> batch) throws Exception {
            entered.countDown();
            gate.await(10, TimeUnit.SECONDS);
            CALLS.incrementAndGet();
            if (TRANSIENT_FAILURES.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new java.io.IOException("device busy");
            }
            BATCHES.add(List.copyOf(batch.inputs()));
            if (explode) {
                throw new IllegalStateException("model failed");
            }
            SPREAD.removeIf(Spread::step);
            return batch.inputs().stream().map(RecordingHandler::output).toList();
        }

        @Override
        public boolean hasUnfinishedWork() {
            return !SPREAD.isEmpty();
        }

        /** A request that needs {@code remaining} more calls after its own, as a long text cut into segments does. */
        record Spread(int input, int[] remaining, CompletableFuture<Integer> output) {
            /** One more call made; true once the request is done. */
            boolean step() {
                if (--remaining[0] > 0) {
                    return false;
                }
                output.complete(input * 10);
                return true;
            }
        }

        private static CompletableFuture<Integer> output(int x) {
            if (x > 700 && x < 800) {
                Spread spread = new Spread(x, new int[] {x - 700}, new CompletableFuture<>());
                SPREAD.add(spread);
                return spread.output();
            }
            if (x == 99) {
                return CompletableFuture.failedFuture(new java.io.UncheckedIOException(new java.io.IOException("disk full")));
            }
            CountDownLatch later = finishing;
            if (later == null) {
                return CompletableFuture.completedFuture(x * 10);
            }
            return CompletableFuture.supplyAsync(() -> {
                await(later);
                return x * 10;
            }, FINISHERS);
        }

        private static void await(CountDownLatch latch) {
            try {
                latch.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public Integer timedOut(Integer input, long timeoutMs) {
            return -1;
        }

        @Override
        public Integer failed(Integer input, Throwable error) {
            return error instanceof CircuitOpenException ? -3 : -2;
        }

        @Override
        public boolean retryable(Throwable error) {
            return error instanceof java.io.IOException;
        }

        /** The value itself: requests of near values are alike. */
        @Override
        public double cost(Integer input) {
            return input;
        }

        @Override
        public String device() {
            return "cpu";
        }

        @Override
        public void close() {
            CLOSED.set(true);
        }
    }

    private OneInputStreamOperatorTestHarness<Integer, Integer> harness;

    @AfterEach
    void reset() throws Exception {
        RecordingHandler.gate = new CountDownLatch(0);
        RecordingHandler.entered = new CountDownLatch(1);
        RecordingHandler.explode = false;
        RecordingHandler.BATCHES.clear();
        RecordingHandler.CLOSED.set(false);
        RecordingHandler.TRANSIENT_FAILURES.set(0);
        RecordingHandler.CALLS.set(0);
        RecordingHandler.finishing = null;
        RecordingHandler.admission = new CountDownLatch(0);
        RecordingHandler.SPREAD.clear();
    }

    @Test
    void shouldCallTheHandlerWithEmptyBatchesWhileItHasUnfinishedWork() throws Exception {
        open(options(4, 0, 16, 3_000, false));
        harness.processElement(703, 0);
        // The three further calls take microseconds; then the operator's timeout fires for
        // whatever is still unfinished (the harness's clock only moves when told to).
        Thread.sleep(1_000);
        harness.setProcessingTime(5_000);
        harness.endInput();
        List<Integer> outputs = harness.extractOutputValues();
        harness.close();

        assertThat(outputs).as("done, not timed out, with no further request").containsExactly(7030);
        assertThat(RecordingHandler.BATCHES).containsExactly(List.of(703), List.of(), List.of(), List.of());
    }

    /**
     * A request that arrives while earlier ones still need calls goes into the very next call, not
     * after the queue delay: the model has a call to make anyway (a voice of one row a call waited
     * the delay for every row). Fails, at about 1,500 ms, when the batcher waits for the batch to fill.
     */
    @Test
    void shouldNotWaitForABatchToFillWhileTheHandlerHasUnfinishedWork() throws Exception {
        open(options(4, 1_500, 16, 30_000, false));
        RecordingHandler.gate = new CountDownLatch(1);
        harness.processElement(709, 0);
        assertThat(RecordingHandler.entered.await(5, TimeUnit.SECONDS)).as("709's call, after its delay").isTrue();
        long sent = System.nanoTime();
        harness.processElement(5, 1);
        RecordingHandler.gate.countDown();
        while (!RecordingHandler.BATCHES.contains(List.of(5)) && System.nanoTime() - sent < TimeUnit.SECONDS.toNanos(5)) {
            Thread.sleep(2);
        }
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
        harness.endInput();
        List<Integer> outputs = harness.extractOutputValues();
        harness.close();

        assertThat(RecordingHandler.BATCHES).contains(List.of(5));
        assertThat(waitedMs).as("in the next call, not after the 1,500 ms delay").isLessThan(750);
        assertThat(outputs).containsExactlyInAnyOrder(7090, 50);
    }

    private static BatchOptions options(int maxBatch, long delayMs, int capacity, long timeoutMs, boolean ordered) {
        return BatchOptions.builder().maxBatchSize(maxBatch).maxQueueDelayMs(delayMs).capacity(capacity)
                .timeoutMs(timeoutMs).ordered(ordered).retryBackoffMs(1).build();
    }

    private OneInputStreamOperatorTestHarness<Integer, Integer> open(BatchOptions options) throws Exception {
        MicroBatchingAsyncFunction<Integer, Integer> function =
                new MicroBatchingAsyncFunction<>(subtask -> new RecordingHandler(), options);
        AsyncDataStream.OutputMode mode = options.ordered ? AsyncDataStream.OutputMode.ORDERED : AsyncDataStream.OutputMode.UNORDERED;
        harness = new OneInputStreamOperatorTestHarness<>(
                new AsyncWaitOperatorFactory<>(function, options.timeoutMs, options.capacity, mode), IntSerializer.INSTANCE);
        harness.open();
        return harness;
    }

    @Test
    void shouldCutBatchesAtMaxSize() throws Exception {
        RecordingHandler.gate = new CountDownLatch(1);
        open(options(4, 60_000, 16, 60_000, false));
        for (int i = 1; i <= 8; i++) {
            harness.processElement(i, i);
        }
        RecordingHandler.gate.countDown();
        harness.endInput();

        assertThat(RecordingHandler.BATCHES).hasSize(2).allSatisfy(b -> assertThat(b).hasSize(4));
        assertThat(harness.extractOutputValues()).containsExactlyInAnyOrder(10, 20, 30, 40, 50, 60, 70, 80);
        harness.close();
    }

    @Test
    void shouldGroupRequestsOfSimilarCostWhenMoreWaitThanABatchHolds() throws Exception {
        RecordingHandler.gate = new CountDownLatch(1);
        open(options(3, 0, 16, 60_000, false));
        harness.processElement(1000, 0);
        assertThat(RecordingHandler.entered.await(10, TimeUnit.SECONDS)).isTrue();
        int[] mixed = {1, 50, 2, 51, 3, 52, 4};
        for (int i = 0; i < mixed.length; i++) {
            harness.processElement(mixed[i], i + 1);
        }
        RecordingHandler.gate.countDown();
        harness.endInput();

        // Arrival order would give [1, 50, 2], [51, 3, 52], [4]; each batch keeps its oldest request.
        assertThat(RecordingHandler.BATCHES).containsExactly(
                List.of(1000), List.of(1, 2, 3), List.of(50, 51, 52), List.of(4));
        assertThat(harness.extractOutputValues()).hasSize(8);
        harness.close();
    }

    @Test
    void shouldRunAPartialBatchWhenTheQueueDelayIsUp() throws Exception {
        open(options(100, 50, 100, 60_000, false));
        long start = System.nanoTime();
        harness.processElement(1, 1);
        harness.processElement(2, 2);
        harness.processElement(3, 3);
        harness.endInput();
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(RecordingHandler.BATCHES).containsExactly(List.of(1, 2, 3));
        assertThat(waitedMs).isGreaterThanOrEqualTo(50);
        harness.close();
    }

    @Test
    void shouldEmitAFailedRecordOnTimeoutAndKeepGoing() throws Exception {
        RecordingHandler.gate = new CountDownLatch(1);
        open(options(1, 0, 4, 1_000, true));
        harness.processElement(7, 1);
        harness.setProcessingTime(5_000);
        RecordingHandler.gate.countDown();
        harness.processElement(8, 2);
        harness.endInput();

        assertThat(harness.extractOutputValues()).containsExactly(-1, 80);
        harness.close();
    }

    @Test
    void shouldTurnAFailedBatchIntoFailedRecords() throws Exception {
        RecordingHandler.explode = true;
        open(options(8, 10, 8, 60_000, false));
        harness.processElement(1, 1);
        harness.processElement(2, 2);
        harness.endInput();

        assertThat(harness.extractOutputValues()).containsExactly(-2, -2);
        harness.close();
    }

    @Test
    void shouldFailOnlyTheOutputThatFailsAfterItsBatchRan() throws Exception {
        open(options(8, 10, 8, 60_000, true));
        harness.processElement(98, 1);
        harness.processElement(99, 2);
        harness.processElement(100, 3);
        harness.endInput();

        assertThat(RecordingHandler.BATCHES).containsExactly(List.of(98, 99, 100));
        assertThat(harness.extractOutputValues()).containsExactly(980, -2, 1000);
        harness.close();
    }

    private static List<Integer> batched() {
        return RecordingHandler.BATCHES.stream().flatMap(List::stream).toList();
    }

    /** The inputs batched so far, once there are {@code count} of them or 10 s have passed. */
    private static List<Integer> awaitBatched(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (batched().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return batched();
    }

    @Test
    void shouldRunTheNextBatchWhileTheLastOnesOutputsAreStillFinishing() throws Exception {
        RecordingHandler.finishing = new CountDownLatch(1);
        open(options(2, 0, 8, 60_000, false));
        for (int i = 1; i <= 4; i++) {
            harness.processElement(i, i);
        }
        assertThat(awaitBatched(4)).as("every batch ran before any output finished").containsExactlyInAnyOrder(1, 2, 3, 4);
        RecordingHandler.finishing.countDown();
        harness.endInput();

        assertThat(harness.extractOutputValues()).containsExactlyInAnyOrder(10, 20, 30, 40);
        harness.close();
    }

    @Test
    void shouldBatchTheOthersWhileOneRequestIsStillBeingAdmitted() throws Exception {
        RecordingHandler.admission = new CountDownLatch(1);
        open(options(8, 10, 8, 60_000, false));
        harness.processElement(501, 1);
        harness.processElement(1, 2);
        harness.processElement(2, 3);
        assertThat(awaitBatched(2)).as("batched while 501 was still being admitted").containsExactlyInAnyOrder(1, 2);
        RecordingHandler.admission.countDown();
        harness.endInput();

        assertThat(batched()).containsExactlyInAnyOrder(1, 2, 501).endsWith(501);
        assertThat(harness.extractOutputValues()).containsExactlyInAnyOrder(10, 20, 5010);
        harness.close();
    }

    @Test
    void shouldEndARequestRejectedInAdmissionWithoutBatchingIt() throws Exception {
        open(options(8, 10, 8, 60_000, true));
        harness.processElement(404, 1);
        harness.processElement(3, 2);
        harness.endInput();

        assertThat(RecordingHandler.BATCHES).containsExactly(List.of(3));
        assertThat(harness.extractOutputValues()).containsExactly(-4, 30);
        harness.close();
    }

    @Test
    void shouldFailARequestWhoseAdmissionFailsAndBatchTheOthers() throws Exception {
        open(options(8, 10, 8, 60_000, true));
        harness.processElement(405, 1);
        harness.processElement(4, 2);
        harness.endInput();

        assertThat(RecordingHandler.BATCHES).containsExactly(List.of(4));
        assertThat(harness.extractOutputValues()).containsExactly(-2, 40);
        harness.close();
    }

    @Test
    void shouldRetryATransientFailureAndThenSucceed() throws Exception {
        RecordingHandler.TRANSIENT_FAILURES.set(2);
        open(options(4, 5, 8, 60_000, false));
        harness.processElement(3, 1);
        harness.endInput();

        assertThat(harness.extractOutputValues()).containsExactly(30);
        assertThat(RecordingHandler.CALLS).hasValue(3);
        harness.close();
    }

    @Test
    void shouldFailFastWhileTheCircuitIsOpenAndCloseAfterTheCoolDown() throws Exception {
        RecordingHandler.explode = true;
        BatchOptions options = BatchOptions.builder().maxBatchSize(1).maxQueueDelayMs(0).capacity(4).timeoutMs(60_000)
                .ordered(true).breakerThreshold(2).breakerCooldownMs(300).build();
        open(options);
        for (int i = 1; i <= 4; i++) {
            harness.processElement(i, i);
        }
        harness.endInput();
        assertThat(harness.extractOutputValues()).containsExactly(-2, -2, -3, -3);
        assertThat(RecordingHandler.CALLS).as("no model call while open").hasValue(2);

        Thread.sleep(400);
        RecordingHandler.explode = false;
        harness.processElement(5, 5);
        harness.endInput();
        assertThat(harness.extractOutputValues()).endsWith(50);
        harness.close();
    }

    @Test
    void shouldKeepInputOrderWhenOrdered() throws Exception {
        open(options(3, 5, 32, 60_000, true));
        for (int i = 1; i <= 20; i++) {
            harness.processElement(i, i);
        }
        harness.endInput();

        assertThat(harness.extractOutputValues())
                .containsExactly(10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150, 160, 170, 180, 190, 200);
        harness.close();
    }

    @Test
    void shouldCloseTheHandlerOnClose() throws Exception {
        open(options(2, 5, 4, 60_000, false));
        harness.processElement(1, 1);
        harness.endInput();
        assertThat(RecordingHandler.CLOSED).isFalse();
        harness.close();
        assertThat(RecordingHandler.CLOSED).isTrue();
    }
}
