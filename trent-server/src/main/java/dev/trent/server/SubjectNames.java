package dev.trent.server;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Subject alternative names of a TLS certificate as Trent compares them: an IP address in its canonical text form
 * ({@code ::1}, not {@code 0:0:0:0:0:0:0:1}), a DNS name in lowercase.
 */
final class SubjectNames {
    private static final Pattern DNS_NAME = Pattern.compile(
            "(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\\.?");

    private SubjectNames() {}

    /** Checks a name given for the certificate; throws IllegalArgumentException saying what is wrong. */
    static void check(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("tlsSubjectAlternativeNames: a name must not be empty");
        }
        if (isIpAddress(name)) return;
        String lower = name.toLowerCase(Locale.ROOT);
        if (name.length() > 253 || !DNS_NAME.matcher(lower).matches()) {
            throw new IllegalArgumentException("tlsSubjectAlternativeNames: '" + name
                    + "' is neither an IP address nor a DNS name (e.g. 10.0.0.5, kms.example.internal)");
        }
    }

    static boolean isIpAddress(String name) {
        return NetUtil.isValidIpV4Address(name) || NetUtil.isValidIpV6Address(stripBrackets(name));
    }

    /** The form names are compared in: a canonical IP address, else the lowercase DNS name. */
    static String normalize(String name) {
        String n = stripBrackets(name);
        int scope = n.indexOf('%');
        if (scope >= 0) n = n.substring(0, scope);
        if (NetUtil.isValidIpV4Address(n) || NetUtil.isValidIpV6Address(n)) {
            byte[] bytes = NetUtil.createByteArrayFromIpAddressString(n);
            try {
                return NetUtil.toAddressString(InetAddress.getByAddress(bytes));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(e); // cannot happen: 4 or 16 bytes
            }
        }
        return n.toLowerCase(Locale.ROOT);
    }

    static String of(InetAddress address) {
        return NetUtil.toAddressString(address);
    }

    static Set<String> normalizeAll(Collection<String> names) {
        Set<String> out = new LinkedHashSet<>();
        for (String n : names) out.add(normalize(n));
        return out;
    }

    /** The DNS names and IP addresses a certificate names, normalized. */
    static Set<String> of(X509Certificate cert) {
        Set<String> out = new LinkedHashSet<>();
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans == null) return out;
            for (List<?> san : sans) {
                Object type = san.get(0);
                if ((type.equals(2) || type.equals(7)) && san.get(1) instanceof String s) out.add(normalize(s));
            }
        } catch (CertificateParsingException e) {
            // a certificate whose names cannot be read names nothing
        }
        return out;
    }

    private static String stripBrackets(String n) {
        return n.startsWith("[") && n.endsWith("]") ? n.substring(1, n.length() - 1) : n;
    }
}
