package org.ttsaudit.pipeline.synthesis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ttsaudit.pipeline.records.TtsRequest;

class SegmentScheduleTest {
    /** One sample per token, so a bound of 30 takes three rows of 10 tokens. */
    private SegmentSchedule schedule = new SegmentSchedule(row -> row.tokens().length, 30, Integer.MAX_VALUE);

    @Test
    void shouldKeepEachCallWithinTheBoundCountingPadding() {
        SegmentedRequest a = add("a", 10, 10, 10, 10);
        SegmentedRequest b = add("b", 4, 20);

        List<SegmentSchedule.Row> first = schedule.nextCall();

        // a0 and b0 first (10 wide: 20), then a1 would make 3 x 10 = 30: fits; a2 would make 40.
        assertThat(names(first)).containsExactly("a0", "b0", "a1");
        done(first);
        List<SegmentSchedule.Row> second = schedule.nextCall();
        assertThat(names(second)).as("a2 and a3 (20), b1 would pad all three to 20").containsExactly("a2", "a3");
        done(second);
        assertThat(schedule.takeFinished()).containsExactly(a);
        assertThat(names(schedule.nextCall())).as("a row over the bound goes alone").containsExactly("b1");
    }

    @Test
    void shouldPutTheFirstSegmentOfANewRequestBeforeTheRestOfEarlierOnes() {
        SegmentedRequest longOne = add("long", 10, 10, 10, 10, 10);
        done(schedule.nextCall());
        add("short", 2);

        List<SegmentSchedule.Row> next = schedule.nextCall();

        assertThat(names(next)).containsExactly("short0", "long3", "long4");
        assertThat(longOne.done).isEqualTo(3);
    }

    /** A Piper voice takes one row a call: requests go one after another, first segments first. */
    @Test
    void shouldTakeNoMoreRowsThanTheModelTakesInOneCall() {
        schedule = new SegmentSchedule(row -> row.tokens().length, 30, 1);
        add("a", 2);
        add("b", 2);

        List<SegmentSchedule.Row> first = schedule.nextCall();
        done(first);
        schedule.takeFinished();

        assertThat(names(first)).containsExactly("a0");
        assertThat(names(schedule.nextCall())).containsExactly("b0");
    }

    private SegmentedRequest add(String name, int... segmentTokens) {
        TtsRequest request = new TtsRequest();
        request.requestId = name;
        List<SynthesisInput> segments = new ArrayList<>();
        for (int n : segmentTokens) {
            segments.add(new SynthesisInput(new long[n], new float[0], new float[0], 1f));
        }
        SegmentedRequest r = new SegmentedRequest(new PreparedRequest(request, segments, 0, null, null));
        schedule.add(r);
        return r;
    }

    private static void done(List<SegmentSchedule.Row> call) {
        call.forEach(row -> row.request().done = row.segment() + 1);
    }

    private static List<String> names(List<SegmentSchedule.Row> call) {
        return call.stream().map(row -> row.request().prepared.request().requestId + row.segment()).toList();
    }
}
