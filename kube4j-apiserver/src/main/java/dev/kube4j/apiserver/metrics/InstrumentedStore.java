package dev.kube4j.apiserver.metrics;

import dev.kube4j.store.DeleteResult;
import dev.kube4j.store.KeyValue;
import dev.kube4j.store.RangeResult;
import dev.kube4j.store.Store;
import dev.kube4j.store.Watch;
import dev.kube4j.store.WatchListener;

import java.util.Optional;
import java.util.function.Supplier;

/** A store that records the latency of every operation, whatever the backend. */
public final class InstrumentedStore implements Store {

    private final Store delegate;
    private final ApiMetrics metrics;

    public InstrumentedStore(Store delegate, ApiMetrics metrics) {
        this.delegate = delegate;
        this.metrics = metrics;
    }

    private <T> T timed(String operation, Supplier<T> call) {
        long start = System.nanoTime();
        try {
            return call.get();
        } finally {
            metrics.storeOperation(operation, System.nanoTime() - start);
        }
    }

    @Override
    public long currentRevision() {
        return delegate.currentRevision();
    }

    @Override
    public long compactedRevision() {
        return delegate.compactedRevision();
    }

    @Override
    public Optional<KeyValue> get(String key) {
        return timed("get", () -> delegate.get(key));
    }

    @Override
    public RangeResult range(String start, String end, long revision, int limit) {
        return timed("range", () -> delegate.range(start, end, revision, limit));
    }

    @Override
    public KeyValue create(String key, byte[] value) {
        return timed("create", () -> delegate.create(key, value));
    }

    @Override
    public KeyValue update(String key, byte[] value, long expectedModRevision) {
        return timed("update", () -> delegate.update(key, value, expectedModRevision));
    }

    @Override
    public DeleteResult delete(String key, long expectedModRevision) {
        return timed("delete", () -> delegate.delete(key, expectedModRevision));
    }

    @Override
    public Watch watch(String prefix, long startRevision, WatchListener listener) {
        return delegate.watch(prefix, startRevision, listener);
    }

    @Override
    public void compact(long revision) {
        timed("compact", () -> {
            delegate.compact(revision);
            return null;
        });
    }

    @Override
    public void close() {
        delegate.close();
    }
}
