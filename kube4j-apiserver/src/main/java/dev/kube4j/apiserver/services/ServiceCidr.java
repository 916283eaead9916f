package dev.kube4j.apiserver.services;

import dev.kube4j.apimachinery.validation.Validators;

import java.math.BigInteger;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The range cluster IPs come from ({@code --service-cidr}). As upstream, the network address is
 * never handed out, nor the broadcast address of an IPv4 range; the first usable address belongs to
 * the {@code kubernetes} service.
 */
public final class ServiceCidr implements RangeAllocator.Range {

    private final String text;
    private final boolean ipv6;
    private final BigInteger first;
    private final long size;

    private ServiceCidr(String text, boolean ipv6, BigInteger first, long size) {
        this.text = text;
        this.ipv6 = ipv6;
        this.first = first;
        this.size = size;
    }

    /** Parses "10.43.0.0/16"; the address is masked to the prefix as upstream's ParseCIDR does. */
    public static ServiceCidr parse(String cidr) {
        int slash = cidr.indexOf('/');
        InetAddress address = slash < 0 ? null : Validators.parseIP(cidr.substring(0, slash));
        int bits;
        try {
            bits = slash < 0 ? -1 : Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            bits = -1;
        }
        int width = address instanceof Inet6Address ? 128 : 32;
        if (address == null || bits < 0 || bits > width) {
            throw new IllegalArgumentException("invalid service CIDR \"" + cidr + "\": must be an IPv4 or IPv6 CIDR such as 10.43.0.0/16");
        }
        boolean v6 = width == 128;
        if (v6 && bits < 64) {
            throw new IllegalArgumentException("invalid service CIDR \"" + cidr + "\": shortest allowed prefix length for an IPv6 service CIDR is 64");
        }
        BigInteger hostMask = BigInteger.ONE.shiftLeft(width - bits).subtract(BigInteger.ONE);
        BigInteger network = new BigInteger(1, address.getAddress()).andNot(hostMask);
        // Usable addresses: all but the network address, and but the broadcast address on IPv4.
        BigInteger usable = hostMask.add(BigInteger.ONE).subtract(BigInteger.valueOf(v6 ? 1 : 2));
        long size = usable.signum() <= 0 ? 0 : usable.min(BigInteger.valueOf(Long.MAX_VALUE)).longValue();
        if (size == 0) {
            throw new IllegalArgumentException("invalid service CIDR \"" + cidr + "\": it holds no usable address");
        }
        String text = format(network, v6) + "/" + bits;
        return new ServiceCidr(text, v6, network.add(BigInteger.ONE), size);
    }

    public boolean ipv6() {
        return ipv6;
    }

    /** "IPv4" or "IPv6", as in a service's spec.ipFamilies. */
    public String family() {
        return ipv6 ? "IPv6" : "IPv4";
    }

    /** How many addresses can be handed out. */
    @Override
    public long capacity() {
        return size;
    }

    /** The address at {@code offset} from the first usable one, in canonical form. */
    @Override
    public String valueAt(long offset) {
        return format(first.add(BigInteger.valueOf(offset)), ipv6);
    }

    /** The first usable address: the kubernetes service's. */
    public String firstAddress() {
        return valueAt(0);
    }

    @Override
    public long offsetOf(String ip) {
        InetAddress a = Validators.parseIP(ip);
        return a == null ? -1 : offsetOf(a);
    }

    @Override
    public String notInRangeMessage(String ip) {
        return "the provided IP (" + ip + ") is not in the valid range. The range of valid IPs is " + text;
    }

    @Override
    public String allocatedMessage() {
        return "provided IP is already allocated";
    }

    /** The offset of {@code ip} from the first usable address, or -1 when it is not usable here. */
    public long offsetOf(InetAddress ip) {
        if ((ip instanceof Inet6Address) != ipv6) {
            return -1;
        }
        BigInteger offset = new BigInteger(1, ip.getAddress()).subtract(first);
        return offset.signum() < 0 || offset.compareTo(BigInteger.valueOf(size)) >= 0 ? -1 : offset.longValue();
    }

    /**
     * Addresses below this offset are left to explicitly requested IPs while the rest has room,
     * as upstream's KEP-3070: min(max(16, cidrSize/16), 256), none for ranges of 16 or fewer.
     */
    @Override
    public long dynamicOffset() {
        long cidrSize = size + (ipv6 ? 1 : 2);
        if (cidrSize <= 16) {
            return 0;
        }
        return Math.min(Math.max(16, cidrSize / 16), 256);
    }

    /** The canonical text of an IP (e.g. for a store key), or null when it is not an IP. */
    public static String canonical(String ip) {
        InetAddress a = Validators.parseIP(ip);
        return a == null ? null : a.getHostAddress();
    }

    private static String format(BigInteger value, boolean v6) {
        byte[] raw = value.toByteArray();
        byte[] bytes = new byte[v6 ? 16 : 4];
        int n = Math.min(raw.length, bytes.length);
        System.arraycopy(raw, raw.length - n, bytes, bytes.length - n, n);
        try {
            return InetAddress.getByAddress(bytes).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
