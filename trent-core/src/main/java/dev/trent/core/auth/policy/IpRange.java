package dev.trent.core.auth.policy;

/**
 * An IPv4 or IPv6 CIDR block of the {@code IpAddress} and {@code NotIpAddress} operators, and the parser of
 * addresses. Parses literals only (never a name lookup). An IPv4-mapped IPv6 address ({@code ::ffff:192.0.2.1}) is
 * compared as the IPv4 address it maps.
 */
final class IpRange {
    private final byte[] network;
    private final int prefix;

    private IpRange(byte[] network, int prefix) {
        this.network = network;
        this.prefix = prefix;
    }

    /** {@code 203.0.113.0/24}, {@code 2001:DB8:1234:5678::/64}, or one address; null if it is neither. */
    static IpRange parse(String cidr) {
        int slash = cidr.indexOf('/');
        String address = slash < 0 ? cidr : cidr.substring(0, slash);
        byte[] bytes = address(address);
        if (bytes == null) return null;
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String p = cidr.substring(slash + 1);
            if (p.isEmpty() || p.length() > 3) return null;
            for (int i = 0; i < p.length(); i++) {
                if (p.charAt(i) < '0' || p.charAt(i) > '9') return null;
            }
            prefix = Integer.parseInt(p);
            if (prefix > bits) return null;
        }
        return new IpRange(bytes, prefix);
    }

    boolean contains(String address) {
        byte[] a = address(address);
        if (a == null || a.length != network.length) return false;
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != network[i]) return false;
        }
        int rest = prefix % 8;
        if (rest == 0) return true;
        int mask = (0xff << (8 - rest)) & 0xff;
        return (a[full] & mask) == (network[full] & mask);
    }

    /** The bytes of an IPv4 (4) or IPv6 (16) literal, IPv4-mapped IPv6 as 4; null if it is not one. */
    static byte[] address(String s) {
        if (s == null || s.isEmpty()) return null;
        if (s.indexOf(':') < 0) return ipv4(s, 0, s.length());
        byte[] v6 = ipv6(s);
        if (v6 == null) return null;
        boolean mapped = true;
        for (int i = 0; i < 10; i++) mapped &= v6[i] == 0;
        mapped &= v6[10] == (byte) 0xff && v6[11] == (byte) 0xff;
        if (!mapped) return v6;
        return new byte[] {v6[12], v6[13], v6[14], v6[15]};
    }

    private static byte[] ipv4(String s, int from, int to) {
        byte[] out = new byte[4];
        int part = 0;
        int value = -1;
        int digits = 0;
        for (int i = from; i <= to; i++) {
            char c = i == to ? '.' : s.charAt(i);
            if (c == '.') {
                if (value < 0 || part > 3) return null;
                out[part++] = (byte) value;
                value = -1;
                digits = 0;
            } else if (c >= '0' && c <= '9') {
                if (digits > 0 && value == 0) return null; // no leading zeros (octal ambiguity)
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (++digits > 3 || value > 255) return null;
            } else {
                return null;
            }
        }
        return part == 4 ? out : null;
    }

    private static byte[] ipv6(String s) {
        int zone = s.indexOf('%');
        if (zone >= 0) s = s.substring(0, zone);
        byte[] out = new byte[16];
        int[] groups = new int[8];
        int count = 0;
        int gap = -1;
        int i = 0;
        int n = s.length();
        if (s.startsWith("::")) {
            gap = 0;
            i = 2;
            if (n == 2) return out;
        } else if (s.startsWith(":")) {
            return null;
        }
        while (i < n) {
            int end = i;
            while (end < n && s.charAt(end) != ':') end++;
            String group = s.substring(i, end);
            if (group.indexOf('.') >= 0) {
                if (end != n || count > 6) return null;
                byte[] v4 = ipv4(group, 0, group.length());
                if (v4 == null) return null;
                groups[count++] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
                groups[count++] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
                i = n;
                break;
            }
            if (group.isEmpty() || group.length() > 4 || count >= 8) return null;
            int value = 0;
            for (int k = 0; k < group.length(); k++) {
                int d = Character.digit(group.charAt(k), 16);
                if (d < 0) return null;
                value = value * 16 + d;
            }
            groups[count++] = value;
            if (end == n) {
                i = n;
                break;
            }
            if (end + 1 < n && s.charAt(end + 1) == ':') {
                if (gap >= 0) return null;
                gap = count;
                i = end + 2;
            } else {
                if (end + 1 == n) return null;
                i = end + 1;
            }
        }
        if (gap < 0 && count != 8) return null;
        if (gap >= 0 && count > 7) return null;
        int[] full = new int[8];
        if (gap < 0) {
            full = groups;
        } else {
            int tail = count - gap;
            System.arraycopy(groups, 0, full, 0, gap);
            System.arraycopy(groups, gap, full, 8 - tail, tail);
        }
        for (int g = 0; g < 8; g++) {
            out[2 * g] = (byte) (full[g] >>> 8);
            out[2 * g + 1] = (byte) full[g];
        }
        return out;
    }
}
