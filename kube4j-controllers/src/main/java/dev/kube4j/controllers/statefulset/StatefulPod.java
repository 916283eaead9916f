package dev.kube4j.controllers.statefulset;

/**
 * What the ordering decisions need to know of one pod of a StatefulSet.
 *
 * @param created   it has a phase (the API server gave it one), as upstream's isCreated
 * @param finished  Succeeded or Failed: it is deleted and created again
 * @param ready     Running and Ready
 * @param available Ready for minReadySeconds
 */
record StatefulPod(int ordinal, String name, String revision, boolean created, boolean terminating,
                   boolean finished, boolean ready, boolean available) {

    /** What OrderedReady waits for. */
    boolean healthy() {
        return ready && available;
    }
}
