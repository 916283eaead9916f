package dev.kube4j.node.hollow;

import java.util.BitSet;

/**
 * A node's pod IPs from its /24 pod CIDR (.2 to .254; .1 is the node's bridge by convention).
 * Fake addresses: nothing routes to them, they only fill pod status.
 */
final class PodAddresses {

    private final String prefix;
    private final BitSet used = new BitSet(256);

    /** @param cidrPrefix the first three octets with a trailing dot, e.g. "10.64.3." */
    PodAddresses(String cidrPrefix) {
        this.prefix = cidrPrefix;
    }

    synchronized String allocate() {
        int i = used.nextClearBit(2);
        if (i > 254) {
            throw new IllegalStateException("pod CIDR " + prefix + "0/24 is full");
        }
        used.set(i);
        return prefix + i;
    }

    /** Records an address found in a pod's status (after a restart of the node agent). */
    synchronized void markUsed(String ip) {
        int i = hostPart(ip);
        if (i >= 0) {
            used.set(i);
        }
    }

    synchronized void release(String ip) {
        int i = hostPart(ip);
        if (i >= 0) {
            used.clear(i);
        }
    }

    private int hostPart(String ip) {
        if (ip == null || !ip.startsWith(prefix)) {
            return -1;
        }
        try {
            int i = Integer.parseInt(ip.substring(prefix.length()));
            return i >= 0 && i < 256 ? i : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
