package dev.trent.core.kms;

import dev.trent.core.RequestContext;
import dev.trent.core.ServiceException;
import dev.trent.core.auth.Authorizer;
import dev.trent.core.auth.GrantAccess;
import dev.trent.core.store.PreconditionFailedException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CreateGrant, ListGrants, ListRetirableGrants, RetireGrant and RevokeGrant (AWS KMS API Reference; Developer
 * Guide, "Grants in AWS KMS"), over the {@link GrantRegistry}, and the {@link GrantAccess} that authorization asks.
 *
 * <p>Access to CreateGrant, ListGrants and RevokeGrant is the {@link Authorizer}'s business (asked when the key
 * is resolved, for {@code kms:CreateGrant} etc.). RetireGrant is decided by the grant, as AWS does: its retiring
 * principal, its grantee principal when the grant allows RetireGrant, and the account that created it may retire
 * it (the account's root at once; its other principals when the authorizer allows them {@code kms:RetireGrant}).
 */
public final class Grants {
    /** AWS's quota "Grants per KMS key". */
    public static final int MAX_GRANTS_PER_KEY = 50_000;
    /** A constraint holds at most 8 encryption context pairs, each value at most 384 characters. */
    static final int MAX_CONSTRAINT_PAIRS = 8;

    static final int MAX_CONSTRAINT_VALUE = 384;

    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 100;
    private static final Comparator<Grant> ORDER =
            Comparator.comparing(Grant::creationDate).thenComparing(Grant::grantId);

    private final KeyRegistry keys;
    private final GrantRegistry registry;
    private final Authorizer authorizer;
    private final GrantPrincipals principals;
    private final Clock clock;
    private final SecureRandom random;
    private final GrantDecisions access;
    private final int maxGrantsPerKey;

    Grants(
            KeyRegistry keys,
            GrantRegistry registry,
            GrantDecisions access,
            Authorizer authorizer,
            GrantPrincipals principals,
            Clock clock,
            SecureRandom random) {
        this(keys, registry, access, authorizer, principals, clock, random, MAX_GRANTS_PER_KEY);
    }

    Grants(
            KeyRegistry keys,
            GrantRegistry registry,
            GrantDecisions access,
            Authorizer authorizer,
            GrantPrincipals principals,
            Clock clock,
            SecureRandom random,
            int maxGrantsPerKey) {
        this.keys = keys;
        this.registry = registry;
        this.access = access;
        this.authorizer = authorizer;
        this.principals = principals;
        this.clock = clock;
        this.random = random;
        this.maxGrantsPerKey = maxGrantsPerKey;
    }

    public GrantRegistry registry() {
        return registry;
    }

    /** Which grant allows a caller an action on a key (memory only). */
    public GrantAccess access() {
        return access;
    }

    /** Whether {@code s} has the form of a grant id (64 lower-case hex characters). */
    static boolean isGrantId(String s) {
        if (s == null || s.length() != 64) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
        }
        return true;
    }

    // ------------------------------------------------------------------ CreateGrant

    public GrantRequests.CreatedGrant createGrant(RequestContext ctx, GrantRequests.CreateGrant req) {
        if (req.granteePrincipal() == null) throw ServiceException.validation("GranteePrincipal is required.");
        if (req.operations() == null) throw ServiceException.validation("Operations is required.");
        for (int attempt = 1; ; attempt++) {
            KeyEntry entry = keys.resolveKey(ctx, KmsActions.CREATE_GRANT, req.keyId());
            KmsKey key = entry.key();
            KeyStateRules.check(KmsActions.CREATE_GRANT, key);
            principals.check(req.granteePrincipal(), ctx.partition());
            principals.check(req.retiringPrincipal(), ctx.partition());
            Set<GrantOperation> ops = operations(req.operations(), key);
            GrantConstraints constraints = constraints(req, ops, key);
            Grant wanted = new Grant(
                    newGrantId(),
                    key.address(),
                    req.name(),
                    req.granteePrincipal(),
                    req.retiringPrincipal(),
                    ctx.accountId(),
                    ops,
                    constraints,
                    clock.instant().truncatedTo(ChronoUnit.MILLIS));
            if (req.name() != null) {
                // Name idempotency: the same request again returns the grant it made, with a new token.
                for (GrantView.Entry e : registry.of(key.address())) {
                    if (e.grant().sameParameters(wanted)) {
                        dryRun(req.dryRun());
                        return new GrantRequests.CreatedGrant(
                                e.grant().grantId(), registry.tokens().issue(e.grant(), e.version()));
                    }
                }
            }
            if (registry.count(key.address()) >= maxGrantsPerKey) {
                throw new ServiceException(
                        "LimitExceededException",
                        400,
                        "The request was rejected because the KMS key " + key.arn() + " has reached its quota of "
                                + maxGrantsPerKey + " grants.");
            }
            dryRun(req.dryRun());
            try {
                long revision = registry.create(wanted, entry.version());
                return new GrantRequests.CreatedGrant(
                        wanted.grantId(), registry.tokens().issue(wanted, revision));
            } catch (PreconditionFailedException keyChanged) {
                // The key changed since the view read it (another node tagged, disabled or scheduled it for
                // deletion): follow the store and decide again.
                if (attempt >= GrantRegistry.MAX_ATTEMPTS) throw keyChanged;
                keys.refresh();
            }
        }
    }

    /** The operations of a CreateGrant request, checked against what the key offers. */
    private static Set<GrantOperation> operations(List<String> names, KmsKey key) {
        Set<GrantOperation> ops = EnumSet.noneOf(GrantOperation.class);
        for (String n : names) {
            GrantOperation op = GrantOperation.fromWire(n);
            if (op == null) {
                throw ServiceException.validation("'" + n + "' is not a valid grant operation.");
            }
            ops.add(op);
        }
        if (ops.isEmpty()) throw ServiceException.validation("Grants must contain at least one operation.");
        if (ops.equals(EnumSet.of(GrantOperation.CREATE_GRANT))) {
            throw ServiceException.validation("Grants must not contain only the CreateGrant operation.");
        }
        List<String> unsupported = new ArrayList<>();
        for (GrantOperation op : ops) {
            if (!op.supportedBy(key.keySpec(), key.keyUsage())) unsupported.add(op.wireName());
        }
        if (!unsupported.isEmpty()) {
            throw ServiceException.validation("Grant operations " + String.join(", ", unsupported)
                    + " are not supported for a KMS key with KeySpec "
                    + key.keySpec().wireName()
                    + " and KeyUsage " + key.keyUsage().wireName() + ".");
        }
        return ops;
    }

    /**
     * The constraint of a CreateGrant request, or null: one kind at most, and only for grants whose operations
     * all take an encryption context on this key (or ignore constraints: DescribeKey, RetireGrant, CreateGrant).
     */
    private static GrantConstraints constraints(GrantRequests.CreateGrant req, Set<GrantOperation> ops, KmsKey key) {
        Map<String, String> subset = req.encryptionContextSubset();
        Map<String, String> equals = req.encryptionContextEquals();
        if (subset != null && equals != null) throw ServiceException.validation("More than one constraint supplied");
        if (subset == null && equals == null) return null;
        Map<String, String> pairs = subset != null ? subset : equals;
        if (pairs.size() > MAX_CONSTRAINT_PAIRS) {
            throw ServiceException.validation(
                    "A grant constraint can include at most " + MAX_CONSTRAINT_PAIRS + " encryption context pairs.");
        }
        for (String v : pairs.values()) {
            if (v.length() > MAX_CONSTRAINT_VALUE) {
                throw ServiceException.validation("The encryption context values of a grant constraint cannot exceed "
                        + MAX_CONSTRAINT_VALUE + " characters.");
            }
        }
        boolean symmetric = key.keySpec().materialType() == KeySpec.MaterialType.SYMMETRIC;
        List<String> refused = new ArrayList<>();
        for (GrantOperation op : ops) {
            boolean ignores = op == GrantOperation.DESCRIBE_KEY
                    || op == GrantOperation.RETIRE_GRANT
                    || op == GrantOperation.CREATE_GRANT;
            if (!ignores && !(symmetric && op.takesEncryptionContext())) refused.add(op.wireName());
        }
        if (!refused.isEmpty()) {
            throw ServiceException.validation("Encryption context grant constraints are not supported for the grant "
                    + "operations " + String.join(", ", refused) + " on a KMS key with KeySpec "
                    + key.keySpec().wireName() + ".");
        }
        return subset != null ? GrantConstraints.subset(subset) : GrantConstraints.equalTo(equals);
    }

    private String newGrantId() {
        byte[] id = new byte[32];
        random.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    // ------------------------------------------------------------------ listing

    public Page<GrantRequests.ListedGrant> listGrants(RequestContext ctx, GrantRequests.ListGrants req) {
        KmsKey key = keys.resolveKey(ctx, KmsActions.LIST_GRANTS, req.keyId()).key();
        KeyStateRules.check(KmsActions.LIST_GRANTS, key);
        if (req.grantId() != null && !isGrantId(req.grantId())) throw invalidGrantId(req.grantId());
        List<Grant> listed = new ArrayList<>();
        for (GrantView.Entry e : registry.of(key.address())) {
            Grant g = e.grant();
            if (req.grantId() != null && !g.grantId().equals(req.grantId())) continue;
            if (req.granteePrincipal() != null && !g.granteePrincipal().equals(req.granteePrincipal())) continue;
            listed.add(g);
        }
        return page(ctx, listed, req.marker(), req.limit(), g -> key.arn());
    }

    /**
     * The grants in the caller's Region, on keys of any account, whose retiring principal is {@code
     * RetiringPrincipal}, a principal of the caller's account (AWS: "Enter a principal in your Amazon Web Services
     * account").
     */
    public Page<GrantRequests.ListedGrant> listRetirableGrants(
            RequestContext ctx, GrantRequests.ListRetirableGrants req) {
        String principal = req.retiringPrincipal();
        if (principal == null) throw ServiceException.validation("RetiringPrincipal is required.");
        principals.check(principal, ctx.partition());
        String account = GrantPrincipals.accountOf(principal);
        if (account != null && !account.equals(ctx.accountId())) {
            throw accessDenied(ctx, KmsActions.LIST_RETIRABLE_GRANTS, principal);
        }
        List<Grant> listed = new ArrayList<>();
        for (GrantView.Entry e : registry.retirableBy(principal)) {
            Grant g = e.grant();
            if (!g.key().region().equals(ctx.region())) continue;
            // A service principal is no account's: list only the caller's account's grants to it.
            if (account == null && !g.issuingAccount().equals(ctx.accountId())) continue;
            if (keys.entry(g.key()) == null) continue;
            listed.add(g);
        }
        return page(
                ctx,
                listed,
                req.marker(),
                req.limit(),
                g -> keys.entry(g.key()).key().arn());
    }

    private Page<GrantRequests.ListedGrant> page(
            RequestContext ctx,
            List<Grant> grants,
            String marker,
            Integer limit,
            java.util.function.Function<Grant, String> keyArn) {
        int max = limit == null ? DEFAULT_LIMIT : Math.min(limit, MAX_LIMIT);
        grants.sort(ORDER);
        Page<Grant> page = Paging.after(grants, Grants::orderToken, "g:", marker, max);
        List<GrantRequests.ListedGrant> items = new ArrayList<>();
        for (Grant g : page.items()) {
            items.add(new GrantRequests.ListedGrant(g, keyArn.apply(g), g.issuingAccountArn(ctx.partition())));
        }
        return new Page<>(items, page.nextMarker());
    }

    private static String orderToken(Grant g) {
        return String.format("%020d|%s", g.creationDate().toEpochMilli(), g.grantId());
    }

    // ------------------------------------------------------------------ RetireGrant, RevokeGrant

    public void retireGrant(RequestContext ctx, GrantRequests.RetireGrant req) {
        KeyAddress address;
        String grantId;
        if (req.grantToken() != null) {
            GrantTokens.Decoded d = registry.tokens().verify(req.grantToken());
            if (d == null) throw new ServiceException("InvalidGrantTokenException", 400, "Invalid grant token.");
            address = d.key();
            grantId = d.grantId();
            if (!address.region().equals(ctx.region())) throw keyNotFound(ctx, address);
        } else {
            if (req.keyId() == null || req.grantId() == null) {
                throw ServiceException.validation(
                        "Either GrantToken or both KeyId and GrantId must be specified to identify the grant.");
            }
            if (!isGrantId(req.grantId())) throw invalidGrantId(req.grantId());
            address = keyAddress(ctx, req.keyId());
            grantId = req.grantId();
        }
        KeyEntry entry = keys.entry(address);
        if (entry == null) throw keyNotFound(ctx, address);
        KmsKey key = entry.key();
        GrantView.Entry grant = registry.find(address, grantId);
        if (grant == null) throw grantNotFound(grantId, key);
        mayRetire(ctx, grant.grant(), key);
        KeyStateRules.check(KmsActions.RETIRE_GRANT, key);
        dryRun(req.dryRun());
        if (!registry.delete(address, grantId)) throw grantNotFound(grantId, key);
    }

    /**
     * Who may retire a grant: its retiring principal; its grantee if it allows RetireGrant; the account that
     * created it (its root user; its other principals as the authorizer allows them {@code kms:RetireGrant}).
     */
    private void mayRetire(RequestContext ctx, Grant g, KmsKey key) {
        String principal = ctx.caller().principalArn();
        String identity = ctx.caller().identityArn();
        if (principal.equals(g.retiringPrincipal()) || identity.equals(g.retiringPrincipal())) return;
        boolean grantee = principal.equals(g.granteePrincipal()) || identity.equals(g.granteePrincipal());
        if (grantee && g.allows(GrantOperation.RETIRE_GRANT)) return;
        if (ctx.accountId().equals(g.issuingAccount())) {
            if (ctx.caller().isRoot()) return;
            authorizer.authorize(ctx, KmsActions.RETIRE_GRANT, key);
            return;
        }
        throw accessDenied(ctx, KmsActions.RETIRE_GRANT, key.arn());
    }

    public void revokeGrant(RequestContext ctx, GrantRequests.RevokeGrant req) {
        KmsKey key = keys.resolveKey(ctx, KmsActions.REVOKE_GRANT, req.keyId()).key();
        KeyStateRules.check(KmsActions.REVOKE_GRANT, key);
        if (req.grantId() == null) throw ServiceException.validation("GrantId is required.");
        if (!isGrantId(req.grantId())) throw invalidGrantId(req.grantId());
        if (registry.find(key.address(), req.grantId()) == null) throw grantNotFound(req.grantId(), key);
        dryRun(req.dryRun());
        if (!registry.delete(key.address(), req.grantId())) throw grantNotFound(req.grantId(), key);
    }

    // ------------------------------------------------------------------ helpers

    /**
     * The address a key id or key ARN names (RetireGrant may name a key of another account by ARN), with the
     * answers {@link KeyResolver} gives to what names no key.
     */
    private static KeyAddress keyAddress(RequestContext ctx, String keyRef) {
        String account = ctx.accountId();
        String region = ctx.region();
        String resource = keyRef;
        if (keyRef.startsWith("arn:")) {
            String[] parts = keyRef.split(":", 6);
            if (parts.length != 6
                    || !ctx.partition().equals(parts[1])
                    || !"kms".equals(parts[2])
                    || parts[3].isEmpty()
                    || parts[4].isEmpty()
                    || !parts[5].startsWith("key/")) {
                throw ServiceException.notFound("Invalid arn " + keyRef);
            }
            if (!parts[3].equals(ctx.region())) throw ServiceException.notFound("Invalid arn " + parts[3]);
            region = parts[3];
            account = parts[4];
            resource = parts[5].substring(4);
        }
        KeyId id = KeyId.tryParse(resource);
        if (id == null) throw ServiceException.notFound("Invalid keyId '" + keyRef + "'");
        return new KeyAddress(account, region, id);
    }

    private static ServiceException keyNotFound(RequestContext ctx, KeyAddress a) {
        return ServiceException.notFound("Key 'arn:" + ctx.partition() + ":kms:" + a.region() + ":" + a.accountId()
                + ":key/" + a.id().value() + "' does not exist");
    }

    private static ServiceException grantNotFound(String grantId, KmsKey key) {
        return ServiceException.notFound("Grant ID " + grantId + " does not exist on KMS key " + key.arn() + ".");
    }

    private static ServiceException invalidGrantId(String grantId) {
        return new ServiceException("InvalidGrantIdException", 400, "Invalid grant ID " + grantId + ".");
    }

    private static ServiceException accessDenied(RequestContext ctx, String action, String resource) {
        return new ServiceException(
                "AccessDeniedException",
                400,
                "User: " + ctx.caller().principalArn() + " is not authorized to perform: " + action + " on resource: "
                        + resource);
    }

    private static void dryRun(boolean dryRun) {
        if (dryRun) {
            throw new ServiceException(
                    "DryRunOperationException", 412, "The request would have succeeded, but the DryRun option is set.");
        }
    }
}
