package dev.kube4j.apiserver.registry;

import dev.kube4j.apimachinery.errors.ApiException;
import dev.kube4j.apimachinery.validation.FieldError;
import dev.kube4j.apiserver.watch.CachedObject;
import dev.kube4j.apiserver.watch.WatchCache;
import dev.kube4j.store.CompactedException;
import dev.kube4j.store.FutureRevisionException;
import dev.kube4j.store.KeyValue;
import dev.kube4j.store.RangeResult;
import dev.kube4j.store.Store;

import java.util.ArrayList;
import java.util.List;

/**
 * Lists served from the watch cache with upstream's resourceVersion semantics; a page of a list
 * whose revision the cache has moved past is read from the store at that revision.
 */
public final class ListOperation {

    private static final long CONSISTENT_READ_TIMEOUT_MS = 3_000;

    private final Store store;
    private final WatchCache cache;

    public ListOperation(Store store, WatchCache cache) {
        this.store = store;
        this.cache = cache;
    }

    public ListResult list(ApiResource r, String ns, ListOptions o) {
        ObjectFilter filter = ObjectFilter.of(r, o.labelSelector(), o.fieldSelector());
        String prefix = r.prefix(ns);
        List<CachedObject> candidates;
        validate(o);
        long revision;
        if (o.continueToken() != null && !o.continueToken().isEmpty()) {
            ContinueToken token = ContinueToken.decode(o.continueToken());
            if (!token.lastKey().startsWith(prefix)) {
                throw ApiException.badRequest("invalid continue token: it belongs to another list");
            }
            Page page = atRevision(prefix, token.lastKey(), token.revision(), true);
            candidates = page.items;
            revision = page.revision;
        } else {
            String rv = o.resourceVersion() == null ? "" : o.resourceVersion();
            String match = o.resourceVersionMatch() == null ? "" : o.resourceVersionMatch();
            if (rv.isEmpty()) {
                awaitConsistent();
                Page page = fromCache(prefix);
                candidates = page.items;
                revision = page.revision;
            } else {
                long wanted = parseRevision(rv);
                switch (match) {
                    case "", "NotOlderThan" -> {
                        awaitRevision(wanted);
                        Page page = fromCache(prefix);
                        candidates = page.items;
                        revision = page.revision;
                    }
                    case "Exact" -> {
                        Page page = atRevision(prefix, null, wanted, false);
                        candidates = page.items;
                        revision = page.revision;
                    }
                    default -> throw new IllegalStateException("validated above: " + match);
                }
            }
        }
        return paginate(candidates, filter, o.limit(), revision);
    }

    /** Upstream's ValidateListOptions for a list: failures are a 422 on ListOptions.meta.k8s.io. */
    private static void validate(ListOptions o) {
        String match = o.resourceVersionMatch() == null ? "" : o.resourceVersionMatch();
        if (match.isEmpty()) {
            return;
        }
        String rv = o.resourceVersion() == null ? "" : o.resourceVersion();
        List<FieldError> errs = new ArrayList<>();
        if (rv.isEmpty()) {
            errs.add(FieldError.forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden unless resourceVersion is provided"));
        }
        if (o.continueToken() != null && !o.continueToken().isEmpty()) {
            errs.add(FieldError.forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden when continue is provided"));
        }
        if (!match.equals("Exact") && !match.equals("NotOlderThan")) {
            errs.add(FieldError.notSupported("resourceVersionMatch", match, List.of("Exact", "NotOlderThan", "")));
        }
        if (match.equals("Exact") && rv.equals("0")) {
            errs.add(FieldError.forbidden("resourceVersionMatch", "resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\""));
        }
        if (!errs.isEmpty()) {
            throw ApiException.invalid("meta.k8s.io", "ListOptions", "", errs);
        }
    }

    private static ListResult paginate(List<CachedObject> candidates, ObjectFilter filter, long limit, long revision) {
        List<CachedObject> out = new ArrayList<>();
        int i = 0;
        for (; i < candidates.size(); i++) {
            CachedObject c = candidates.get(i);
            if (!filter.matches(c)) {
                continue;
            }
            if (limit > 0 && out.size() == limit) {
                break;
            }
            out.add(c);
        }
        if (limit > 0 && i < candidates.size()) {
            long remaining = 0;
            for (int j = i; j < candidates.size(); j++) {
                if (filter.matches(candidates.get(j))) {
                    remaining++;
                }
            }
            if (remaining > 0) {
                String lastKey = out.get(out.size() - 1).key();
                return new ListResult(out, revision, new ContinueToken(revision, lastKey).encode(),
                        filter.isEverything() ? remaining : -1);
            }
        }
        return new ListResult(out, revision, "", -1);
    }

    private record Page(List<CachedObject> items, long revision) {
    }

    private Page fromCache(String prefix) {
        WatchCache.Snapshot s = cache.list(prefix, null);
        return new Page(s.items(), s.revision());
    }

    /** Objects under {@code prefix} after {@code afterKey} as they were at {@code revision}. */
    private Page atRevision(String prefix, String afterKey, long revision, boolean forContinue) {
        if (cache.revision() == revision) {
            WatchCache.Snapshot s = cache.list(prefix, afterKey);
            if (s.revision() == revision) {
                return new Page(s.items(), revision);
            }
        }
        try {
            String start = afterKey == null ? prefix : afterKey + "\u0000";
            RangeResult rr = store.range(start, Store.prefixEnd(prefix), revision, 0);
            List<CachedObject> items = new ArrayList<>(rr.kvs().size());
            for (KeyValue kv : rr.kvs()) {
                items.add(CachedObject.fromStored(kv.key(), kv.value(), kv.modRevision()));
            }
            return new Page(items, revision);
        } catch (CompactedException e) {
            if (forContinue) {
                throw ApiException.gone("The provided continue parameter is too old to display a consistent list result. "
                        + "You can start a new list without the continue parameter, or use the continue token in this "
                        + "response to retrieve the remainder of the results. Continuing with the provided token results "
                        + "in an inconsistent list - objects that were created, modified, or deleted between the time "
                        + "the first chunk was returned and now may show up in the list.");
            }
            throw ApiException.gone("too old resource version: " + revision + " (" + store.compactedRevision() + ")");
        } catch (FutureRevisionException e) {
            throw ApiException.timeout("Too large resource version: " + revision + ", current: " + store.currentRevision());
        }
    }

    private void awaitConsistent() {
        try {
            if (!cache.awaitStoreRevision(CONSISTENT_READ_TIMEOUT_MS)) {
                throw ApiException.timeout("the watch cache did not catch up with the store in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.timeout("interrupted");
        }
    }

    private void awaitRevision(long wanted) {
        try {
            if (wanted > 0 && !cache.awaitRevision(wanted, CONSISTENT_READ_TIMEOUT_MS)) {
                throw ApiException.timeout("Too large resource version: " + wanted + ", current: " + cache.revision());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.timeout("interrupted");
        }
    }

    public static long parseRevision(String rv) {
        try {
            long v = Long.parseLong(rv);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid resource version: \"" + rv + "\"");
        }
    }
}
