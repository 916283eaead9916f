package dev.kube4j.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Side effects a kind needs around its writes, as upstream's BeginCreate / BeginUpdate /
 * AfterDelete hooks of the generic store: services allocate cluster IPs and node ports before
 * their object is written and release them when it is gone.
 */
public interface WriteHooks {

    WriteHooks NONE = new WriteHooks() {
    };

    /** Ends what a begin hook started: success = the object was written (or the dry run passed). */
    @FunctionalInterface
    interface Finish {
        Finish NOTHING = success -> {
        };

        void finish(boolean success);
    }

    /**
     * Runs once {@code obj} is validated, just before it is stored; may fill in fields and throw an
     * {@link dev.kube4j.apimachinery.errors.ApiException}. A dry run must leave nothing behind.
     */
    default Finish beginCreate(ObjectNode obj, boolean dryRun) {
        return Finish.NOTHING;
    }

    /** As {@link #beginCreate}, for a write replacing {@code old}; runs again on each retry. */
    default Finish beginUpdate(ObjectNode obj, ObjectNode old, boolean dryRun) {
        return Finish.NOTHING;
    }

    /** Runs once {@code deleted} is removed from the store. */
    default void afterDelete(ObjectNode deleted) {
    }
}
