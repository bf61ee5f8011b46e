package org.ttsaudit.pipeline.refaudio;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The address ranges a reference fetch must not reach unless the deployment allows it: they lead
 * into the job's own host or network (loopback, private, carrier-grade NAT, link-local with the
 * cloud metadata services at 169.254.169.254, 100.100.100.200 and fd00:ec2::254) or are not
 * unicast at all. An IPv6 address that embeds an IPv4 one (compatible, mapped, NAT64, 6to4) is
 * judged by the IPv4 address it leads to.
 */
final class AddressRules {
    private record Range(byte[] prefix, int bits, String kind) {
        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            int full = bits / 8;
            if (!Arrays.equals(address, 0, full, prefix, 0, full)) {
                return false;
            }
            int rest = bits % 8;
            int mask = (0xff << (8 - rest)) & 0xff;
            return rest == 0 || (address[full] & mask) == (prefix[full] & mask);
        }
    }

    private static final List<Range> BLOCKED = List.of(
            range("0.0.0.0", 8, "unspecified"),
            range("10.0.0.0", 8, "private"),
            range("100.64.0.0", 10, "carrier-grade NAT"),
            range("127.0.0.0", 8, "loopback"),
            range("169.254.0.0", 16, "link-local"),
            range("172.16.0.0", 12, "private"),
            range("192.0.0.0", 24, "reserved"),
            range("192.168.0.0", 16, "private"),
            range("198.18.0.0", 15, "reserved"),
            range("224.0.0.0", 4, "multicast"),
            range("240.0.0.0", 4, "reserved"),
            range("::", 128, "unspecified"),
            range("::1", 128, "loopback"),
            range("fc00::", 7, "private"),
            range("fe80::", 10, "link-local"),
            range("fec0::", 10, "private"),
            range("ff00::", 8, "multicast"));
    private static final Range NAT64 = range("64:ff9b::", 96, "");
    private static final Range SIX_TO_FOUR = range("2002::", 16, "");
    private static final Range IPV4_COMPATIBLE = range("::", 96, "");

    private AddressRules() {}

    /** The kind of range the address lies in ("loopback", "private", ...), or empty when it is public. */
    static Optional<String> blockedKind(InetAddress address) {
        byte[] bytes = address.getAddress();
        Optional<String> kind = kindOf(bytes);
        byte[] embedded = address instanceof Inet6Address ? embeddedIpv4(bytes) : null;
        return kind.isPresent() || embedded == null ? kind : kindOf(embedded);
    }

    private static Optional<String> kindOf(byte[] bytes) {
        return BLOCKED.stream().filter(r -> r.contains(bytes)).map(Range::kind).findFirst();
    }

    private static byte[] embeddedIpv4(byte[] v6) {
        boolean mapped = Arrays.mismatch(v6, 0, 10, new byte[10], 0, 10) == -1 && v6[10] == (byte) 0xff && v6[11] == (byte) 0xff;
        if (mapped || IPV4_COMPATIBLE.contains(v6) || NAT64.contains(v6)) {
            return Arrays.copyOfRange(v6, 12, 16);
        }
        if (SIX_TO_FOUR.contains(v6)) {
            return Arrays.copyOfRange(v6, 2, 6);
        }
        return null;
    }

    private static Range range(String literal, int bits, String kind) {
        try {
            return new Range(InetAddress.getByName(literal).getAddress(), bits, kind);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("bad range literal " + literal, e);
        }
    }
}
