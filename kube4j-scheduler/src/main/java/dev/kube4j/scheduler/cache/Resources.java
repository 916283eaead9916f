package dev.kube4j.scheduler.cache;

import io.fabric8.kubernetes.api.model.Quantity;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/**
 * An amount of each resource: cpu in millicores, everything else (memory, ephemeral-storage,
 * extended resources) in base units. Mutable, for the scheduler's own single-threaded bookkeeping.
 */
public final class Resources {

    public static final String CPU = "cpu";
    public static final String MEMORY = "memory";
    public static final String PODS = "pods";

    private final Map<String, Long> amounts = new HashMap<>();

    public static Resources of(Map<String, Quantity> quantities) {
        Resources r = new Resources();
        if (quantities != null) {
            quantities.forEach((name, q) -> r.amounts.put(name, toLong(name, q)));
        }
        return r;
    }

    /** CPU in millicores (rounded up, as upstream's MilliValue), others in units (rounded up). */
    static long toLong(String name, Quantity q) {
        BigDecimal v = Quantity.getAmountInBytes(q);
        if (name.equals(CPU)) {
            v = v.multiply(BigDecimal.valueOf(1000));
        }
        return v.setScale(0, java.math.RoundingMode.CEILING).longValueExact();
    }

    public long get(String name) {
        return amounts.getOrDefault(name, 0L);
    }

    public Map<String, Long> asMap() {
        return amounts;
    }

    public void add(Resources other) {
        other.amounts.forEach((k, v) -> amounts.merge(k, v, Long::sum));
    }

    public void subtract(Resources other) {
        other.amounts.forEach((k, v) -> amounts.merge(k, -v, Long::sum));
    }

    /** Element-wise maximum, for init containers that run one at a time. */
    public void max(Resources other) {
        other.amounts.forEach((k, v) -> amounts.merge(k, v, Math::max));
    }

    public void set(String name, long value) {
        amounts.put(name, value);
    }

    @Override
    public String toString() {
        return amounts.toString();
    }
}
