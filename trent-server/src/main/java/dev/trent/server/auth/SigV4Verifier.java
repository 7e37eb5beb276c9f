package dev.trent.server.auth;

import dev.trent.crypto.ConstantTime;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies AWS Signature Version 4 ({@code AWS4-HMAC-SHA256}) on incoming requests, both the {@code Authorization}
 * header form and the presigned query-string form, the way an AWS JSON 1.1 service (KMS) does.
 *
 * <h2>Checks, in the order AWS applies them</h2>
 * The order (and so which error a request with several faults gets) follows what dynalite/kinesalite recorded
 * from the real AWS JSON services:
 * <ol>
 *   <li>{@code Authorization} header and an {@code X-Amz-Algorithm} query parameter both present:
 *       {@code InvalidSignatureException} "Found both 'X-Amz-Algorithm' as a query-string param and
 *       'Authorization' as HTTP header."</li>
 *   <li>Neither, or a header that does not start with {@code AWS4-} (e.g. SigV2, a bearer token):
 *       {@code MissingAuthenticationTokenException} "Missing Authentication Token" (KMS's wording; DynamoDB says
 *       "Request is missing Authentication Token").</li>
 *   <li>Header syntax: a component without {@code =} gives {@code IncompleteSignatureException}
 *       "'&lt;component&gt;' not a valid key=value pair (missing equal-sign) in Authorization header:
 *       '&lt;header&gt;'."; missing parts give one message listing each, e.g. "Authorization header requires
 *       'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header
 *       requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or
 *       a 'Date' header. Authorization=&lt;header&gt;". For presigned requests: "AWS query-string parameters must
 *       include 'X-Amz-Credential'. ... Re-examine the query-string parameters." ({@code X-Amz-Algorithm,
 *       X-Amz-Credential, X-Amz-Signature, X-Amz-SignedHeaders, X-Amz-Date}; {@code X-Amz-Expires} is
 *       optional).</li>
 *   <li>Date ({@code X-Amz-Date}, else {@code Date}; presigned: the {@code X-Amz-Date} parameter) must be ISO 8601
 *       basic {@code yyyyMMdd'T'HHmmss'Z'}: else {@code IncompleteSignatureException} "Date must be in ISO-8601
 *       'basic format'. Got '&lt;value&gt;'. See http://en.wikipedia.org/wiki/ISO_8601". {@code X-Amz-Expires}
 *       must be an integer in [0, 604800] (S3's wording, as {@code IncompleteSignatureException}: "X-Amz-Expires
 *       should be a number", "X-Amz-Expires must be non-negative", "X-Amz-Expires must be less than a week (in
 *       seconds) that is 604800").</li>
 *   <li>Time window against the injected {@link Clock}, ±15 minutes inclusive (whole seconds):
 *       {@code InvalidSignatureException} "Signature expired: 20261123T101500Z is now earlier than
 *       20261123T102000Z (20261123T103500Z - 15 min.)" or "Signature not yet current: &lt;t&gt; is still later
 *       than &lt;now+15&gt; (&lt;now&gt; + 15 min.)". A presigned request with {@code X-Amz-Expires=N} expires
 *       strictly N seconds after its date ("Signature expired: &lt;t&gt; is now earlier than &lt;now-N&gt;
 *       (&lt;now&gt; - N sec.)", "N min." when N is whole minutes); without it the ±15 minute rule applies, as in
 *       the AWS JSON services (which ignore X-Amz-Expires).</li>
 *   <li>{@code host} (or {@code :authority}) must be signed: {@code InvalidSignatureException} "'Host' or
 *       ':authority' must be a 'SignedHeader' in the AWS Authorization.". For header auth the date header used
 *       must be signed too (AWS documents the rule; the wording "'X-Amz-Date' must be a 'SignedHeader' in the AWS
 *       Authorization." is ours, by analogy).</li>
 *   <li>Algorithm: {@code IncompleteSignatureException} "Unsupported AWS 'algorithm': '&lt;alg&gt;' (only
 *       AWS4-HMAC-SHA256 for now). "</li>
 *   <li>Credential shape (trailing slashes ignored): {@code IncompleteSignatureException} "Credential must have
 *       exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '&lt;credential&gt;'"</li>
 *   <li>Credential scope, every failing part in one {@code InvalidSignatureException}, each sentence ending in
 *       ". " as AWS sends it: "Credential should be scoped to a valid region, not '&lt;r&gt;'. " (any
 *       {@code [a-z0-9-]{1,32}} region is valid here: it names where the caller's keys live), "Credential should
 *       be scoped to correct service: 'kms'. ", "Credential should be scoped with a valid terminator:
 *       'aws4_request', not '&lt;t&gt;'. ", "Date in Credential scope does not match YYYYMMDD from ISO-8601
 *       version of date from HTTP: '&lt;scope&gt;' != '&lt;yyyyMMdd&gt;', from '&lt;date&gt;'. "</li>
 *   <li>Access key: {@link SecretLookup} answers {@code Unknown}: {@code UnrecognizedClientException} "The
 *       security token included in the request is invalid."; {@code TrustUnsigned}: accepted here, unverified.</li>
 *   <li>{@code x-amz-content-sha256}, when present and not {@code UNSIGNED-PAYLOAD}, must equal the body's
 *       SHA-256 (hex, case-insensitive): {@code InvalidSignatureException} "The provided 'x-amz-content-sha256'
 *       header does not match what was computed." (S3's wording; the JSON services have none).</li>
 *   <li>Signature, compared in constant time: {@code InvalidSignatureException} "The request signature we
 *       calculated does not match the signature you provided. Check your AWS Secret Access Key and signing
 *       method. Consult the service documentation for details." (without the canonical request AWS sometimes
 *       appends: it would only help an attacker probe the canonicalization).</li>
 * </ol>
 * A malformed percent-escape in the query gives {@code MalformedQueryString} before any of these. Every error is
 * HTTP 400 (see {@link AuthException}).
 *
 * <h2>Canonical request</h2>
 * See {@link Canonical}: the raw path is normalized and encoded once more (what the SDKs sign for non-S3
 * services), the query is decoded and re-encoded per RFC 3986 and sorted by name then value ({@code X-Amz-Signature}
 * left out for presigned requests), signed headers are looked up case-insensitively, values trimmed and
 * whitespace-collapsed, repeated headers joined with commas in wire order; the payload hash is the hex SHA-256 of
 * the body, or the {@code x-amz-content-sha256} value once checked.
 *
 * <h2>Cost</h2>
 * Per thread (ThreadLocal; a small pool for virtual threads) one {@link Mac} and one {@link MessageDigest} and a
 * reused {@link StringBuilder}; no regular expressions; hex by table. The daily signing key is cached per
 * (access key id, date, region, service) in a bounded {@link SigningKeyCache} that is guarded by the secret, so a
 * verify costs one SHA-256 of the body, one of the canonical request and one HMAC.
 *
 * <p>Thread-safe. Never logs; messages contain only what the client sent.
 */
public final class SigV4Verifier {

    /** The only algorithm supported. */
    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    /** Allowed difference between the request date and the server clock, both ways. */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(15);
    /** Upper bound of {@code X-Amz-Expires} (seven days), as for AWS presigned URLs. */
    public static final long MAX_PRESIGN_EXPIRES_SECONDS = 604_800;
    /** Default number of cached signing keys. */
    public static final int DEFAULT_CACHE_CAPACITY = 4096;
    /** The {@code x-amz-content-sha256} value that opts out of payload signing. */
    public static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

    private static final String TERMINATOR = "aws4_request";
    private static final long SKEW_SECONDS = MAX_CLOCK_SKEW.toSeconds();
    private static final String X_AMZ_ALGORITHM = "X-Amz-Algorithm";
    private static final String X_AMZ_CREDENTIAL = "X-Amz-Credential";
    private static final String X_AMZ_DATE = "X-Amz-Date";
    private static final String X_AMZ_EXPIRES = "X-Amz-Expires";
    private static final String X_AMZ_SECURITY_TOKEN = "X-Amz-Security-Token";
    private static final String X_AMZ_SIGNATURE = "X-Amz-Signature";
    private static final String X_AMZ_SIGNED_HEADERS = "X-Amz-SignedHeaders";
    private static final String[] PRESIGN_REQUIRED = {
        X_AMZ_ALGORITHM, X_AMZ_CREDENTIAL, X_AMZ_SIGNATURE, X_AMZ_SIGNED_HEADERS, X_AMZ_DATE
    };

    private static final byte[] ALGORITHM_LINE = (ALGORITHM + "\n").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] AWS4 = "AWS4".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TERMINATOR_BYTES = TERMINATOR.getBytes(StandardCharsets.US_ASCII);
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final DateTimeFormatter BASIC_ISO =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final String service;
    private final byte[] serviceBytes;
    private final SecretLookup lookup;
    private final Clock clock;
    private final SigningKeyCache cache;

    public SigV4Verifier(String service, SecretLookup lookup, Clock clock) {
        this(service, lookup, clock, DEFAULT_CACHE_CAPACITY);
    }

    /**
     * @param service       the signing name clients must scope to ({@code kms})
     * @param lookup        resolves access key ids
     * @param clock         the server clock for the ±15 minute window
     * @param cacheCapacity how many derived signing keys to keep (rounded up to a power of two)
     */
    public SigV4Verifier(String service, SecretLookup lookup, Clock clock, int cacheCapacity) {
        this.service = Objects.requireNonNull(service, "service");
        if (service.isEmpty()) {
            throw new IllegalArgumentException("service must not be empty");
        }
        this.serviceBytes = service.getBytes(StandardCharsets.UTF_8);
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (cacheCapacity < 2) {
            throw new IllegalArgumentException("cacheCapacity must be at least 2");
        }
        this.cache = new SigningKeyCache(cacheCapacity);
    }

    /** The service name credentials must be scoped to. */
    public String service() {
        return service;
    }

    /**
     * Authenticates a request.
     *
     * @return the caller, when the signature is valid (or the key is {@code TrustUnsigned})
     * @throws AuthException with the AWS error code, status and message; see the class documentation
     */
    public VerifiedCaller verify(SignedRequest request) throws AuthException {
        // ---- the headers we need, in one pass (first occurrence wins)
        String authorization = null;
        String xAmzDate = null;
        String dateHeader = null;
        String tokenHeader = null;
        String contentSha = null;
        List<Map.Entry<String, String>> headers = request.headers();
        for (int i = 0, n = headers.size(); i < n; i++) {
            Map.Entry<String, String> h = headers.get(i);
            String k = h.getKey();
            switch (k.length()) {
                case 4 -> {
                    if (dateHeader == null && k.equalsIgnoreCase("date")) {
                        dateHeader = h.getValue();
                    }
                }
                case 10 -> {
                    if (xAmzDate == null && k.equalsIgnoreCase("x-amz-date")) {
                        xAmzDate = h.getValue();
                    }
                }
                case 13 -> {
                    if (authorization == null && k.equalsIgnoreCase("authorization")) {
                        authorization = h.getValue();
                    }
                }
                case 20 -> {
                    if (tokenHeader == null && k.equalsIgnoreCase("x-amz-security-token")) {
                        tokenHeader = h.getValue();
                    } else if (contentSha == null && k.equalsIgnoreCase("x-amz-content-sha256")) {
                        contentSha = h.getValue();
                    }
                }
                default -> {}
            }
        }
        List<Canonical.Param> params = Canonical.parseQuery(request.rawQuery());
        boolean presigned = Canonical.find(params, X_AMZ_ALGORITHM) != null;

        // ---- which kind of authentication
        if (authorization != null && presigned) {
            throw AuthException.invalid(
                    "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.");
        }
        if (!presigned
                && (authorization == null || !authorization.startsWith("AWS4-", skipWhitespace(authorization, 0)))) {
            throw AuthException.missingToken();
        }

        // ---- the five parts
        String algorithm;
        String credential;
        String signedHeaders;
        String signature;
        String amzDate;
        String securityToken;
        boolean dateFromXAmzDateHeader = false;
        long expires = -1;
        if (presigned) {
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
                throw AuthException.incomplete(missing.append("Re-examine the query-string parameters.")
                        .toString());
            }
            algorithm = values[0];
            credential = values[1];
            signature = values[2];
            signedHeaders = values[3];
            amzDate = values[4];
            Canonical.Param token = Canonical.find(params, X_AMZ_SECURITY_TOKEN);
            securityToken = token == null ? null : Canonical.decode(token.value());
            Canonical.Param exp = Canonical.find(params, X_AMZ_EXPIRES);
            if (exp != null) {
                expires = parseExpires(Canonical.decode(exp.value()));
            }
        } else {
            HeaderParts parts = HeaderParts.parse(authorization);
            algorithm = parts.algorithm;
            credential = parts.credential;
            signedHeaders = parts.signedHeaders;
            signature = parts.signature;
            if (xAmzDate != null && !xAmzDate.isEmpty()) {
                amzDate = xAmzDate;
                dateFromXAmzDateHeader = true;
            } else if (dateHeader != null && !dateHeader.isEmpty()) {
                amzDate = dateHeader;
            } else {
                amzDate = null;
            }
            StringBuilder missing = null;
            if (credential == null || credential.isEmpty()) {
                missing = new StringBuilder(256).append("Authorization header requires 'Credential' parameter. ");
            }
            if (signature == null || signature.isEmpty()) {
                missing = missing == null ? new StringBuilder(256) : missing;
                missing.append("Authorization header requires 'Signature' parameter. ");
            }
            if (signedHeaders == null) { // present but empty is allowed here; the host check rejects it
                missing = missing == null ? new StringBuilder(256) : missing;
                missing.append("Authorization header requires 'SignedHeaders' parameter. ");
            }
            if (amzDate == null) {
                missing = missing == null ? new StringBuilder(256) : missing;
                missing.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
            }
            if (missing != null) {
                throw AuthException.incomplete(
                        missing.append("Authorization=").append(authorization).toString());
            }
            securityToken = tokenHeader;
        }

        // ---- date and time window
        long signedAt = parseBasicIso(amzDate);
        if (signedAt == Long.MIN_VALUE) {
            throw AuthException.incomplete("Date must be in ISO-8601 'basic format'. Got '" + amzDate
                    + "'. See http://en.wikipedia.org/wiki/ISO_8601");
        }
        checkTimeWindow(signedAt, expires);

        // ---- signed headers
        String[] signedLower = splitSignedHeaders(signedHeaders);
        if (!contains(signedLower, "host") && !contains(signedLower, ":authority")) {
            throw AuthException.invalid("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }
        if (!presigned) {
            if (dateFromXAmzDateHeader && !contains(signedLower, "x-amz-date")) {
                throw AuthException.invalid("'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization.");
            }
            if (!dateFromXAmzDateHeader && !contains(signedLower, "date")) {
                throw AuthException.invalid("'Date' must be a 'SignedHeader' in the AWS Authorization.");
            }
        }

        // ---- algorithm and credential
        if (!ALGORITHM.equals(algorithm)) {
            throw AuthException.incomplete(
                    "Unsupported AWS 'algorithm': '" + algorithm + "' (only AWS4-HMAC-SHA256 for now). ");
        }
        int end = credential.length();
        while (end > 0 && credential.charAt(end - 1) == '/') {
            end--;
        }
        int[] slash = new int[4];
        int slashes = 0;
        for (int i = 0; i < end; i++) {
            if (credential.charAt(i) == '/') {
                if (slashes == 4) {
                    slashes = 5;
                    break;
                }
                slash[slashes++] = i;
            }
        }
        if (slashes != 4) {
            throw AuthException.incomplete("Credential must have exactly 5 slash-delimited elements, "
                    + "e.g. keyid/date/region/service/term, got '" + credential + "'");
        }
        int s1 = slash[0];
        int s2 = slash[1];
        int s3 = slash[2];
        int s4 = slash[3];
        String accessKeyId = credential.substring(0, s1);
        String scopeDate = credential.substring(s1 + 1, s2);
        String region = credential.substring(s2 + 1, s3);
        String scopeService = credential.substring(s3 + 1, s4);
        String terminator = credential.substring(s4 + 1, end);
        checkScope(region, scopeService, terminator, scopeDate, amzDate);

        // ---- who
        SecretLookup.Result found = lookup.find(accessKeyId);
        byte[] secret;
        switch (found) {
            case SecretLookup.Known k -> secret = k.secretAccessKeyUtf8();
            case SecretLookup.TrustUnsigned t -> {
                return new VerifiedCaller(
                        accessKeyId, region, service, securityToken, Instant.ofEpochSecond(signedAt), false);
            }
            case SecretLookup.Unknown u -> throw AuthException.unrecognizedClient();
            case null -> throw AuthException.unrecognizedClient();
        }

        // ---- signature
        Worker w = acquireWorker();
        try {
            StringBuilder sb = w.sb;
            sb.setLength(0);
            sb.append(request.method()).append('\n');
            Canonical.appendCanonicalUri(sb, request.rawPath());
            sb.append('\n');
            Canonical.appendCanonicalQuery(sb, params, presigned ? X_AMZ_SIGNATURE : null);
            sb.append('\n');
            Canonical.appendCanonicalHeaders(sb, signedLower, headers);
            sb.append('\n').append(signedHeaders).append('\n');
            if (contentSha != null && contentSha.equals(UNSIGNED_PAYLOAD)) {
                sb.append(UNSIGNED_PAYLOAD);
            } else {
                byte[] bodyHash = w.sha256.digest(request.body());
                if (contentSha != null) {
                    if (!hexEqualsIgnoreCase(bodyHash, contentSha)) {
                        throw AuthException.invalid(
                                "The provided 'x-amz-content-sha256' header does not match what was computed.");
                    }
                    sb.append(contentSha);
                } else {
                    appendHex(sb, bodyHash);
                }
            }
            byte[] canonicalHash = w.sha256Of(sb);

            // string to sign: algorithm \n date \n scope \n hex(hash(canonical request))
            byte[] sts = w.bytes(ALGORITHM_LINE.length + 17 + credential.length() + 1 + 64);
            int p = 0;
            System.arraycopy(ALGORITHM_LINE, 0, sts, p, ALGORITHM_LINE.length);
            p += ALGORITHM_LINE.length;
            p = putAscii(sts, p, amzDate, 0, amzDate.length());
            sts[p++] = '\n';
            p = putAscii(sts, p, credential, s1 + 1, end);
            sts[p++] = '\n';
            p = putHex(sts, p, canonicalHash);

            byte[] signingKey = cache.get(accessKeyId, scopeDate, region, service, secret);
            if (signingKey == null) {
                signingKey = deriveSigningKey(w, secret, scopeDate, region);
                cache.put(accessKeyId, scopeDate, region, service, secret, signingKey);
            }
            byte[] expected = w.hmac(signingKey, sts, 0, p);
            byte[] expectedHex = w.hex64;
            putHex(expectedHex, 0, expected);
            if (!ConstantTime.equals(expectedHex, signature.getBytes(StandardCharsets.ISO_8859_1))) {
                throw AuthException.invalid("The request signature we calculated does not match the signature you "
                        + "provided. Check your AWS Secret Access Key and signing method. Consult the service "
                        + "documentation for details.");
            }
        } finally {
            releaseWorker(w);
        }
        return new VerifiedCaller(accessKeyId, region, service, securityToken, Instant.ofEpochSecond(signedAt), true);
    }

    // ------------------------------------------------------------------------------------------ checks

    private void checkTimeWindow(long signedAt, long expires) throws AuthException {
        long now = clock.instant().getEpochSecond();
        if (signedAt > now + SKEW_SECONDS) {
            throw AuthException.invalid("Signature not yet current: " + iso(signedAt) + " is still later than "
                    + iso(now + SKEW_SECONDS) + " (" + iso(now) + " + 15 min.)");
        }
        long window = expires >= 0 ? expires : SKEW_SECONDS;
        if (signedAt < now - window) {
            throw AuthException.invalid("Signature expired: " + iso(signedAt) + " is now earlier than "
                    + iso(now - window) + " (" + iso(now) + " - " + durationText(window) + ".)");
        }
    }

    private void checkScope(String region, String scopeService, String terminator, String scopeDate, String amzDate)
            throws AuthException {
        StringBuilder m = null;
        if (!validRegion(region)) {
            m = new StringBuilder(256);
            m.append("Credential should be scoped to a valid region, not '")
                    .append(region)
                    .append("'. ");
        }
        if (!service.equals(scopeService)) {
            m = m == null ? new StringBuilder(256) : m;
            m.append("Credential should be scoped to correct service: '")
                    .append(service)
                    .append("'. ");
        }
        if (!TERMINATOR.equals(terminator)) {
            m = m == null ? new StringBuilder(256) : m;
            m.append("Credential should be scoped with a valid terminator: 'aws4_request', not '")
                    .append(terminator)
                    .append("'. ");
        }
        if (scopeDate.length() != 8 || !amzDate.regionMatches(0, scopeDate, 0, 8)) {
            m = m == null ? new StringBuilder(256) : m;
            m.append("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '")
                    .append(scopeDate)
                    .append("' != '")
                    .append(amzDate, 0, 8)
                    .append("', from '")
                    .append(amzDate)
                    .append("'. ");
        }
        if (m != null) {
            throw AuthException.invalid(m.toString());
        }
    }

    /** A region is any 1..32 characters of {@code [a-z0-9-]}. */
    static boolean validRegion(String region) {
        int n = region.length();
        if (n == 0 || n > 32) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = region.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static long parseExpires(String value) throws AuthException {
        if (!value.isEmpty() && value.charAt(0) == '-' && allDigits(value, 1)) {
            throw AuthException.incomplete("X-Amz-Expires must be non-negative");
        }
        if (!allDigits(value, 0)) {
            throw AuthException.incomplete("X-Amz-Expires should be a number");
        }
        if (value.length() > 7 || Long.parseLong(value) > MAX_PRESIGN_EXPIRES_SECONDS) {
            throw AuthException.incomplete("X-Amz-Expires must be less than a week (in seconds) that is 604800");
        }
        return Long.parseLong(value);
    }

    private static boolean allDigits(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return from < s.length();
    }

    /** Epoch seconds of {@code yyyyMMdd'T'HHmmss'Z'}, or {@link Long#MIN_VALUE} if it is not exactly that. */
    static long parseBasicIso(String s) {
        if (s.length() != 16 || s.charAt(8) != 'T' || s.charAt(15) != 'Z') {
            return Long.MIN_VALUE;
        }
        for (int i = 0; i < 15; i++) {
            if (i != 8 && (s.charAt(i) < '0' || s.charAt(i) > '9')) {
                return Long.MIN_VALUE;
            }
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 4, 2);
        int day = digits(s, 6, 2);
        int hour = digits(s, 9, 2);
        int minute = digits(s, 11, 2);
        int second = digits(s, 13, 2);
        if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
            return Long.MIN_VALUE;
        }
        try {
            return LocalDate.of(year, month, day).toEpochDay() * 86_400L + hour * 3600L + minute * 60L + second;
        } catch (DateTimeException e) { // e.g. 20150231
            return Long.MIN_VALUE;
        }
    }

    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            v = v * 10 + (s.charAt(i) - '0');
        }
        return v;
    }

    static String iso(long epochSecond) {
        return BASIC_ISO.format(Instant.ofEpochSecond(epochSecond));
    }

    private static String durationText(long seconds) {
        return seconds % 60 == 0 ? (seconds / 60) + " min" : seconds + " sec";
    }

    private static String[] splitSignedHeaders(String signedHeaders) {
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
                return s.toLowerCase(java.util.Locale.ROOT);
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

    private static int skipWhitespace(String s, int i) {
        while (i < s.length() && isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    // ------------------------------------------------------------------------------------------ Authorization header

    /** The parts of {@code AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...}. */
    private static final class HeaderParts {
        String algorithm;
        String credential;
        String signedHeaders;
        String signature;

        /** Components are separated by commas and/or whitespace; each must be {@code key=value}. */
        static HeaderParts parse(String auth) throws AuthException {
            HeaderParts parts = new HeaderParts();
            int n = auth.length();
            int i = skipWhitespace(auth, 0);
            int algEnd = i;
            while (algEnd < n && !isWhitespace(auth.charAt(algEnd)) && auth.charAt(algEnd) != ',') {
                algEnd++;
            }
            parts.algorithm = auth.substring(i, algEnd);
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
                if (keyLen == 10 && parts.credential == null && auth.startsWith("Credential", p)) {
                    parts.credential = auth.substring(eq + 1, tokenEnd);
                } else if (keyLen == 13 && parts.signedHeaders == null && auth.startsWith("SignedHeaders", p)) {
                    parts.signedHeaders = auth.substring(eq + 1, tokenEnd);
                } else if (keyLen == 9 && parts.signature == null && auth.startsWith("Signature", p)) {
                    parts.signature = auth.substring(eq + 1, tokenEnd);
                }
                p = tokenEnd;
            }
            return parts;
        }
    }

    // ------------------------------------------------------------------------------------------ crypto helpers

    private byte[] deriveSigningKey(Worker w, byte[] secret, String scopeDate, String region) {
        byte[] kSecret = new byte[AWS4.length + secret.length];
        System.arraycopy(AWS4, 0, kSecret, 0, AWS4.length);
        System.arraycopy(secret, 0, kSecret, AWS4.length, secret.length);
        byte[] kDate = w.hmac(kSecret, scopeDate.getBytes(StandardCharsets.US_ASCII));
        Arrays.fill(kSecret, (byte) 0);
        byte[] kRegion = w.hmac(kDate, region.getBytes(StandardCharsets.US_ASCII));
        Arrays.fill(kDate, (byte) 0);
        byte[] kService = w.hmac(kRegion, serviceBytes);
        Arrays.fill(kRegion, (byte) 0);
        byte[] kSigning = w.hmac(kService, TERMINATOR_BYTES);
        Arrays.fill(kService, (byte) 0);
        return kSigning;
    }

    private static boolean hexEqualsIgnoreCase(byte[] hash, String hex) {
        if (hex.length() != hash.length * 2) {
            return false;
        }
        for (int i = 0; i < hash.length; i++) {
            char hi = Character.toLowerCase(hex.charAt(2 * i));
            char lo = Character.toLowerCase(hex.charAt(2 * i + 1));
            if (hi != HEX[(hash[i] >> 4) & 0xf] || lo != HEX[hash[i] & 0xf]) {
                return false;
            }
        }
        return true;
    }

    private static void appendHex(StringBuilder sb, byte[] bytes) {
        for (byte b : bytes) {
            sb.append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
        }
    }

    private static int putHex(byte[] out, int p, byte[] bytes) {
        for (byte b : bytes) {
            out[p++] = (byte) HEX[(b >> 4) & 0xf];
            out[p++] = (byte) HEX[b & 0xf];
        }
        return p;
    }

    /** Copies characters of a string already known to be ASCII-compatible (others become '?'). */
    private static int putAscii(byte[] out, int p, String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            out[p++] = c < 0x80 ? (byte) c : (byte) '?';
        }
        return p;
    }

    // ------------------------------------------------------------------------------------------ per-thread state

    private static final ThreadLocal<Worker> WORKERS = ThreadLocal.withInitial(Worker::new);
    private static final ConcurrentLinkedQueue<Worker> VIRTUAL_POOL = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger VIRTUAL_POOL_SIZE = new AtomicInteger();
    private static final int VIRTUAL_POOL_MAX = 64;

    /** Platform threads keep one worker each; virtual threads borrow from a small shared pool. */
    private static Worker acquireWorker() {
        if (Thread.currentThread().isVirtual()) {
            Worker w = VIRTUAL_POOL.poll();
            if (w != null) {
                VIRTUAL_POOL_SIZE.decrementAndGet();
                return w;
            }
            return new Worker();
        }
        return WORKERS.get();
    }

    private static void releaseWorker(Worker w) {
        w.trim();
        if (Thread.currentThread().isVirtual() && VIRTUAL_POOL_SIZE.incrementAndGet() <= VIRTUAL_POOL_MAX) {
            VIRTUAL_POOL.offer(w);
        } else if (Thread.currentThread().isVirtual()) {
            VIRTUAL_POOL_SIZE.decrementAndGet();
        }
    }

    /** Reusable, single-threaded crypto objects and buffers. */
    static final class Worker {
        private static final int MAX_RETAINED = 64 * 1024;

        final MessageDigest sha256;
        final Mac hmac;
        StringBuilder sb = new StringBuilder(1024);
        final byte[] hex64 = new byte[64];
        private byte[] buf = new byte[1024];
        private char[] chars = new char[1024];

        Worker() {
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
                hmac = Mac.getInstance("HmacSHA256");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("SHA-256/HmacSHA256 unavailable", e);
            }
        }

        byte[] bytes(int capacity) {
            if (buf.length < capacity) {
                buf = new byte[Math.max(capacity, buf.length * 2)];
            }
            return buf;
        }

        byte[] hmac(byte[] key, byte[] data) {
            return hmac(key, data, 0, data.length);
        }

        byte[] hmac(byte[] key, byte[] data, int off, int len) {
            try {
                hmac.init(new SecretKeySpec(key, "HmacSHA256"));
            } catch (java.security.InvalidKeyException e) {
                throw new IllegalStateException(e);
            }
            hmac.update(data, off, len);
            return hmac.doFinal();
        }

        /** SHA-256 of the UTF-8 encoding of the builder's contents (ASCII fast path, no String copy). */
        byte[] sha256Of(StringBuilder s) {
            int n = s.length();
            if (chars.length < n) {
                chars = new char[Math.max(n, chars.length * 2)];
            }
            s.getChars(0, n, chars, 0);
            byte[] b = bytes(n);
            for (int i = 0; i < n; i++) {
                char c = chars[i];
                if (c >= 0x80) {
                    return sha256.digest(s.toString().getBytes(StandardCharsets.UTF_8));
                }
                b[i] = (byte) c;
            }
            sha256.update(b, 0, n);
            return sha256.digest();
        }

        void trim() {
            if (sb.capacity() > MAX_RETAINED) {
                sb = new StringBuilder(1024);
            }
            if (buf.length > MAX_RETAINED) {
                buf = new byte[1024];
            }
            if (chars.length > MAX_RETAINED) {
                chars = new char[1024];
            }
        }
    }

    // ------------------------------------------------------------------------------------------ for tests

    /** The canonical request this verifier would sign for {@code request} (header auth), for diagnostics in tests. */
    static String canonicalRequest(SignedRequest request, String signedHeaders, String payloadHash)
            throws AuthException {
        StringBuilder sb = new StringBuilder(512);
        sb.append(request.method()).append('\n');
        Canonical.appendCanonicalUri(sb, request.rawPath());
        sb.append('\n');
        List<Canonical.Param> params = Canonical.parseQuery(request.rawQuery());
        boolean presigned = Canonical.find(params, X_AMZ_ALGORITHM) != null;
        Canonical.appendCanonicalQuery(sb, params, presigned ? X_AMZ_SIGNATURE : null);
        sb.append('\n');
        Canonical.appendCanonicalHeaders(sb, splitSignedHeaders(signedHeaders), request.headers());
        sb.append('\n').append(signedHeaders).append('\n').append(payloadHash);
        return sb.toString();
    }
}
