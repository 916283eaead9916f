package dev.kube4j.controllers.runtime;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventCorrelatorTest {

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-11-24T10:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final ManualClock clock = new ManualClock();
    private final EventCorrelator correlator = new EventCorrelator(clock);

    private static EventCorrelator.Occurrence about(String object, String reason, String message) {
        return new EventCorrelator.Occurrence("replicaset-controller", "ReplicaSet", "default", object, "uid-" + object,
                "apps/v1", "Normal", reason, message);
    }

    @Test
    void repeatsOfTheSameEventBecomeCountUpdatesOfTheFirst() {
        EventCorrelator.Decision first = correlator.correlate(about("web", "FailedCreate", "quota exceeded"), "web.1");
        assertThat(first.skip()).isFalse();
        assertThat(first.isUpdate()).isFalse();
        assertThat(first.count()).isEqualTo(1);

        clock.now = clock.now.plusSeconds(30);
        EventCorrelator.Decision again = correlator.correlate(about("web", "FailedCreate", "quota exceeded"), "web.2");
        assertThat(again.isUpdate()).isTrue();
        assertThat(again.name()).isEqualTo("web.1");
        assertThat(again.count()).isEqualTo(2);
        assertThat(again.firstTimestamp()).isEqualTo(first.firstTimestamp());
    }

    @Test
    void theTenthSimilarMessageStartsOneCombinedEvent() {
        List<EventCorrelator.Decision> decisions = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            decisions.add(correlator.correlate(about("web", "SuccessfulCreate", "Created pod: web-" + i), "web." + i));
        }
        for (int i = 0; i < 9; i++) {
            assertThat(decisions.get(i).aggregated()).isFalse();
            assertThat(decisions.get(i).message()).isEqualTo("Created pod: web-" + i);
            assertThat(decisions.get(i).count()).isEqualTo(1);
        }
        EventCorrelator.Decision combined = decisions.get(9);
        assertThat(combined.aggregated()).isTrue();
        assertThat(combined.message()).isEqualTo("(combined from similar events): Created pod: web-9");
        assertThat(combined.name()).isEqualTo("web.9");
        assertThat(combined.count()).isEqualTo(1);
        assertThat(decisions.get(11).name()).isEqualTo("web.9");
        assertThat(decisions.get(11).count()).isEqualTo(3);
        assertThat(decisions.get(11).message()).isEqualTo("(combined from similar events): Created pod: web-11");

        // Another object's events are counted on their own.
        assertThat(correlator.correlate(about("api", "SuccessfulCreate", "Created pod: api-0"), "api.0").aggregated()).isFalse();
    }

    @Test
    void aQuietTenMinutesEndsTheAggregation() {
        for (int i = 0; i < 10; i++) {
            correlator.correlate(about("web", "SuccessfulCreate", "Created pod: web-" + i), "web." + i);
        }
        clock.now = clock.now.plus(Duration.ofMinutes(10)).plusSeconds(1);
        EventCorrelator.Decision d = correlator.correlate(about("web", "SuccessfulCreate", "Created pod: web-10"), "web.10");
        assertThat(d.aggregated()).isFalse();
        assertThat(d.message()).isEqualTo("Created pod: web-10");
    }

    @Test
    void aSourceGetsABurstOf25EventsPerObjectThenOneEveryFiveMinutes() {
        int written = 0;
        for (int i = 0; i < 100; i++) {
            if (!correlator.correlate(about("web", "SuccessfulCreate", "Created pod: web-" + i), "web." + i).skip()) {
                written++;
            }
        }
        assertThat(written).isEqualTo(25);
        assertThat(correlator.correlate(about("other", "SuccessfulCreate", "Created pod: other-0"), "other.0").skip()).isFalse();

        clock.now = clock.now.plus(Duration.ofMinutes(5));
        EventCorrelator.Decision refilled = correlator.correlate(about("web", "SuccessfulCreate", "Created pod: web-100"), "web.100");
        assertThat(refilled.skip()).isFalse();
        // The dropped occurrences still counted: the combined event's count says how many there were.
        assertThat(refilled.count()).isEqualTo(92);
        assertThat(correlator.correlate(about("web", "SuccessfulCreate", "Created pod: web-101"), "web.101").skip()).isTrue();
    }

    @Test
    void aForgottenSeriesStartsAfresh() {
        EventCorrelator.Decision first = correlator.correlate(about("web", "FailedCreate", "quota exceeded"), "web.1");
        correlator.forget(first.key());
        EventCorrelator.Decision next = correlator.correlate(about("web", "FailedCreate", "quota exceeded"), "web.2");
        assertThat(next.isUpdate()).isFalse();
        assertThat(next.name()).isEqualTo("web.2");
    }
}
