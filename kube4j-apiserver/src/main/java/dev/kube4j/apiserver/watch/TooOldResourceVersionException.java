package dev.kube4j.apiserver.watch;

/** A watch or list asked for a revision the cache no longer holds history for. */
public class TooOldResourceVersionException extends RuntimeException {

    private final long requested;
    private final long oldest;

    public TooOldResourceVersionException(long requested, long oldest) {
        super("too old resource version: " + requested + " (" + oldest + ")");
        this.requested = requested;
        this.oldest = oldest;
    }

    public long requested() {
        return requested;
    }

    public long oldest() {
        return oldest;
    }
}
