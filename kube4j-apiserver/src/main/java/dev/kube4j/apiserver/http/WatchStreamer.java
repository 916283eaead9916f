package dev.kube4j.apiserver.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.apimachinery.errors.ApiException;
import dev.kube4j.apimachinery.json.JsonMembers;
import dev.kube4j.apiserver.registry.ApiResource;
import dev.kube4j.apiserver.registry.ListOperation;
import dev.kube4j.apiserver.registry.ListOptions;
import dev.kube4j.apiserver.registry.ObjectCodec;
import dev.kube4j.apiserver.registry.ObjectFilter;
import dev.kube4j.apiserver.table.TableConverter;
import dev.kube4j.apiserver.watch.CacheEvent;
import dev.kube4j.apiserver.watch.CacheWatcher;
import dev.kube4j.apiserver.watch.CachedObject;
import dev.kube4j.apiserver.watch.TooOldResourceVersionException;
import dev.kube4j.apiserver.watch.WatchCache;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Streams a watch as newline-delimited JSON events, with upstream's semantics: initial ADDED
 * events when starting from "now", selector transitions turned into ADDED/DELETED, bookmarks,
 * a server-side timeout, and an ERROR event with a 410 Status when the version is too old.
 */
public final class WatchStreamer {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final long BOOKMARK_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final long CONSISTENT_READ_TIMEOUT_MS = 3_000;

    private final WatchCache cache;

    public WatchStreamer(WatchCache cache) {
        this.cache = cache;
    }

    /**
     * Where a watch's events go: an HTTP response stream, or WebSocket messages.
     */
    public interface EventSink {
        /** Starts the stream; events are written to the returned stream, one per flush at most. */
        OutputStream open(String contentType) throws IOException;

        /** Registers what to do when the client goes away. */
        void onClientGone(Runnable action);

        /** Ends the stream normally. */
        void finish() throws IOException;
    }

    /** A watch streamed as the body of an HTTP response (chunked or HTTP/2 DATA frames). */
    public void stream(HttpExchange ex, ApiResource r, String ns, String name, ListOptions o, MediaTarget target,
                       TableConverter.IncludeObject include) throws IOException, InterruptedException {
        stream(new EventSink() {
            private OutputStream out;

            @Override
            public OutputStream open(String contentType) {
                out = ex.startStream(200, contentType);
                return out;
            }

            @Override
            public void onClientGone(Runnable action) {
                ex.request().addFailureListener(t -> action.run());
            }

            @Override
            public void finish() throws IOException {
                out.close();
                ex.complete();
            }
        }, r, ns, name, o, target, include);
    }

    public void stream(EventSink sink, ApiResource r, String ns, String name, ListOptions o, MediaTarget target,
                       TableConverter.IncludeObject include) throws IOException, InterruptedException {
        ObjectFilter filter = ObjectFilter.of(r, o.labelSelector(), nameSelector(o.fieldSelector(), name));
        String prefix = name.isEmpty() ? r.prefix(ns) : r.key(ns, name);
        String rv = o.resourceVersion() == null ? "" : o.resourceVersion();
        boolean initialEvents = o.sendInitialEvents() != null ? o.sendInitialEvents() : (rv.isEmpty() || rv.equals("0"));
        long timeoutNanos = TimeUnit.SECONDS.toNanos(o.timeoutSeconds() > 0 ? o.timeoutSeconds()
                : ThreadLocalRandom.current().nextLong(1800, 3600));
        long deadline = System.nanoTime() + timeoutNanos;

        List<CachedObject> initial = List.of();
        long from;
        if (initialEvents) {
            if (rv.isEmpty() && !cache.awaitStoreRevision(CONSISTENT_READ_TIMEOUT_MS)) {
                throw ApiException.timeout("the watch cache did not catch up with the store in time");
            }
            WatchCache.Snapshot snap = cache.list(prefix, null);
            initial = snap.items();
            from = snap.revision();
        } else {
            from = ListOperation.parseRevision(rv);
        }

        AtomicBoolean clientGone = new AtomicBoolean();
        sink.onClientGone(() -> clientGone.set(true));
        // Buffered: an event is written in pieces, and each unbuffered write would become its own frame.
        OutputStream out = new java.io.BufferedOutputStream(sink.open(target.yaml() ? "application/yaml" : "application/json"), 16 * 1024);
        EventWriter writer = new EventWriter(out, r, target, include);
        CacheWatcher watcher;
        try {
            watcher = cache.watch(prefix, from);
        } catch (TooOldResourceVersionException e) {
            writer.write("ERROR", ApiException.gone(e.getMessage()).toStatus());
            out.flush();
            sink.finish();
            return;
        }
        try {
            for (CachedObject c : initial) {
                if (filter.matches(c)) {
                    writer.write("ADDED", c);
                }
            }
            if (initialEvents && o.sendInitialEvents() != null && o.sendInitialEvents()) {
                writer.bookmark(from, true);
            }
            out.flush();
            long lastRevision = from;
            long nextBookmark = System.nanoTime() + BOOKMARK_INTERVAL_NANOS;
            while (!clientGone.get() && System.nanoTime() < deadline) {
                CacheEvent e = watcher.poll(1, TimeUnit.SECONDS);
                if (e == null) {
                    if (watcher.isClosed()) {
                        break;
                    }
                    if (o.allowWatchBookmarks() && System.nanoTime() > nextBookmark) {
                        writer.bookmark(Math.max(lastRevision, cache.revision()), false);
                        out.flush();
                        nextBookmark = System.nanoTime() + BOOKMARK_INTERVAL_NANOS;
                    }
                    continue;
                }
                lastRevision = e.revision();
                writeFiltered(writer, e, filter);
                // Write everything already queued before flushing once.
                CacheEvent more;
                while ((more = watcher.poll(0, TimeUnit.SECONDS)) != null) {
                    lastRevision = more.revision();
                    writeFiltered(writer, more, filter);
                }
                out.flush();
            }
            sink.finish();
        } catch (IllegalStateException overflow) {
            sink.finish();
        } finally {
            watcher.close();
        }
    }

    /** A watch on one name (kubectl get -w NAME) is a watch on the collection with a name selector. */
    private static String nameSelector(String fieldSelector, String name) {
        if (name.isEmpty()) {
            return fieldSelector;
        }
        String byName = "metadata.name=" + name;
        return fieldSelector == null || fieldSelector.isEmpty() ? byName : fieldSelector + "," + byName;
    }

    private static void writeFiltered(EventWriter w, CacheEvent e, ObjectFilter filter) throws IOException {
        boolean now = filter.matches(e.object());
        boolean before = e.previous() != null && filter.matches(e.previous());
        switch (e.type()) {
            case ADDED -> {
                if (now) {
                    w.write("ADDED", e.object());
                }
            }
            case MODIFIED -> {
                if (now && before) {
                    w.write("MODIFIED", e.object());
                } else if (now) {
                    w.write("ADDED", e.object());
                } else if (before) {
                    w.write("DELETED", e.object());
                }
            }
            case DELETED -> {
                if (before) {
                    w.write("DELETED", e.object());
                }
            }
        }
    }

    /** Encodes events in the negotiated form; Table watches send column headers once. */
    private static final class EventWriter {
        private final OutputStream out;
        private final ApiResource r;
        private final MediaTarget target;
        private final TableConverter.IncludeObject include;
        private boolean headersSent;

        EventWriter(OutputStream out, ApiResource r, MediaTarget target, TableConverter.IncludeObject include) {
            this.out = out;
            this.r = r;
            this.target = target;
            this.include = include;
        }

        /**
         * Plain JSON events reuse the object's cached encoding instead of serializing per watcher;
         * so do metadata-only ones (a garbage collector's watch of every pod), with the metadata's
         * bytes cut out of it rather than the whole object parsed to copy one field.
         */
        void write(String type, CachedObject object) throws IOException {
            if (!target.yaml() && !r.converts()) {
                byte[] json = object.jsonBytes();
                if (target.as().isEmpty()) {
                    writeEvent(type, json, 0, json.length, null);
                    return;
                }
                JsonMembers.Member metadata = target.as().equals("PartialObjectMetadata") ? JsonMembers.find(json, 0, "metadata") : null;
                if (metadata != null) {
                    writeEvent(type, json, metadata.valueStart(), metadata.valueEnd(),
                            "{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/" + target.version() + "\",\"metadata\":");
                    return;
                }
            }
            write(type, object.object());
        }

        /** An event whose object is {@code json[from, to)}, inside {@code wrapper} (then closed with a brace) when given. */
        private void writeEvent(String type, byte[] json, int from, int to, String wrapper) throws IOException {
            out.write(("{\"type\":\"" + type + "\",\"object\":" + (wrapper == null ? "" : wrapper))
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.write(json, from, to - from);
            out.write((wrapper == null ? "}\n" : "}}\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }

        void write(String type, ObjectNode object) throws IOException {
            ObjectNode event = F.objectNode();
            event.put("type", type);
            event.set("object", transform(type, object));
            byte[] bytes = target.yaml() ? ObjectCodec.YAML.writeValueAsBytes(event) : ObjectCodec.JSON.writeValueAsBytes(event);
            out.write(bytes);
            out.write(target.yaml() ? "---\n".getBytes() : "\n".getBytes());
        }

        private ObjectNode transform(String type, ObjectNode object) {
            if (type.equals("ERROR") || type.equals("BOOKMARK")) {
                return object;
            }
            return switch (target.as()) {
                case "Table" -> {
                    ObjectNode t = TableConverter.table(r.strategy(), List.of(r.served(object)), F.objectNode(), include,
                            target.version(), headersSent);
                    headersSent = true;
                    yield t;
                }
                case "PartialObjectMetadata" -> TableConverter.partialMetadata(object, target.version());
                default -> r.served(object);
            };
        }

        void bookmark(long revision, boolean initialEventsEnd) throws IOException {
            ObjectNode obj = F.objectNode();
            obj.put("kind", r.kind());
            obj.put("apiVersion", r.def().gvk().apiVersion());
            ObjectNode meta = obj.putObject("metadata");
            meta.put("resourceVersion", Long.toString(revision));
            meta.putNull("creationTimestamp");
            if (initialEventsEnd) {
                meta.putObject("annotations").put("k8s.io/initial-events-end", "true");
            }
            write("BOOKMARK", obj);
        }
    }
}
