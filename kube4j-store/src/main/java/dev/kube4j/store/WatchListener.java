package dev.kube4j.store;

import java.util.List;

/** Receives a watch's events. Calls for one watch never overlap and arrive in revision order. */
public interface WatchListener {

    /** Events of one or more revisions, in order. */
    void onEvents(List<WatchEvent> events);

    /** The watch ended because the store closed or fell too far behind; no more calls follow. */
    default void onClose(Throwable cause) {
    }
}
