package dev.kube4j.store;

/** Base of the store's expected failures; anything else is a bug or an I/O failure. */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
