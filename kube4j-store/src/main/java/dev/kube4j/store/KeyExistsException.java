package dev.kube4j.store;

/** Thrown when key already exists. */
public class KeyExistsException extends StoreException {
    public KeyExistsException(String message) {
        super(message);
    }
}
