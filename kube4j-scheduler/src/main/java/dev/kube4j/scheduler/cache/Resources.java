package dev.kube4j.scheduler.cache;

import io.fabric8.kubernetes.api.model.Quantity;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * An amount of each resource: cpu in millicores, everything else (memory, ephemeral-storage,
 * extended resources) in base units. Mutable, for the scheduler's own single-threaded bookkeeping.
 * cpu, memory, pods and ephemeral-storage live in fields: the filters read them for hundreds of
 * nodes per pod, and a map lookup per read was a fifth of the scheduler's CPU at 1,000 nodes.
 */
public final class Resources {

    public static final String CPU = "cpu";
    public static final String MEMORY = "memory";
    public static final String PODS = "pods";
    public static final String EPHEMERAL_STORAGE = "ephemeral-storage";

    private static final String[] FIXED = {CPU, MEMORY, PODS, EPHEMERAL_STORAGE};
    private static final int PODS_SLOT = 2;

    private final long[] fixed = new long[FIXED.length];
    /** Which of the fixed resources were set (an explicit 0 counts, as in a map). */
    private int present;
    /** Extended resources (nvidia.com/gpu, hugepages-2Mi…), created on first use. */
    private Map<String, Long> extended;

    public static Resources of(Map<String, Quantity> quantities) {
        Resources r = new Resources();
        if (quantities != null) {
            quantities.forEach((name, q) -> r.set(name, toLong(name, q)));
        }
        return r;
    }

    /** CPU in millicores (rounded up, as upstream's MilliValue), others in units (rounded up). */
    static long toLong(String name, Quantity q) {
        long milli = plainMilli(q.getAmount(), q.getFormat());
        if (milli >= 0) {
            return name.equals(CPU) ? milli : Math.ceilDiv(milli, 1000);
        }
        BigDecimal v = Quantity.getAmountInBytes(q);
        if (name.equals(CPU)) {
            v = v.multiply(BigDecimal.valueOf(1000));
        }
        return v.setScale(0, java.math.RoundingMode.CEILING).longValueExact();
    }

    /**
     * The quantity in thousandths when it is a plain non-negative integer with a common suffix
     * ("10m", "16Mi", "2", "1G"), else -1 (the caller then takes the general BigDecimal path).
     * Every pod update is counted against its node twice (out, then in), and BigDecimal parsing
     * of the same few requests was most of that.
     */
    static long plainMilli(String amount, String format) {
        if (amount == null || amount.isEmpty() || amount.length() > 12) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < amount.length(); i++) {
            char c = amount.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        long multiplier = switch (format == null ? "" : format) {
            case "" -> 1_000L;
            case "m" -> 1L;
            case "k" -> 1_000_000L;
            case "M" -> 1_000_000_000L;
            case "G" -> 1_000_000_000_000L;
            case "Ki" -> 1_024L * 1_000;
            case "Mi" -> 1_024L * 1_024 * 1_000;
            case "Gi" -> 1_024L * 1_024 * 1_024 * 1_000;
            case "Ti" -> 1_024L * 1_024 * 1_024 * 1_024 * 1_000;
            default -> -1;
        };
        if (multiplier < 0) {
            return -1;
        }
        try {
            return Math.multiplyExact(value, multiplier);
        } catch (ArithmeticException tooLarge) {
            return -1;
        }
    }

    private static int slot(String name) {
        return switch (name) {
            case CPU -> 0;
            case MEMORY -> 1;
            case PODS -> 2;
            case EPHEMERAL_STORAGE -> 3;
            default -> -1;
        };
    }

    public long get(String name) {
        int i = slot(name);
        if (i >= 0) {
            return fixed[i];
        }
        return extended == null ? 0L : extended.getOrDefault(name, 0L);
    }

    /** True when the resource was given (even as 0): defaulting tells "absent" from "zero". */
    public boolean has(String name) {
        int i = slot(name);
        return i >= 0 ? (present & (1 << i)) != 0 : extended != null && extended.containsKey(name);
    }

    /** Every resource given, fixed ones first. */
    public void forEach(BiConsumer<String, Long> action) {
        for (int i = 0; i < FIXED.length; i++) {
            if ((present & (1 << i)) != 0) {
                action.accept(FIXED[i], fixed[i]);
            }
        }
        if (extended != null) {
            extended.forEach(action);
        }
    }

    /**
     * Whether every positive amount here other than pods fits in {@code allocatable} minus
     * {@code requested}: the filter's question for each node, answered without boxing or
     * allocating; the reasons are worked out only for nodes where it does not fit.
     */
    public boolean fitsIn(Resources allocatable, Resources requested) {
        for (int i = 0; i < FIXED.length; i++) {
            if (i != PODS_SLOT && fixed[i] > 0 && allocatable.fixed[i] - requested.fixed[i] < fixed[i]) {
                return false;
            }
        }
        if (extended != null) {
            for (Map.Entry<String, Long> e : extended.entrySet()) {
                long amount = e.getValue();
                if (amount > 0 && allocatable.get(e.getKey()) - requested.get(e.getKey()) < amount) {
                    return false;
                }
            }
        }
        return true;
    }

    public void set(String name, long value) {
        int i = slot(name);
        if (i >= 0) {
            fixed[i] = value;
            present |= 1 << i;
        } else {
            if (extended == null) {
                extended = new HashMap<>(4);
            }
            extended.put(name, value);
        }
    }

    public void add(Resources other) {
        other.forEach((k, v) -> set(k, get(k) + v));
    }

    public void subtract(Resources other) {
        other.forEach((k, v) -> set(k, get(k) - v));
    }

    /** Element-wise maximum, for init containers that run one at a time. */
    public void max(Resources other) {
        other.forEach((k, v) -> set(k, has(k) ? Math.max(get(k), v) : v));
    }

    @Override
    public String toString() {
        Map<String, Long> all = new java.util.LinkedHashMap<>();
        forEach(all::put);
        return all.toString();
    }
}
