package dev.kube4j.apiserver.services;

/** The node ports services may use ({@code --service-node-port-range}), as upstream's net.PortRange. */
public record NodePortRange(int base, int size) implements RangeAllocator.Range {

    public static final NodePortRange DEFAULT = new NodePortRange(30000, 2768);

    /** Parses "30000-32767", "30000+2768" or a single port, as upstream's ParsePortRange. */
    public static NodePortRange parse(String text) {
        String s = text.strip();
        try {
            int dash = s.indexOf('-');
            int plus = s.indexOf('+');
            int low;
            int high;
            if (dash > 0) {
                low = Integer.parseInt(s.substring(0, dash));
                high = Integer.parseInt(s.substring(dash + 1));
            } else if (plus > 0) {
                low = Integer.parseInt(s.substring(0, plus));
                high = low + Integer.parseInt(s.substring(plus + 1)) - 1;
            } else {
                low = Integer.parseInt(s);
                high = low;
            }
            if (low < 1 || high > 65535 || high < low) {
                throw new IllegalArgumentException("invalid node port range \"" + text + "\": ports must be within 1-65535 and low <= high");
            }
            return new NodePortRange(low, high - low + 1);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid node port range \"" + text + "\": expected LOW-HIGH such as 30000-32767");
        }
    }

    public boolean contains(long port) {
        return port >= base && port < base + size;
    }

    @Override
    public long capacity() {
        return size;
    }

    @Override
    public String valueAt(long offset) {
        return Long.toString(base + offset);
    }

    @Override
    public long offsetOf(String port) {
        try {
            long p = Long.parseLong(port);
            return contains(p) ? p - base : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public String notInRangeMessage(String port) {
        return "provided port is not in the valid range. The range of valid ports is " + this;
    }

    @Override
    public String allocatedMessage() {
        return "provided port is already allocated";
    }

    /**
     * Ports below base + this offset are left to explicit requests while the rest has room, as
     * upstream's KEP-3668: min(max(16, size/32), 128), none for ranges of 16 or fewer.
     */
    @Override
    public long dynamicOffset() {
        if (size <= 16) {
            return 0;
        }
        return Math.min(Math.max(16, size / 32), 128);
    }

    @Override
    public String toString() {
        return base + "-" + (base + size - 1);
    }
}
