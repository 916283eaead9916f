package dev.kube4j.store;

/** A running watch; closing it stops delivery. */
public interface Watch extends AutoCloseable {
    @Override
    void close();
}
