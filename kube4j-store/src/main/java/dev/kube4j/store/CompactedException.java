package dev.kube4j.store;

/**
 * Thrown when the requested revision has been compacted. Carries the compacted revision so that the
 * API server can answer "410 Gone / too old resource version" and a client can relist.
 */
public class CompactedException extends StoreException {

    private final long compactedRevision;

    public CompactedException(String message) {
        this(message, 0);
    }

    public CompactedException(String message, long compactedRevision) {
        super(message);
        this.compactedRevision = compactedRevision;
    }

    /** The store's compacted revision when this was thrown (0 if unknown). */
    public long compactedRevision() {
        return compactedRevision;
    }
}
