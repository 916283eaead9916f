package dev.kube4j.apiserver.services;

import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * Hands out values of one range (cluster IPs of the service CIDR, or node ports) backed by an
 * {@link AllocationTable}. Dynamic allocation starts at a random value of the upper band and
 * falls back to the lower band only when the upper one is full, leaving the lower band to
 * explicitly requested values as upstream does (KEP-3070, KEP-3668).
 */
public final class RangeAllocator {

    /** Values of a range, numbered from 0. */
    public interface Range {
        /** How many values the range holds. */
        long capacity();

        /** Start of the upper band, where dynamic allocation looks first. */
        long dynamicOffset();

        String valueAt(long offset);

        /** The offset of a value, or -1 when it is not in the range. */
        long offsetOf(String value);

        /** Upstream's message for a value outside the range. */
        String notInRangeMessage(String value);

        /** Upstream's message for a value someone else holds. */
        String allocatedMessage();
    }

    /** A bound on the values looked at per band, for huge (IPv6) ranges where a full scan never ends. */
    private static final long MAX_SCAN = 1 << 22;

    private final Range range;
    private final AllocationTable table;

    public RangeAllocator(Range range, AllocationTable table) {
        this.range = range;
        this.table = table;
    }

    public Range range() {
        return range;
    }

    public AllocationTable table() {
        return table;
    }

    /**
     * Claims a requested value.
     *
     * @return whether it was newly claimed (false: the owner already held it)
     * @throws AllocationException NOT_IN_RANGE or ALLOCATED
     */
    public boolean allocate(String value, Owner owner, boolean dryRun) {
        if (range.offsetOf(value) < 0) {
            throw new AllocationException(AllocationException.Reason.NOT_IN_RANGE, range.notInRangeMessage(value));
        }
        return switch (table.claim(value, owner, dryRun)) {
            case CLAIMED -> true;
            case ALREADY_OWNED -> false;
            case TAKEN -> throw new AllocationException(AllocationException.Reason.ALLOCATED, range.allocatedMessage());
        };
    }

    /**
     * Claims a free value, the upper band first.
     *
     * @throws AllocationException FULL
     */
    public String allocateNext(Owner owner, boolean dryRun) {
        String value = searchBands(table::probablyFree, owner, dryRun);
        if (value == null) {
            // The watch cache may not have seen the latest releases yet: "full" is the store's word.
            Set<String> taken = table.allValues();
            value = searchBands(v -> !taken.contains(v), owner, dryRun);
        }
        if (value == null) {
            throw new AllocationException(AllocationException.Reason.FULL, "range is full");
        }
        return value;
    }

    private String searchBands(Predicate<String> probablyFree, Owner owner, boolean dryRun) {
        long split = range.dynamicOffset();
        String value = search(split, range.capacity(), probablyFree, owner, dryRun);
        if (value == null && split > 0) {
            value = search(0, split, probablyFree, owner, dryRun);
        }
        return value;
    }

    /** Walks [from, to) from a random start, wrapping around, claiming the first free value. */
    private String search(long from, long to, Predicate<String> probablyFree, Owner owner, boolean dryRun) {
        long span = to - from;
        if (span <= 0) {
            return null;
        }
        long start = ThreadLocalRandom.current().nextLong(span);
        long steps = Math.min(span, MAX_SCAN);
        for (long i = 0; i < steps; i++) {
            String value = range.valueAt(from + (start + i) % span);
            if (probablyFree.test(value) && table.claim(value, owner, dryRun) == AllocationTable.Claim.CLAIMED) {
                return value;
            }
        }
        return null;
    }

    /** Frees a value the owner holds. */
    public void release(String value, Owner owner) {
        table.release(value, owner);
    }
}
