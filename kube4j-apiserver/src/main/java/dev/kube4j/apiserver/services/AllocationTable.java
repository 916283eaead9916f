package dev.kube4j.apiserver.services;

import dev.kube4j.store.ConflictException;
import dev.kube4j.store.KeyExistsException;
import dev.kube4j.store.KeyNotFoundException;
import dev.kube4j.store.KeyValue;
import dev.kube4j.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Allocation records of one kind (cluster IPs or node ports), one store key per value under
 * {@code /registry/ranges/<kind>/}. Every claim is a create-if-absent and every release or
 * take-over a compare-and-swap, so two services never hold one value, whatever the number of
 * concurrent requests or API servers on the store, and a crash leaves at worst a record without a
 * service, which {@link AllocationRepair} frees.
 */
public final class AllocationTable {

    private static final Logger LOG = LoggerFactory.getLogger(AllocationTable.class);

    /** What a claim found. */
    public enum Claim {
        /** The value is now this owner's (or, in a dry run, could be). */
        CLAIMED,
        /** The owner already held it. */
        ALREADY_OWNED,
        /** Someone else holds it. */
        TAKEN
    }

    /** Whether a record's owner is a live service that still uses the value. */
    @FunctionalInterface
    public interface OwnerCheck {
        boolean holds(Owner owner, String value);
    }

    private final Store store;
    private final String prefix;
    private final Predicate<String> cachedKey;
    private final OwnerCheck owners;
    private final Duration orphanGrace;
    private final Clock clock;

    /**
     * @param cachedKey   whether the watch cache holds a key: a cheap, possibly stale hint used to
     *                    skip taken values while searching; the store decides
     * @param orphanGrace how old a record without a live owner must be before it is reclaimed: a
     *                    younger one may belong to a create still on its way to the store
     */
    public AllocationTable(Store store, String kind, Predicate<String> cachedKey, OwnerCheck owners,
                           Duration orphanGrace, Clock clock) {
        this.store = store;
        this.prefix = "/registry/ranges/" + kind + "/";
        this.cachedKey = cachedKey;
        this.owners = owners;
        this.orphanGrace = orphanGrace;
        this.clock = clock;
    }

    public String key(String value) {
        return prefix + value;
    }

    /** A hint: false means the value was taken when the cache last heard. */
    boolean probablyFree(String value) {
        return !cachedKey.test(key(value));
    }

    public Optional<AllocationRecord> read(String value) {
        return store.get(key(value)).map(kv -> AllocationRecord.decode(value, kv));
    }

    /** Every record of this kind. */
    public List<AllocationRecord> all() {
        List<AllocationRecord> out = new ArrayList<>();
        for (KeyValue kv : store.rangePrefix(prefix).kvs()) {
            out.add(AllocationRecord.decode(kv.key().substring(prefix.length()), kv));
        }
        return out;
    }

    /** The values recorded now, read from the store. */
    Set<String> allValues() {
        Set<String> out = new HashSet<>();
        for (KeyValue kv : store.rangePrefix(prefix).kvs()) {
            out.add(kv.key().substring(prefix.length()));
        }
        return out;
    }

    /** Makes {@code value} the owner's; a dry run only checks that it could. */
    public Claim claim(String value, Owner owner, boolean dryRun) {
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<AllocationRecord> current = read(value);
            if (current.isPresent()) {
                AllocationRecord r = current.get();
                if (r.owner().uid().equals(owner.uid())) {
                    return Claim.ALREADY_OWNED;
                }
                if (!isOrphan(r)) {
                    return Claim.TAKEN;
                }
                if (dryRun) {
                    return Claim.CLAIMED;
                }
                try {
                    store.update(key(value), AllocationRecord.encode(owner, clock.instant()), r.modRevision());
                    LOG.info("took over {} {} from {}, which no longer uses it", kindName(), value, r.owner());
                    return Claim.CLAIMED;
                } catch (ConflictException | KeyNotFoundException e) {
                    continue; // changed meanwhile: look again
                }
            }
            if (dryRun) {
                return Claim.CLAIMED;
            }
            try {
                store.create(key(value), AllocationRecord.encode(owner, clock.instant()));
                return Claim.CLAIMED;
            } catch (KeyExistsException e) {
                // Lost a race: look at the winner.
            }
        }
        return Claim.TAKEN;
    }

    /** Frees {@code value} if {@code owner} holds it; anything else is left alone. */
    public void release(String value, Owner owner) {
        Optional<AllocationRecord> current = read(value);
        if (current.isEmpty() || !current.get().owner().uid().equals(owner.uid())) {
            return;
        }
        delete(current.get());
    }

    /** Deletes a record as read (compare-and-swap: a record re-taken meanwhile stays). */
    boolean delete(AllocationRecord r) {
        try {
            store.delete(key(r.value()), r.modRevision());
            return true;
        } catch (ConflictException | KeyNotFoundException e) {
            return false;
        }
    }

    /** No live service uses the record's value and it is old enough not to be a create in flight. */
    boolean isOrphan(AllocationRecord r) {
        return !r.allocatedAt().plus(orphanGrace).isAfter(clock.instant()) && !owners.holds(r.owner(), r.value());
    }

    /** Creates or takes over the record of a value a live service holds (repair). */
    Claim record(String value, Owner owner) {
        return claim(value, owner, false);
    }

    private String kindName() {
        return prefix.substring("/registry/ranges/".length(), prefix.length() - 1);
    }
}
