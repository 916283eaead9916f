package dev.kube4j.controllers.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * client-go's event correlator, which every upstream component puts between its recorder and the
 * API server, so that a busy controller does not write one Event per occurrence:
 * <ul>
 *   <li>aggregation: once 10 events about one object differ only by message within 10 minutes,
 *       further ones go into a single "(combined from similar events): …" event;</li>
 *   <li>counting: an event identical to one already written updates that event's count and
 *       lastTimestamp (what {@code kubectl describe} shows as "(x5 over 2m)") instead of adding one;</li>
 *   <li>spam filter: a source may write a burst of 25 events about one object, then one per 5
 *       minutes; the rest are dropped (a ReplicaSet creating 100 pods records 25 SuccessfulCreate).</li>
 * </ul>
 * Each cache keeps the 4,096 most recently used keys. Thread-safe.
 */
public final class EventCorrelator {

    static final int CACHE_ENTRIES = 4096;
    static final int AGGREGATE_MAX_EVENTS = 10;
    static final Duration AGGREGATE_INTERVAL = Duration.ofMinutes(10);
    static final int SPAM_BURST = 25;
    static final double SPAM_QPS = 1.0 / 300;

    /** The fields of an event that correlation looks at. */
    public record Occurrence(String component, String kind, String namespace, String name, String uid, String apiVersion,
                             String type, String reason, String message) {

        String spamKey() {
            return String.join("\u0000", component, kind, namespace, name, uid, apiVersion);
        }

        String aggregateKey() {
            return String.join("\u0000", spamKey(), type, reason);
        }

        String eventKey() {
            return String.join("\u0000", aggregateKey(), message);
        }
    }

    /**
     * What to write: nothing ({@code skip}), a new event (count 1), or a count update of the
     * event already written under {@code name}. {@code key} names the series for {@link #written}.
     */
    public record Decision(boolean skip, String key, String message, boolean aggregated, String name, int count,
                           Instant firstTimestamp) {

        public boolean isUpdate() {
            return !skip && count > 1;
        }
    }

    private final Clock clock;
    private final Map<String, TokenBucket> spam = lru();
    private final Map<String, AggregateRecord> aggregates = lru();
    private final Map<String, Series> series = lru();

    public EventCorrelator() {
        this(Clock.systemUTC());
    }

    EventCorrelator(Clock clock) {
        this.clock = clock;
    }

    /**
     * Decides what to do with an occurrence; {@code newName} is the name a new event would get.
     * The cache counts the occurrence even when the spam filter drops it, as upstream does, so the
     * next update that gets through carries the full count.
     */
    public synchronized Decision correlate(Occurrence o, String newName) {
        Instant now = clock.instant();
        String key = o.eventKey();
        String message = o.message();
        boolean aggregated = false;
        AggregateRecord record = aggregates.get(o.aggregateKey());
        if (record == null || Duration.between(record.last, now).compareTo(AGGREGATE_INTERVAL) > 0) {
            record = new AggregateRecord();
        }
        record.messages.add(o.message());
        record.last = now;
        aggregates.put(o.aggregateKey(), record);
        if (record.messages.size() >= AGGREGATE_MAX_EVENTS) {
            Iterator<String> any = record.messages.iterator(); // keep the set from growing past the threshold
            any.next();
            any.remove();
            key = o.aggregateKey();
            message = "(combined from similar events): " + o.message();
            aggregated = true;
        }
        Series previous = series.get(key);
        Series next = previous == null ? new Series(newName, 1, now) : new Series(previous.name, previous.count + 1, previous.first);
        series.put(key, next);
        TokenBucket bucket = spam.computeIfAbsent(o.spamKey(), k -> new TokenBucket(now));
        if (!bucket.tryAccept(now)) {
            return new Decision(true, key, message, aggregated, next.name, next.count, next.first);
        }
        return new Decision(false, key, message, aggregated, next.name, next.count, next.first);
    }

    /**
     * After a write failed for good: forget the series, so the next occurrence creates a fresh
     * event (as upstream does when a count update finds its event gone).
     */
    public synchronized void forget(String key) {
        series.remove(key);
    }

    private static final class AggregateRecord {
        final Set<String> messages = new HashSet<>();
        Instant last;
    }

    private record Series(String name, int count, Instant first) {
    }

    /** flowcontrol's token bucket: starts full with the burst, refills at the rate. */
    private static final class TokenBucket {
        double tokens = SPAM_BURST;
        Instant last;

        TokenBucket(Instant now) {
            last = now;
        }

        boolean tryAccept(Instant now) {
            double elapsed = Duration.between(last, now).toNanos() / 1e9;
            if (elapsed > 0) {
                tokens = Math.min(SPAM_BURST, tokens + elapsed * SPAM_QPS);
                last = now;
            }
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }
    }

    private static <V> Map<String, V> lru() {
        return new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > CACHE_ENTRIES;
            }
        };
    }
}
