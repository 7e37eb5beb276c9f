package dev.trent.server.auth;

/**
 * The parts of {@code AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...}: the algorithm is the
 * first token, the other components are separated by commas and/or whitespace and each must be
 * {@code key=value}, else {@code IncompleteSignatureException} "'&lt;component&gt;' not a valid key=value pair
 * (missing equal-sign) in Authorization header: '&lt;header&gt;'.". The first occurrence of each key wins, unknown
 * keys are ignored, and an absent part is {@code null} ({@link SignatureClaim} reports those).
 */
record AuthorizationHeader(String algorithm, String credential, String signedHeaders, String signature) {

    static AuthorizationHeader parse(String auth) throws AuthException {
        String credential = null;
        String signedHeaders = null;
        String signature = null;
        int n = auth.length();
        int i = skipWhitespace(auth, 0);
        int algEnd = i;
        while (algEnd < n && !isWhitespace(auth.charAt(algEnd)) && auth.charAt(algEnd) != ',') {
            algEnd++;
        }
        String algorithm = auth.substring(i, algEnd);
        int p = algEnd;
        while (p < n) {
            char c = auth.charAt(p);
            if (c == ',' || isWhitespace(c)) {
                p++;
                continue;
            }
            int tokenEnd = p;
            while (tokenEnd < n && auth.charAt(tokenEnd) != ',' && !isWhitespace(auth.charAt(tokenEnd))) {
                tokenEnd++;
            }
            int eq = auth.indexOf('=', p);
            if (eq < 0 || eq >= tokenEnd) {
                throw AuthException.incomplete("'" + auth.substring(p, tokenEnd)
                        + "' not a valid key=value pair (missing equal-sign) in Authorization header: '"
                        + auth + "'.");
            }
            int keyLen = eq - p;
            if (keyLen == 10 && credential == null && auth.startsWith("Credential", p)) {
                credential = auth.substring(eq + 1, tokenEnd);
            } else if (keyLen == 13 && signedHeaders == null && auth.startsWith("SignedHeaders", p)) {
                signedHeaders = auth.substring(eq + 1, tokenEnd);
            } else if (keyLen == 9 && signature == null && auth.startsWith("Signature", p)) {
                signature = auth.substring(eq + 1, tokenEnd);
            }
            p = tokenEnd;
        }
        return new AuthorizationHeader(algorithm, credential, signedHeaders, signature);
    }

    static int skipWhitespace(String s, int i) {
        while (i < s.length() && isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }
}
