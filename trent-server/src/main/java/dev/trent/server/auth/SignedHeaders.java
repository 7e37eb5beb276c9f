package dev.trent.server.auth;

import java.util.Locale;

/**
 * The signed-headers check: {@code host} (or {@code :authority}) must be signed: {@code InvalidSignatureException}
 * "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.". For header auth the date header
 * used must be signed too (AWS documents the rule; the wording "'X-Amz-Date' must be a 'SignedHeader' in the AWS
 * Authorization." is ours, by analogy). Headers the service's {@link SigningRules} name must be signed whenever they
 * are sent ("'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization.", by the same analogy).
 */
final class SignedHeaders {

    private SignedHeaders() {}

    /** Checks the claim's signed headers and returns their names in lower case, in the order listed. */
    static String[] check(SignatureClaim claim, SignedRequest request, SigningRules rules) throws AuthException {
        String[] names = split(claim.signedHeaders());
        if (!contains(names, "host") && !contains(names, ":authority")) {
            throw AuthException.invalid("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }
        for (String header : rules.signedIfPresent()) {
            if (request.header(header) != null && !contains(names, header.toLowerCase(Locale.ROOT))) {
                throw AuthException.invalid("'" + header + "' must be a 'SignedHeader' in the AWS Authorization.");
            }
        }
        if (!claim.presigned()) {
            if (claim.dateFromXAmzDate() && !contains(names, "x-amz-date")) {
                throw AuthException.invalid("'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization.");
            }
            if (!claim.dateFromXAmzDate() && !contains(names, "date")) {
                throw AuthException.invalid("'Date' must be a 'SignedHeader' in the AWS Authorization.");
            }
        }
        return names;
    }

    /** The {@code ;}-separated names, each in lower case. */
    static String[] split(String signedHeaders) {
        int count = 1;
        for (int i = 0; i < signedHeaders.length(); i++) {
            if (signedHeaders.charAt(i) == ';') {
                count++;
            }
        }
        String[] out = new String[count];
        int start = 0;
        for (int k = 0; k < count; k++) {
            int semi = signedHeaders.indexOf(';', start);
            int stop = semi < 0 ? signedHeaders.length() : semi;
            out[k] = toLowerAscii(signedHeaders.substring(start, stop));
            start = stop + 1;
        }
        return out;
    }

    private static String toLowerAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                return s.toLowerCase(Locale.ROOT);
            }
        }
        return s;
    }

    private static boolean contains(String[] names, String name) {
        for (String n : names) {
            if (n.equals(name)) {
                return true;
            }
        }
        return false;
    }
}
