package dev.kube4j.apiserver.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.apiserver.registry.ApiResource;
import dev.kube4j.apiserver.registry.ObjectCodec;
import dev.kube4j.apiserver.registry.ResourceRegistry;
import dev.kube4j.apiserver.watch.CachedObject;
import dev.kube4j.apiserver.watch.WatchCache;
import dev.kube4j.store.KeyValue;
import dev.kube4j.store.Store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link AdmissionLookup} on the watch cache, with upstream's live-lookup fallback: when the
 * cache holds nothing for a namespace (it may lag a write by a few milliseconds) the store is
 * read, and an empty answer is reused for 30 s so namespaces without such objects cost one read.
 */
public final class ClusterObjects implements AdmissionLookup {

    private static final Duration LIVE_TTL = Duration.ofSeconds(30);
    private static final int MAX_REMEMBERED = 10_000;

    private final ResourceRegistry resources;
    private final WatchCache cache;
    private final Store store;
    private final Clock clock;
    private final Map<String, LiveAnswer> liveAnswers = new ConcurrentHashMap<>();

    private record LiveAnswer(List<ObjectNode> items, Instant expires) {
    }

    public ClusterObjects(ResourceRegistry resources, WatchCache cache, Store store, Clock clock) {
        this.resources = resources;
        this.cache = cache;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public Optional<ApiResource> resource(String group, String plural) {
        return resources.all().stream().filter(r -> r.group().equals(group) && r.plural().equals(plural)).findFirst();
    }

    @Override
    public List<ObjectNode> list(String group, String plural, String namespace) {
        Optional<ApiResource> r = resource(group, plural);
        if (r.isEmpty()) {
            return List.of();
        }
        String prefix = r.get().prefix(namespace);
        List<ObjectNode> out = new ArrayList<>();
        for (CachedObject c : cache.list(prefix, null).items()) {
            out.add(r.get().served(c.object()));
        }
        if (!out.isEmpty()) {
            return out;
        }
        Instant now = clock.instant();
        LiveAnswer answer = liveAnswers.get(prefix);
        if (answer == null || answer.expires().isBefore(now)) {
            List<ObjectNode> live = new ArrayList<>();
            for (KeyValue kv : store.rangePrefix(prefix).kvs()) {
                live.add(r.get().served(ObjectCodec.decodeStored(kv.value(), kv.modRevision())));
            }
            if (!live.isEmpty()) {
                return live; // the cache is about to have them
            }
            if (liveAnswers.size() > MAX_REMEMBERED) {
                liveAnswers.clear();
            }
            answer = new LiveAnswer(List.of(), now.plus(LIVE_TTL));
            liveAnswers.put(prefix, answer);
        }
        return out;
    }

    @Override
    public Optional<ObjectNode> getLive(String group, String plural, String namespace, String name) {
        return resource(group, plural).flatMap(r -> store.get(r.key(namespace, name))
                .map(kv -> r.served(ObjectCodec.decodeStored(kv.value(), kv.modRevision()))));
    }
}
