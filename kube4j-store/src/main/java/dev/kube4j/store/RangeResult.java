package dev.kube4j.store;

import java.util.List;

/**
 * @param revision the revision the range was read at
 * @param more     whether keys beyond the limit remain
 */
public record RangeResult(List<KeyValue> kvs, long revision, boolean more) {
}
