package org.ttsaudit.inference.batch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CostGroupingTest {

    @Test
    void shouldTakeEverythingWhenItFits() {
        assertThat(CostGrouping.pick(new double[] {9, 1, 5}, 3)).containsExactly(0, 1, 2);
        assertThat(CostGrouping.pick(new double[] {4}, 16)).containsExactly(0);
    }

    @Test
    void shouldTakeTheOldestAndTheNearestInCost() {
        // Oldest costs 10: the nearest are 11 (index 3), 9 (index 5) and 12 (index 1).
        assertThat(CostGrouping.pick(new double[] {10, 12, 30, 11, 2, 9, 40}, 4)).containsExactly(0, 1, 3, 5);
    }

    @Test
    void shouldKeepArrivalOrderAmongEqualCosts() {
        assertThat(CostGrouping.pick(new double[] {5, 5, 5, 5, 5}, 2)).containsExactly(0, 1);
        assertThat(CostGrouping.pick(new double[] {5, 7, 3, 5}, 2)).containsExactly(0, 3);
        assertThat(CostGrouping.pick(new double[] {5, 7, 3, 6}, 3)).containsExactly(0, 1, 3);
    }

    @Test
    void shouldTakeTheOldestEvenWhenItIsTheOddOneOut() {
        assertThat(CostGrouping.pick(new double[] {100, 1, 2, 3, 4}, 2)).containsExactly(0, 4);
    }
}
