package dev.trent.core.auth;

import dev.trent.core.Caller;
import dev.trent.core.RequestContext;
import dev.trent.core.auth.policy.MalformedPolicyException;
import dev.trent.core.auth.policy.Match;
import dev.trent.core.auth.policy.PolicyDocument;
import dev.trent.core.auth.policy.PolicyKind;
import dev.trent.core.kms.KmsKey;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides access to KMS keys the way the AWS KMS Developer Guide documents it ("Determining access to KMS keys",
 * "Key policies", "Allowing users in other accounts to use a KMS key", "Grants in AWS KMS"):
 *
 * <ol>
 *   <li>An explicit Deny in the key policy, or in an identity-based policy of the caller, denies (it beats every
 *       Allow and every grant).
 *   <li>The key policy is the root of access. Within the key's account, the request is allowed when the key policy
 *       allows the caller itself (its user, role, session, or {@code *}); or allows the caller's account (the account
 *       id or {@code arn:aws:iam::<account>:root}, as the default key policy does) and the caller is the account's
 *       root user or an identity-based policy of the caller allows the action on the key.
 *   <li>Across accounts (caller's account is not the key's), the key policy must allow the caller or its account,
 *       and the caller's own identity-based policies must allow the action on the key; the root user of the other
 *       account needs no identity policy.
 *   <li>Otherwise a grant for the caller that covers the operation allows it, in the key's account or another
 *       (grants need no IAM policy).
 * </ol>
 *
 * Actions that name no key ({@link #authorizeAccount}) are decided by identity-based policies alone; an account's
 * root user is always allowed. Every decision is a {@link Decision} handed to the sink; a denial throws {@code
 * AccessDeniedException} with AWS's message.
 *
 * <p>On the hot path this reads memory only: key policies are compiled once per policy text and cached, identity
 * policies come compiled from the {@link IdentityDirectory}, grants from {@link GrantAccess}, and condition keys are
 * computed only if a condition asks for them.
 */
public final class KmsAuthorizer implements Authorizer {
    private static final Logger LOG = LoggerFactory.getLogger(KmsAuthorizer.class);

    /** The default decision sink: one DEBUG line per decision. */
    public static final Consumer<Decision> LOG_AT_DEBUG = d -> {
        if (LOG.isDebugEnabled()) LOG.debug(d.explain());
    };

    private static final String KEY_POLICY = "key policy";
    private static final String PUT_KEY_POLICY = "kms:PutKeyPolicy";
    private static final int CACHE_CAPACITY = 4096;

    private final IdentityDirectory identities;
    private final GrantAccess grants;
    private final Function<KmsKey, List<String>> aliases;
    private final Consumer<Decision> sink;
    private final KeyPolicyCache keyPolicies = new KeyPolicyCache(CACHE_CAPACITY);

    /**
     * @param identities the identity-based policies and tags of IAM users and roles
     * @param grants the grants of keys
     * @param aliases the alias names of a key ({@code alias/...}), for {@code kms:ResourceAliases}
     * @param sink receives every decision this authorizer makes ({@link #LOG_AT_DEBUG} by default); must not block
     */
    public KmsAuthorizer(
            IdentityDirectory identities,
            GrantAccess grants,
            Function<KmsKey, List<String>> aliases,
            Consumer<Decision> sink) {
        this.identities = identities;
        this.grants = grants;
        this.aliases = aliases;
        this.sink = sink;
    }

    public KmsAuthorizer(IdentityDirectory identities, GrantAccess grants, Function<KmsKey, List<String>> aliases) {
        this(identities, grants, aliases, LOG_AT_DEBUG);
    }

    @Override
    public void authorize(RequestContext ctx, String action, KmsKey key) {
        Decision d = decide(ctx, action, key);
        sink.accept(d);
        if (!d.allowed()) throw d.toException();
    }

    @Override
    public void authorizeAccount(RequestContext ctx, String action, String resourceArn) {
        Decision d = decideAccount(ctx, action, resourceArn);
        sink.accept(d);
        if (!d.allowed()) throw d.toException();
    }

    @Override
    public boolean decidesCrossAccount() {
        return true;
    }

    @Override
    public boolean allowsPutKeyPolicy(RequestContext ctx, KmsKey key, PolicyDocument policy) {
        keyPolicies.put(policy);
        return decide(ctx, PUT_KEY_POLICY, key, policy, false).allowed();
    }

    /** The decision on {@code action} by {@code ctx}'s caller on {@code key}, without acting on it. */
    public Decision decide(RequestContext ctx, String action, KmsKey key) {
        return decide(ctx, action, key, keyPolicies.get(key.policy()), true);
    }

    private Decision decide(
            RequestContext ctx, String action, KmsKey key, PolicyDocument keyPolicy, boolean withGrants) {
        Caller caller = ctx.caller();
        String resource = key.arn();
        KmsConditionKeys request = new KmsConditionKeys(ctx, action, resource, key, identities, aliases);

        Match kp = keyPolicy == null ? Match.NONE : keyPolicy.evaluate(request);
        Decision.Evidence kpEvidence =
                kp.statement() < 0 ? null : new Decision.Evidence(KEY_POLICY, kp.sid(), kp.statement());
        if (kp.effect() == Match.Effect.DENY) {
            return decision(
                    false, Decision.Reason.EXPLICIT_DENY_KEY_POLICY, caller, action, resource, kpEvidence, null, null);
        }

        IdentityVerdict ip = identityPolicies(caller, request);
        if (ip.deny) {
            return decision(
                    false,
                    Decision.Reason.EXPLICIT_DENY_IDENTITY_POLICY,
                    caller,
                    action,
                    resource,
                    kpEvidence,
                    ip.evidence,
                    null);
        }

        boolean sameAccount = caller.accountId().equals(key.accountId());
        if (kp.effect() == Match.Effect.ALLOW) {
            if (sameAccount && !kp.throughAccount()) {
                return decision(true, Decision.Reason.KEY_POLICY, caller, action, resource, kpEvidence, null, null);
            }
            if (caller.isRoot()) {
                return decision(true, Decision.Reason.ACCOUNT_ROOT, caller, action, resource, kpEvidence, null, null);
            }
            if (ip.allow) {
                return decision(
                        true, Decision.Reason.IDENTITY_POLICY, caller, action, resource, kpEvidence, ip.evidence, null);
            }
        }
        if (withGrants) {
            String grant = grants.allowingGrant(ctx, action, key);
            if (grant != null) {
                return decision(true, Decision.Reason.GRANT, caller, action, resource, kpEvidence, null, grant);
            }
        }
        Decision.Reason why = kp.effect() == Match.Effect.ALLOW
                ? Decision.Reason.NO_IDENTITY_POLICY_ALLOW
                : Decision.Reason.NO_KEY_POLICY_ALLOW;
        return decision(false, why, caller, action, resource, kpEvidence, null, null);
    }

    /** The decision on an action that names no key: identity-based policies only; the root user is allowed. */
    public Decision decideAccount(RequestContext ctx, String action, String resourceArn) {
        Caller caller = ctx.caller();
        if (caller.isRoot()) {
            return decision(true, Decision.Reason.ROOT_USER, caller, action, resourceArn, null, null, null);
        }
        KmsConditionKeys request =
                new KmsConditionKeys(ctx, action, resourceArn == null ? "*" : resourceArn, null, identities, aliases);
        IdentityVerdict ip = identityPolicies(caller, request);
        if (ip.deny) {
            return decision(
                    false,
                    Decision.Reason.EXPLICIT_DENY_IDENTITY_POLICY,
                    caller,
                    action,
                    resourceArn,
                    null,
                    ip.evidence,
                    null);
        }
        if (ip.allow) {
            return decision(
                    true,
                    Decision.Reason.ACCOUNT_IDENTITY_POLICY,
                    caller,
                    action,
                    resourceArn,
                    null,
                    ip.evidence,
                    null);
        }
        return decision(false, Decision.Reason.NO_IDENTITY_POLICY_ALLOW, caller, action, resourceArn, null, null, null);
    }

    /**
     * The decision on {@code action} on a resource of another service that has its own resource-based policy (a
     * Secrets Manager secret), as the IAM policy evaluation logic has it: an explicit Deny in either policy denies;
     * within the resource's account an Allow in the caller's identity-based policies or in the resource policy
     * allows (the account's root user needs no identity policy); across accounts both must allow (the other
     * account's root user needs only the resource policy).
     *
     * @param resourcePolicy the resource's policy, or null when it has none
     */
    public Decision decideWithResourcePolicy(
            RequestContext ctx,
            String action,
            String resourceArn,
            String resourceAccount,
            PolicyDocument resourcePolicy) {
        Caller caller = ctx.caller();
        KmsConditionKeys request = new KmsConditionKeys(ctx, action, resourceArn, null, identities, aliases);
        Match rp = resourcePolicy == null ? Match.NONE : resourcePolicy.evaluate(request);
        Decision.Evidence rpEvidence =
                rp.statement() < 0 ? null : new Decision.Evidence("resource policy", rp.sid(), rp.statement());
        if (rp.effect() == Match.Effect.DENY) {
            return decision(
                    false,
                    Decision.Reason.EXPLICIT_DENY_KEY_POLICY,
                    caller,
                    action,
                    resourceArn,
                    rpEvidence,
                    null,
                    null);
        }
        IdentityVerdict ip = identityPolicies(caller, request);
        if (ip.deny) {
            return decision(
                    false,
                    Decision.Reason.EXPLICIT_DENY_IDENTITY_POLICY,
                    caller,
                    action,
                    resourceArn,
                    rpEvidence,
                    ip.evidence,
                    null);
        }
        boolean identityAllows = caller.isRoot() || ip.allow;
        boolean resourceAllows = rp.effect() == Match.Effect.ALLOW;
        if (caller.accountId().equals(resourceAccount)) {
            if (caller.isRoot()) {
                return decision(true, Decision.Reason.ROOT_USER, caller, action, resourceArn, rpEvidence, null, null);
            }
            if (ip.allow) {
                return decision(
                        true,
                        Decision.Reason.ACCOUNT_IDENTITY_POLICY,
                        caller,
                        action,
                        resourceArn,
                        rpEvidence,
                        ip.evidence,
                        null);
            }
            if (resourceAllows) {
                return decision(
                        true, Decision.Reason.RESOURCE_POLICY, caller, action, resourceArn, rpEvidence, null, null);
            }
            return decision(
                    false, Decision.Reason.NO_IDENTITY_POLICY_ALLOW, caller, action, resourceArn, null, null, null);
        }
        if (!resourceAllows) {
            return decision(false, Decision.Reason.NO_KEY_POLICY_ALLOW, caller, action, resourceArn, null, null, null);
        }
        if (!identityAllows) {
            return decision(
                    false,
                    Decision.Reason.NO_IDENTITY_POLICY_ALLOW,
                    caller,
                    action,
                    resourceArn,
                    rpEvidence,
                    null,
                    null);
        }
        return decision(
                true, Decision.Reason.RESOURCE_POLICY, caller, action, resourceArn, rpEvidence, ip.evidence, null);
    }

    /** As {@link #decideWithResourcePolicy}, handing the decision to the sink and throwing a denial. */
    public void authorizeWithResourcePolicy(
            RequestContext ctx,
            String action,
            String resourceArn,
            String resourceAccount,
            PolicyDocument resourcePolicy) {
        Decision d = decideWithResourcePolicy(ctx, action, resourceArn, resourceAccount, resourcePolicy);
        sink.accept(d);
        if (!d.allowed()) throw d.toException();
    }

    /** What the caller's identity-based policies say: a Deny anywhere wins, else the first Allow. */
    private record IdentityVerdict(boolean deny, boolean allow, Decision.Evidence evidence) {
        static final IdentityVerdict NONE = new IdentityVerdict(false, false, null);
    }

    private IdentityVerdict identityPolicies(Caller caller, KmsConditionKeys request) {
        if (caller.isRoot()) return IdentityVerdict.NONE;
        List<NamedPolicy> policies = identities.identityPolicies(caller.identityArn());
        NamedPolicy allowedBy = null;
        Match allow = null;
        for (NamedPolicy p : policies) {
            Match m = p.document().evaluate(request);
            if (m.effect() == Match.Effect.DENY) {
                return new IdentityVerdict(true, false, new Decision.Evidence(p.source(), m.sid(), m.statement()));
            }
            if (m.effect() == Match.Effect.ALLOW && allow == null) {
                allow = m;
                allowedBy = p;
            }
        }
        if (allow == null) return IdentityVerdict.NONE;
        return new IdentityVerdict(
                false, true, new Decision.Evidence(allowedBy.source(), allow.sid(), allow.statement()));
    }

    private static Decision decision(
            boolean allowed,
            Decision.Reason reason,
            Caller caller,
            String action,
            String resource,
            Decision.Evidence keyPolicy,
            Decision.Evidence identityPolicy,
            String grant) {
        return new Decision(allowed, reason, caller.principalArn(), action, resource, keyPolicy, identityPolicy, grant);
    }

    // ------------------------------------------------------------------ the default lockout check

    private static final class KeyPolicyOnly {
        /** An identity "policy" that allows everything: stands for "the account's IAM policies would allow". */
        static final KmsAuthorizer INSTANCE;

        static {
            PolicyDocument allowAll;
            try {
                allowAll = PolicyDocument.parse(
                        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\","
                                + "\"Resource\":\"*\"}]}",
                        PolicyKind.IDENTITY);
            } catch (MalformedPolicyException e) {
                throw new IllegalStateException(e);
            }
            List<NamedPolicy> assumed = List.of(new NamedPolicy("assumed IAM policy", allowAll));
            IdentityDirectory assumeAllowed = new IdentityDirectory() {
                @Override
                public List<NamedPolicy> identityPolicies(String identityArn) {
                    return assumed;
                }

                @Override
                public Map<String, String> principalTags(String identityArn) {
                    return Map.of();
                }
            };
            INSTANCE = new KmsAuthorizer(assumeAllowed, GrantAccess.NONE, k -> List.of(), d -> {});
        }
    }

    /**
     * An authorizer that knows no identities and assumes that the identity policies of an account allow whatever
     * its key policies delegate to the account: the policy lockout check when no IAM is wired.
     */
    static KmsAuthorizer keyPolicyOnly() {
        return KeyPolicyOnly.INSTANCE;
    }
}
