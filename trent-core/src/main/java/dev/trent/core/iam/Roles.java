package dev.trent.core.iam;

import dev.trent.core.auth.policy.PolicyDocument;
import dev.trent.core.auth.policy.PolicyKind;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * IAM roles: CreateRole (with its trust policy, validated and compiled as a {@link PolicyKind#TRUST} policy), GetRole,
 * ListRoles, UpdateRole, UpdateAssumeRolePolicy, DeleteRole, and (from {@link Entities}) their inline and attached
 * policies and tags. Names are unique in an account case-insensitively. Quotas as in IAM: {@value #ROLES_PER_ACCOUNT}
 * roles per account, {@value #TRUST_POLICY_SIZE} non-white-space characters of trust policy (ACLSizePerRole),
 * {@value #INLINE_POLICY_SIZE} of inline policies, {@value Entities#ATTACHED_POLICIES} attached managed policies.
 */
public final class Roles extends Entities<IamRole> {
    public static final int ROLES_PER_ACCOUNT = 1000;
    /** The aggregate size of a role's inline policies (RolePolicySize). */
    public static final int INLINE_POLICY_SIZE = 10240;
    /** The size of a role's trust policy (ACLSizePerRole). */
    public static final int TRUST_POLICY_SIZE = 2048;

    public static final int MIN_SESSION_DURATION = 3600;
    public static final int MAX_SESSION_DURATION = 43200;

    private final Clock clock;
    private final SecureRandom random;

    Roles(IamView view, ManagedPolicies policies, Clock clock, SecureRandom random) {
        super(view, policies, view.roles, "role", INLINE_POLICY_SIZE);
        this.clock = clock;
        this.random = random;
    }

    /** CreateRole. */
    public IamRole create(
            String accountId,
            String name,
            String path,
            String trustPolicy,
            String description,
            Integer maxSessionDuration,
            List<Map.Entry<String, String>> tags) {
        PolicyDocument trust = compileTrust(trustPolicy);
        int duration = sessionDuration(maxSessionDuration);
        Map<String, String> tagMap = IamTags.merge(Map.of(), tags);
        String p = path == null ? "/" : path;
        return view.write(batch -> {
            Table.Row<AccountRecord> account = view.accounts.row(accountId);
            if (account == null) throw IamErrors.noSuchAccount(accountId);
            String id = Iam.entityId(accountId, name);
            if (view.roles.row(id) != null) throw IamErrors.alreadyExists("role", name);
            if (count(accountId) >= ROLES_PER_ACCOUNT) throw IamErrors.quota("RolesPerAccount", ROLES_PER_ACCOUNT);
            IamRole role = newRole(accountId, name, p, trustPolicy, trust, description, duration, tagMap, List.of());
            batch.touch(view.accounts, accountId, account);
            batch.create(view.roles, id, role);
            return role;
        });
    }

    /** A new role record (also made by Organizations' CreateAccount for OrganizationAccountAccessRole). */
    IamRole newRole(
            String accountId,
            String name,
            String path,
            String trustPolicy,
            PolicyDocument trust,
            String description,
            int maxSessionDuration,
            Map<String, String> tags,
            List<String> attached) {
        return new IamRole(
                accountId,
                name,
                path,
                Iam.uniqueId("AROA", random),
                clock.instant(),
                description,
                maxSessionDuration,
                trustPolicy,
                trust,
                tags,
                Map.of(),
                attached);
    }

    /** ListRoles. */
    @Override
    public IamPage<IamRole> list(String accountId, String pathPrefix, String marker, Integer maxItems) {
        return super.list(accountId, pathPrefix, marker, maxItems);
    }

    /** UpdateAssumeRolePolicy. */
    public void updateTrustPolicy(String accountId, String name, String trustPolicy) {
        PolicyDocument trust = compileTrust(trustPolicy);
        change(accountId, name, e -> ((IamRole) e).withTrust(trustPolicy, trust));
    }

    /** UpdateRole: the description (null: unchanged) and maximum session duration (null: unchanged). */
    public void update(String accountId, String name, String description, Integer maxSessionDuration) {
        Integer duration = maxSessionDuration == null ? null : sessionDuration(maxSessionDuration);
        change(accountId, name, e -> {
            IamRole r = (IamRole) e;
            return r.withSettings(
                    description == null ? r.description() : description,
                    duration == null ? r.maxSessionDuration() : duration);
        });
    }

    /** DeleteRole: refused while the role has inline or attached managed policies. */
    public void delete(String accountId, String name) {
        view.write(batch -> {
            Table.Row<IamRole> row = row(accountId, name);
            IamRole r = row.value();
            if (!r.inlinePolicies().isEmpty()) {
                throw IamErrors.deleteConflict("Cannot delete entity, must delete policies first.");
            }
            if (!r.attachedPolicies().isEmpty()) {
                throw IamErrors.deleteConflict("Cannot delete entity, must detach all policies first.");
            }
            batch.delete(view.roles, Iam.entityId(accountId, r.name()), row);
            return null;
        });
    }

    static PolicyDocument compileTrust(String trustPolicy) {
        if (Iam.policySize(trustPolicy) > TRUST_POLICY_SIZE) {
            throw IamErrors.quota("ACLSizePerRole", TRUST_POLICY_SIZE);
        }
        return IamPolicies.compileForWrite(trustPolicy, PolicyKind.TRUST);
    }

    private static int sessionDuration(Integer seconds) {
        if (seconds == null) return IamRole.DEFAULT_MAX_SESSION_DURATION;
        if (seconds < MIN_SESSION_DURATION || seconds > MAX_SESSION_DURATION) {
            throw IamErrors.validation("1 validation error detected: Value '" + seconds
                    + "' at 'maxSessionDuration' failed to satisfy constraint: Member must have value "
                    + (seconds < MIN_SESSION_DURATION
                            ? "greater than or equal to " + MIN_SESSION_DURATION
                            : "less than or equal to " + MAX_SESSION_DURATION));
        }
        return seconds;
    }
}
