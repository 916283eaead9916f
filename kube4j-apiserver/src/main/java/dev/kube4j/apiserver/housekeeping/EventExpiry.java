package dev.kube4j.apiserver.housekeeping;

import dev.kube4j.apiserver.watch.CachedObject;
import dev.kube4j.apiserver.watch.WatchCache;
import dev.kube4j.store.Store;
import dev.kube4j.store.ConflictException;
import dev.kube4j.store.KeyNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * kube-apiserver's {@code --event-ttl} (1 h): Events are deleted that long after they were last
 * written, so the many events of a busy cluster do not pile up. Upstream attaches an etcd lease
 * to each event; here a periodic sweep over the watch cache does the same, deleting with a
 * compare-and-swap so an event updated meanwhile (a repeat, count+1) survives.
 */
public final class EventExpiry implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(EventExpiry.class);
    private static final List<String> PREFIXES = List.of("/registry/events/", "/registry/events.events.k8s.io/");
    private static final String LAST_WRITE = "kube4j/event-last-write";

    private final Store store;
    private final WatchCache cache;
    private final Duration ttl;
    private final Clock clock;

    public EventExpiry(Store store, WatchCache cache, Duration ttl, Clock clock) {
        this.store = store;
        this.cache = cache;
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public void run() {
        Instant cutoff = clock.instant().minus(ttl);
        int deleted = 0;
        for (String prefix : PREFIXES) {
            for (CachedObject event : cache.list(prefix, null).items()) {
                // Remembered per cached version, so each event is parsed once, not on every sweep.
                String last = event.field(LAST_WRITE, EventExpiry::lastWrite);
                if (last.isEmpty() || !Instant.parse(last).isBefore(cutoff)) {
                    continue;
                }
                try {
                    store.delete(event.key(), event.modRevision());
                    deleted++;
                } catch (ConflictException | KeyNotFoundException changedOrGone) {
                    // Updated (a repeat) or deleted meanwhile: the next sweep looks again.
                }
            }
        }
        if (deleted > 0) {
            LOG.info("deleted {} events older than {}", deleted, ttl);
        }
    }

    /** The latest of the times an event carries (series, lastTimestamp, eventTime, creation). */
    static String lastWrite(com.fasterxml.jackson.databind.node.ObjectNode e) {
        Instant latest = null;
        for (String t : List.of(e.path("series").path("lastObservedTime").asText(""), e.path("lastTimestamp").asText(""),
                e.path("eventTime").asText(""), e.path("deprecatedLastTimestamp").asText(""),
                e.path("metadata").path("creationTimestamp").asText(""))) {
            if (t.isEmpty()) {
                continue;
            }
            try {
                Instant i = Instant.parse(t);
                latest = latest == null || i.isAfter(latest) ? i : latest;
            } catch (DateTimeParseException ignored) {
                // a malformed optional time: the others decide
            }
        }
        return latest == null ? "" : latest.toString();
    }
}
