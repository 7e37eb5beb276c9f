package dev.trent.core.iam;

import dev.trent.core.Caller;
import dev.trent.core.RequestContext;
import dev.trent.core.ServiceException;
import dev.trent.core.auth.IdentityDirectory;
import dev.trent.core.auth.policy.Match;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * STS: AssumeRole, and opening the session tokens it issues (for authentication).
 *
 * <p>AssumeRole is decided as IAM documents it. A root user cannot assume roles ("Roles may not be assumed by root
 * accounts."). Otherwise the role's trust policy is evaluated ({@code PolicyDocument(TRUST).evaluate}) for {@code
 * sts:AssumeRole} on the role's ARN, and the caller's identity policies through the injected {@link
 * IdentityPolicyCheck}:
 * <ul>
 *   <li>an explicit Deny in either refuses;</li>
 *   <li>in the role's own account, a trust policy that names the caller itself (its user ARN, its role's ARN, its
 *       session ARN, or {@code *}) suffices; one that names only the account ({@code 111122223333} or {@code
 *       ...:root}) delegates to the account, so the caller's identity policies must allow it too;</li>
 *   <li>from another account, both the trust policy and the caller's identity policies must allow it.</li>
 * </ul>
 * A role that does not exist is refused the same way as one whose policies refuse (no enumeration). Session tags
 * ({@code Tags}, {@code TransitiveTagKeys}) also need {@code sts:TagSession}, decided the same way. Tags a calling
 * session marked transitive pass on to the new session (role chaining), and a chained session lasts at most one
 * hour. Session policies ({@code Policy}, {@code PolicyArns}) are not supported and refused, so they can never be
 * silently ignored (which would grant more than asked).
 */
public final class RoleSessions {
    /** A session's length when the request names none: one hour. */
    public static final int DEFAULT_DURATION_SECONDS = 3600;
    /** The shortest session. */
    public static final int MIN_DURATION_SECONDS = 900;
    /** The longest session of a chained role (a role session assuming a role). */
    public static final int CHAINED_MAX_SECONDS = 3600;
    /** The packed size of session tags is measured against this many characters. */
    static final int PACKED_LIMIT = 2048;

    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    /** What AssumeRole was asked. */
    public record AssumeRoleRequest(
            String roleArn,
            String sessionName,
            Integer durationSeconds,
            String externalId,
            List<Map.Entry<String, String>> tags,
            List<String> transitiveTagKeys,
            String sourceIdentity,
            boolean sessionPolicy) {
        public AssumeRoleRequest {
            tags = tags == null ? List.of() : List.copyOf(tags);
            transitiveTagKeys = transitiveTagKeys == null ? List.of() : List.copyOf(transitiveTagKeys);
        }
    }

    /**
     * What AssumeRole answers: the session, its token, and (when session tags were passed) how full the packed
     * session data is, in percent.
     */
    public record AssumeRoleResult(RoleSession session, String sessionToken, Integer packedPolicySize) {
        @Override
        public String toString() {
            return "AssumeRoleResult[" + session + "]";
        }
    }

    private final IamView view;
    private final SessionTokens tokens;
    private final IdentityDirectory directory;
    private final Clock clock;
    private final SecureRandom random;
    private volatile IdentityPolicyCheck identityCheck;

    /** A token opened before, by access key id (the token is compared before its session is used). */
    private record Opened(String token, RoleSession session, String roleArn) {}

    private static final int OPENED_LIMIT = 10_000;
    private final java.util.concurrent.ConcurrentHashMap<String, Opened> opened =
            new java.util.concurrent.ConcurrentHashMap<>();

    RoleSessions(IamView view, SessionTokens tokens, IdentityDirectory directory, Clock clock, SecureRandom random) {
        this.view = view;
        this.tokens = tokens;
        this.directory = directory;
        this.clock = clock;
        this.random = random;
        this.identityCheck = IdentityPolicyCheck.policies(directory);
    }

    /** Replaces the identity-policy half of AssumeRole's decision (the server wires the authorizer's check). */
    public void identityCheck(IdentityPolicyCheck check) {
        this.identityCheck = java.util.Objects.requireNonNull(check, "check");
    }

    /**
     * The session {@code token} carries for {@code accessKeyId}, if it is a valid token of this Trent whose role
     * still exists (with the same unique id); expired sessions are returned too (the caller answers {@code
     * ExpiredToken}). Null otherwise. Reads memory only; a token opened once is remembered (bounded), so the next
     * request with it costs a map lookup and a constant-time comparison.
     */
    public RoleSession open(String accessKeyId, String token) {
        if (accessKeyId == null || token == null) return null;
        Opened o = opened.get(accessKeyId);
        if (o == null || !constantTimeEquals(o.token(), token)) {
            RoleSession s = tokens.open(accessKeyId, token);
            if (s == null) return null;
            if (opened.size() >= OPENED_LIMIT) prune();
            o = new Opened(token, s, s.roleArn());
            opened.put(accessKeyId, o);
        }
        IamRole role = view.roleByArn(o.roleArn());
        return role != null && role.roleId().equals(o.session().roleId()) ? o.session() : null;
    }

    /** The session of {@code accessKeyId} if its token was opened (authenticated) recently, else null. */
    RoleSession recent(String accessKeyId) {
        Opened o = opened.get(accessKeyId);
        return o == null ? null : o.session();
    }

    private void prune() {
        Instant now = clock.instant();
        opened.values().removeIf(o -> o.session().expired(now));
        if (opened.size() >= OPENED_LIMIT) opened.clear();
    }

    private static boolean constantTimeEquals(String a, String b) {
        return java.security.MessageDigest.isEqual(
                a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** AssumeRole. */
    public AssumeRoleResult assumeRole(RequestContext ctx, AssumeRoleRequest req) {
        Caller caller = ctx.caller();
        if (req.sessionPolicy()) {
            throw IamErrors.validation("Trent does not support session policies (Policy, PolicyArns) yet.");
        }
        Iam.ParsedArn arn = Iam.parse(req.roleArn());
        if (arn == null || !"role".equals(arn.kind()) || Iam.AWS_OWNER.equals(arn.accountId())) {
            throw IamErrors.validation("Request ARN is invalid");
        }
        if (caller.isRoot()) throw accessDenied("Roles may not be assumed by root accounts.");

        Map<String, String> tags = sessionTags(caller, req);
        List<String> transitive = transitiveKeys(caller, req);

        IamRole role = view.roles.get(Iam.entityId(arn.accountId(), arn.name()));
        if (role == null || !role.arn().equals(req.roleArn()))
            throw notAuthorized(caller, "sts:AssumeRole", req.roleArn());
        StsRequestContext request = StsRequestContext.assumeRole(
                ctx,
                directory,
                role.arn(),
                req.sessionName(),
                req.externalId(),
                requestTags(req),
                req.transitiveTagKeys(),
                req.sourceIdentity());
        authorize(ctx, role, request);
        if (!req.tags().isEmpty() || !req.transitiveTagKeys().isEmpty()) {
            authorize(ctx, role, request.forAction("sts:TagSession"));
        }

        int duration = req.durationSeconds() == null ? DEFAULT_DURATION_SECONDS : req.durationSeconds();
        if (duration < MIN_DURATION_SECONDS) {
            throw IamErrors.validation("1 validation error detected: Value '" + duration
                    + "' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or"
                    + " equal to " + MIN_DURATION_SECONDS);
        }
        if (caller.type() == Caller.PrincipalType.ASSUMED_ROLE && duration > CHAINED_MAX_SECONDS) {
            throw IamErrors.validation("The requested DurationSeconds exceeds the 1 hour session limit for roles"
                    + " assumed by role chaining.");
        }
        if (duration > role.maxSessionDuration()) {
            throw IamErrors.validation(
                    "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        }
        Integer packed = null;
        if (!req.tags().isEmpty()) {
            int chars = 0;
            for (Map.Entry<String, String> t : tags.entrySet())
                chars += t.getKey().length() + t.getValue().length();
            for (String k : transitive) chars += k.length();
            packed = (chars * 100 + PACKED_LIMIT - 1) / PACKED_LIMIT;
            if (packed > 100) {
                throw new ServiceException(
                        "PackedPolicyTooLarge",
                        400,
                        "Packed size of the session tags exceeds the limit: " + packed + "% of the allowed size.");
            }
        }

        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        RoleSession session = new RoleSession(
                newAccessKeyId(),
                IdentityStore.newSecret(random),
                role.accountId(),
                role.name(),
                role.path(),
                role.roleId(),
                req.sessionName(),
                now,
                now.plusSeconds(duration),
                tags,
                transitive,
                req.sourceIdentity());
        return new AssumeRoleResult(session, tokens.issue(session), packed);
    }

    /** Refuses unless the trust policy and, where needed, the caller's identity policies allow {@code request}. */
    private void authorize(RequestContext ctx, IamRole role, StsRequestContext request) {
        Caller caller = ctx.caller();
        Match trust = role.trust().evaluate(request);
        Match.Effect identity = identityCheck.evaluate(ctx, request);
        boolean sameAccount = caller.accountId().equals(role.accountId());
        boolean allowed = trust.effect() == Match.Effect.ALLOW
                && identity != Match.Effect.DENY
                && (identity == Match.Effect.ALLOW || (sameAccount && !trust.throughAccount()));
        if (!allowed) throw notAuthorized(caller, request.action(), role.arn());
    }

    /** The session's tags: the calling session's transitive tags, then the requested ones. */
    private Map<String, String> sessionTags(Caller caller, AssumeRoleRequest req) {
        Set<String> seen = new HashSet<>();
        for (Map.Entry<String, String> t : req.tags()) {
            if (!seen.add(t.getKey().toLowerCase(Locale.ROOT))) {
                throw IamErrors.validation("Duplicate tag keys found. Please note that Tag keys are case insensitive.");
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> t : inherited(caller).entrySet()) {
            if (seen.contains(t.getKey().toLowerCase(Locale.ROOT))) {
                throw IamErrors.invalidInput("One or more of the specified tags conflict with the transitive tags of"
                        + " the calling session: " + t.getKey());
            }
            out.put(t.getKey(), t.getValue());
        }
        for (Map.Entry<String, String> t : req.tags()) out.put(t.getKey(), t.getValue() == null ? "" : t.getValue());
        return out;
    }

    private static Map<String, String> requestTags(AssumeRoleRequest req) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> t : req.tags()) out.put(t.getKey(), t.getValue() == null ? "" : t.getValue());
        return out;
    }

    /** The transitive keys: those of the calling session (role chaining) and those requested (all among the tags). */
    private List<String> transitiveKeys(Caller caller, AssumeRoleRequest req) {
        Set<String> requested = new HashSet<>();
        for (Map.Entry<String, String> t : req.tags()) requested.add(t.getKey().toLowerCase(Locale.ROOT));
        List<String> out = new ArrayList<>(inherited(caller).keySet());
        for (String k : req.transitiveTagKeys()) {
            if (!requested.contains(k.toLowerCase(Locale.ROOT))) {
                throw IamErrors.invalidInput(
                        "The specified transitive tag key must be included in the requested" + " tags: " + k);
            }
            if (out.stream().noneMatch(k::equalsIgnoreCase)) out.add(k);
        }
        return out;
    }

    /** The tags a calling role session passes on: those it marked transitive. */
    private Map<String, String> inherited(Caller caller) {
        if (caller.type() != Caller.PrincipalType.ASSUMED_ROLE
                || caller.sessionTags().isEmpty()) return Map.of();
        RoleSession calling = recent(caller.accessKeyId());
        if (calling == null) return Map.of();
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : calling.transitiveTagKeys()) {
            String v = calling.tags().get(k);
            if (v != null) out.put(k, v);
        }
        return out;
    }

    private String newAccessKeyId() {
        StringBuilder id = new StringBuilder("ASIA");
        for (int i = 0; i < 16; i++) id.append(BASE32[random.nextInt(BASE32.length)]);
        return id.toString();
    }

    private static ServiceException notAuthorized(Caller caller, String action, String roleArn) {
        return accessDenied("User: " + caller.principalArn() + " is not authorized to perform: " + action
                + " on resource: " + roleArn);
    }

    /** STS's AccessDenied (HTTP 403): the Query error mapping renames {@code AccessDeniedException}. */
    private static ServiceException accessDenied(String message) {
        return new ServiceException("AccessDeniedException", 400, message);
    }
}
