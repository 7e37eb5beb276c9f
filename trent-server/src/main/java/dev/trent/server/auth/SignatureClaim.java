package dev.trent.server.auth;

import java.util.List;
import java.util.Map;

/**
 * What a request claims about its signature, read from the {@code Authorization} header or the presigned query
 * string. Only the syntax is checked here; every value is still the client's word.
 *
 * <p>{@link #parse} applies the first checks of {@link SigV4Verifier}, in this order:
 * <ol>
 *   <li>A malformed percent-escape in the query: {@code MalformedQueryString} (from {@link Canonical#parseQuery}).</li>
 *   <li>{@code Authorization} header and an {@code X-Amz-Algorithm} query parameter both present:
 *       {@code InvalidSignatureException} "Found both 'X-Amz-Algorithm' as a query-string param and
 *       'Authorization' as HTTP header."</li>
 *   <li>Neither, or a header that does not start with {@code AWS4-} (e.g. SigV2, a bearer token):
 *       {@code MissingAuthenticationTokenException} "Missing Authentication Token" (KMS's wording; DynamoDB says
 *       "Request is missing Authentication Token").</li>
 *   <li>Header syntax (see {@link AuthorizationHeader} for a component without {@code =}); missing parts give
 *       one {@code IncompleteSignatureException} listing each, e.g. "Authorization header requires
 *       'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header
 *       requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or
 *       a 'Date' header. Authorization=&lt;header&gt;". For presigned requests: "AWS query-string parameters must
 *       include 'X-Amz-Credential'. ... Re-examine the query-string parameters." ({@code X-Amz-Algorithm,
 *       X-Amz-Credential, X-Amz-Signature, X-Amz-SignedHeaders, X-Amz-Date}; {@code X-Amz-Expires} is
 *       optional and checked by {@link TimeWindow}).</li>
 * </ol>
 * Of the headers, the first occurrence of each name wins.
 *
 * @param presigned        the query-string form ({@code X-Amz-Algorithm} present)
 * @param algorithm        as sent; not yet checked
 * @param credential       {@code keyid/date/region/service/term} as sent (see {@link CredentialScope})
 * @param signedHeaders    the {@code ;}-separated list as sent (header auth: possibly empty)
 * @param signature        the hex signature as sent
 * @param date             {@code X-Amz-Date}, else {@code Date} (presigned: the {@code X-Amz-Date} parameter)
 * @param dateFromXAmzDate header auth: the date came from {@code X-Amz-Date} (else from {@code Date})
 * @param expires          presigned: the decoded {@code X-Amz-Expires} parameter, or {@code null}
 * @param securityToken    {@code X-Amz-Security-Token} (header, or query when presigned), or {@code null}
 * @param contentSha256    the {@code x-amz-content-sha256} header, or {@code null}
 * @param params           the canonical query parameters in wire order
 */
record SignatureClaim(
        boolean presigned,
        String algorithm,
        String credential,
        String signedHeaders,
        String signature,
        String date,
        boolean dateFromXAmzDate,
        String expires,
        String securityToken,
        String contentSha256,
        List<Canonical.Param> params) {

    static final String X_AMZ_ALGORITHM = "X-Amz-Algorithm";
    static final String X_AMZ_SIGNATURE = "X-Amz-Signature";
    private static final String X_AMZ_CREDENTIAL = "X-Amz-Credential";
    private static final String X_AMZ_DATE = "X-Amz-Date";
    private static final String X_AMZ_EXPIRES = "X-Amz-Expires";
    private static final String X_AMZ_SECURITY_TOKEN = "X-Amz-Security-Token";
    private static final String X_AMZ_SIGNED_HEADERS = "X-Amz-SignedHeaders";
    private static final String[] PRESIGN_REQUIRED = {
        X_AMZ_ALGORITHM, X_AMZ_CREDENTIAL, X_AMZ_SIGNATURE, X_AMZ_SIGNED_HEADERS, X_AMZ_DATE
    };

    /** Reads the claim; see the class documentation for the checks and their order. */
    static SignatureClaim parse(SignedRequest request) throws AuthException {
        AuthHeaders h = AuthHeaders.scan(request.headers());
        List<Canonical.Param> params = Canonical.parseQuery(request.rawQuery());
        boolean presigned = Canonical.find(params, X_AMZ_ALGORITHM) != null;

        if (h.authorization != null && presigned) {
            throw AuthException.invalid(
                    "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.");
        }
        if (!presigned
                && (h.authorization == null
                        || !h.authorization.startsWith(
                                "AWS4-", AuthorizationHeader.skipWhitespace(h.authorization, 0)))) {
            throw AuthException.missingToken();
        }
        return presigned ? fromQuery(params, h) : fromHeader(params, h);
    }

    private static SignatureClaim fromQuery(List<Canonical.Param> params, AuthHeaders h) throws AuthException {
        StringBuilder missing = null;
        String[] values = new String[PRESIGN_REQUIRED.length];
        for (int i = 0; i < PRESIGN_REQUIRED.length; i++) {
            Canonical.Param p = Canonical.find(params, PRESIGN_REQUIRED[i]);
            values[i] = p == null ? null : Canonical.decode(p.value());
            if (values[i] == null || values[i].isEmpty()) {
                missing = missing == null ? new StringBuilder(128) : missing;
                missing.append("AWS query-string parameters must include '")
                        .append(PRESIGN_REQUIRED[i])
                        .append("'. ");
            }
        }
        if (missing != null) {
            throw AuthException.incomplete(
                    missing.append("Re-examine the query-string parameters.").toString());
        }
        Canonical.Param token = Canonical.find(params, X_AMZ_SECURITY_TOKEN);
        Canonical.Param expires = Canonical.find(params, X_AMZ_EXPIRES);
        return new SignatureClaim(
                true,
                values[0],
                values[1],
                values[3],
                values[2],
                values[4],
                false,
                expires == null ? null : Canonical.decode(expires.value()),
                token == null ? null : Canonical.decode(token.value()),
                h.contentSha256,
                params);
    }

    private static SignatureClaim fromHeader(List<Canonical.Param> params, AuthHeaders h) throws AuthException {
        AuthorizationHeader parts = AuthorizationHeader.parse(h.authorization);
        String date;
        boolean fromXAmzDate = false;
        if (h.xAmzDate != null && !h.xAmzDate.isEmpty()) {
            date = h.xAmzDate;
            fromXAmzDate = true;
        } else if (h.date != null && !h.date.isEmpty()) {
            date = h.date;
        } else {
            date = null;
        }
        StringBuilder missing = null;
        if (parts.credential() == null || parts.credential().isEmpty()) {
            missing = new StringBuilder(256).append("Authorization header requires 'Credential' parameter. ");
        }
        if (parts.signature() == null || parts.signature().isEmpty()) {
            missing = missing == null ? new StringBuilder(256) : missing;
            missing.append("Authorization header requires 'Signature' parameter. ");
        }
        if (parts.signedHeaders() == null) { // present but empty is allowed here; the host check rejects it
            missing = missing == null ? new StringBuilder(256) : missing;
            missing.append("Authorization header requires 'SignedHeaders' parameter. ");
        }
        if (date == null) {
            missing = missing == null ? new StringBuilder(256) : missing;
            missing.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
        }
        if (missing != null) {
            throw AuthException.incomplete(
                    missing.append("Authorization=").append(h.authorization).toString());
        }
        return new SignatureClaim(
                false,
                parts.algorithm(),
                parts.credential(),
                parts.signedHeaders(),
                parts.signature(),
                date,
                fromXAmzDate,
                null,
                h.securityToken,
                h.contentSha256,
                params);
    }

    /** The headers authentication reads, found in one pass over the header lines (first occurrence wins). */
    private static final class AuthHeaders {
        String authorization;
        String xAmzDate;
        String date;
        String securityToken;
        String contentSha256;

        static AuthHeaders scan(List<Map.Entry<String, String>> headers) {
            AuthHeaders found = new AuthHeaders();
            for (int i = 0, n = headers.size(); i < n; i++) {
                Map.Entry<String, String> h = headers.get(i);
                String k = h.getKey();
                switch (k.length()) {
                    case 4 -> {
                        if (found.date == null && k.equalsIgnoreCase("date")) {
                            found.date = h.getValue();
                        }
                    }
                    case 10 -> {
                        if (found.xAmzDate == null && k.equalsIgnoreCase("x-amz-date")) {
                            found.xAmzDate = h.getValue();
                        }
                    }
                    case 13 -> {
                        if (found.authorization == null && k.equalsIgnoreCase("authorization")) {
                            found.authorization = h.getValue();
                        }
                    }
                    case 20 -> {
                        if (found.securityToken == null && k.equalsIgnoreCase("x-amz-security-token")) {
                            found.securityToken = h.getValue();
                        } else if (found.contentSha256 == null && k.equalsIgnoreCase("x-amz-content-sha256")) {
                            found.contentSha256 = h.getValue();
                        }
                    }
                    default -> {}
                }
            }
            return found;
        }
    }
}
