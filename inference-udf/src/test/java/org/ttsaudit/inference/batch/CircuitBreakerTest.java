package org.ttsaudit.inference.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final CircuitBreaker breaker = new CircuitBreaker(3, 500, now::get);

    @Test
    void opensOnlyAfterTheThresholdOfFailuresInARow() {
        breaker.failed();
        breaker.failed();
        breaker.succeeded();
        breaker.failed();
        breaker.failed();
        assertThat(breaker.allows()).isTrue();
        breaker.failed();
        assertThat(breaker.allows()).isFalse();
    }

    @Test
    void letsOneTrialThroughAfterTheCoolDownAndReopensIfItFails() {
        breaker.failed();
        breaker.failed();
        breaker.failed();
        now.addAndGet(499);
        assertThat(breaker.allows()).isFalse();
        now.addAndGet(1);
        assertThat(breaker.allows()).isTrue();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        breaker.failed();
        assertThat(breaker.allows()).as("one failed trial reopens it").isFalse();
        now.addAndGet(500);
        assertThat(breaker.allows()).isTrue();
        breaker.succeeded();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }
}
