package dev.trent.core.iam;

import dev.trent.core.auth.policy.PolicyDocument;
import dev.trent.core.auth.policy.PolicyKind;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * IAM's managed policies: customer managed policies of an account (CreatePolicy, GetPolicy, ListPolicies,
 * DeletePolicy and their versions) and the {@link AwsManagedPolicies AWS managed} ones every account sees.
 *
 * <p>Quotas as in IAM: {@value #POLICY_SIZE} characters per policy document (white space not counted), {@value
 * #POLICIES_PER_ACCOUNT} customer managed policies per account, {@value #VERSIONS_PER_POLICY} versions per policy. A
 * policy attached to a user or role cannot be deleted ({@code DeleteConflict}); an attachment rewrites the policy
 * record at the version read, so a deletion and an attachment on two nodes cannot both succeed.
 *
 * <p>{@code AttachmentCount} is counted from the view (the users and roles of the account that have it attached).
 */
public final class ManagedPolicies {
    /** The largest managed policy document, in non-white-space characters (PolicySize). */
    public static final int POLICY_SIZE = 6144;
    /** Customer managed policies per account. */
    public static final int POLICIES_PER_ACCOUNT = 1500;
    /** Versions per managed policy. */
    public static final int VERSIONS_PER_POLICY = 5;

    private final IamView view;
    private final Clock clock;
    private final SecureRandom random;

    ManagedPolicies(IamView view, Clock clock, SecureRandom random) {
        this.view = view;
        this.clock = clock;
        this.random = random;
    }

    /** The scope of ListPolicies. */
    public enum Scope {
        ALL,
        AWS,
        LOCAL
    }

    // ------------------------------------------------------------------ reads

    /**
     * The managed policy {@code arn} names as {@code accountId} sees it: one of its own customer managed policies or
     * an AWS managed policy.
     *
     * @throws dev.trent.core.ServiceException {@code InvalidInput} for an ARN that is not a policy's, {@code
     *     NoSuchEntity} if there is no such policy
     */
    public ManagedPolicy get(String accountId, String arn) {
        ManagedPolicy p = find(accountId, requirePolicyArn(arn));
        if (p == null) throw IamErrors.noSuchPolicy(arn);
        return p;
    }

    /** A version of a managed policy. */
    public ManagedPolicy.PolicyVersion version(String accountId, String arn, String versionId) {
        ManagedPolicy p = get(accountId, arn);
        ManagedPolicy.PolicyVersion v = p.version(versionId);
        if (v == null) throw IamErrors.noSuchPolicyVersion(arn, versionId);
        return v;
    }

    /** The versions of a managed policy, newest first (as IAM lists them). */
    public IamPage<ManagedPolicy.PolicyVersion> versions(
            String accountId, String arn, String marker, Integer maxItems) {
        ManagedPolicy p = get(accountId, arn);
        List<ManagedPolicy.PolicyVersion> newestFirst = new ArrayList<>(p.versions());
        newestFirst.sort(Comparator.comparing((ManagedPolicy.PolicyVersion v) -> versionNumber(v.versionId()))
                .reversed());
        return IamPage.of(
                newestFirst,
                v -> String.format("%010d", Integer.MAX_VALUE - versionNumber(v.versionId())),
                marker,
                maxItems);
    }

    /**
     * ListPolicies: the managed policies {@code accountId} sees, by scope, path prefix and whether attached, sorted
     * by name.
     */
    public IamPage<ManagedPolicy> list(
            String accountId, Scope scope, boolean onlyAttached, String pathPrefix, String marker, Integer maxItems) {
        Map<String, Integer> counts = attachmentCounts(accountId);
        List<ManagedPolicy> out = new ArrayList<>();
        if (scope != Scope.LOCAL) out.addAll(AwsManagedPolicies.all());
        if (scope != Scope.AWS) {
            for (ManagedPolicy p : view.policies.values()) if (p.accountId().equals(accountId)) out.add(p);
        }
        out.removeIf(p -> (pathPrefix != null && !p.path().startsWith(pathPrefix))
                || (onlyAttached && counts.getOrDefault(p.arn(), 0) == 0));
        out.sort(
                Comparator.comparing((ManagedPolicy p) -> Iam.nameKey(p.name())).thenComparing(ManagedPolicy::arn));
        return IamPage.of(out, p -> Iam.nameKey(p.name()) + "\u0000" + p.arn(), marker, maxItems);
    }

    /** How many users and roles of {@code accountId} have the policy attached. */
    public int attachmentCount(String accountId, String arn) {
        return attachmentCounts(accountId).getOrDefault(arn, 0);
    }

    private Map<String, Integer> attachmentCounts(String accountId) {
        Map<String, Integer> counts = new HashMap<>();
        for (IamUser u : view.users.values()) {
            if (u.accountId().equals(accountId)) for (String a : u.attachedPolicies()) counts.merge(a, 1, Integer::sum);
        }
        for (IamRole r : view.roles.values()) {
            if (r.accountId().equals(accountId)) for (String a : r.attachedPolicies()) counts.merge(a, 1, Integer::sum);
        }
        return counts;
    }

    /**
     * The policy an entity of {@code accountId} may attach, or null: the account's own customer managed policy or
     * an AWS managed policy. Reads memory only.
     */
    ManagedPolicy find(String accountId, Iam.ParsedArn arn) {
        if (arn == null || !"policy".equals(arn.kind())) return null;
        if (Iam.AWS_OWNER.equals(arn.accountId())) return AwsManagedPolicies.byArn(arn.arn());
        if (!arn.accountId().equals(accountId)) return null;
        ManagedPolicy p = view.policies.get(Iam.entityId(accountId, arn.name()));
        return p != null && p.path().equals(arn.path()) ? p : null;
    }

    /** The policy {@code arn} names (any account's, or AWS's), for authorization; null if none. */
    ManagedPolicy byArn(String arn) {
        Iam.ParsedArn parsed = Iam.parse(arn);
        if (parsed == null) return null;
        return find(parsed.accountId(), parsed);
    }

    // ------------------------------------------------------------------ writes

    /** CreatePolicy. */
    public ManagedPolicy create(
            String accountId,
            String name,
            String path,
            String document,
            String description,
            List<Map.Entry<String, String>> tags) {
        String p = path == null ? "/" : path;
        checkSize(document);
        PolicyDocument compiled = IamPolicies.compileForWrite(document, PolicyKind.IDENTITY);
        Map<String, String> tagMap = IamTags.merge(Map.of(), tags);
        return view.write(batch -> {
            Table.Row<AccountRecord> account = view.accounts.row(accountId);
            if (account == null) throw IamErrors.noSuchAccount(accountId);
            String id = Iam.entityId(accountId, name);
            if (view.policies.row(id) != null) throw IamErrors.policyExists(name);
            long count = view.policies.values().stream()
                    .filter(x -> x.accountId().equals(accountId))
                    .count();
            if (count >= POLICIES_PER_ACCOUNT) throw IamErrors.quota("PoliciesPerAccount", POLICIES_PER_ACCOUNT);
            Instant now = clock.instant();
            String arn = Iam.arn(accountId, "policy", p, name);
            ManagedPolicy policy = new ManagedPolicy(
                    accountId,
                    name,
                    p,
                    Iam.uniqueId("ANPA", random),
                    description,
                    now,
                    now,
                    List.of(new ManagedPolicy.PolicyVersion("v1", document, now)),
                    "v1",
                    tagMap,
                    IamPolicies.named(arn, compiled));
            batch.touch(view.accounts, accountId, account);
            batch.create(view.policies, id, policy);
            return policy;
        });
    }

    /** DeletePolicy: refused while the policy is attached. */
    public void delete(String accountId, String arn) {
        view.write(batch -> {
            Table.Row<ManagedPolicy> row = customerRow(accountId, arn);
            if (attachmentCount(accountId, arn) > 0) {
                throw IamErrors.deleteConflict("Cannot delete a policy attached to entities.");
            }
            batch.delete(view.policies, Iam.entityId(accountId, row.value().name()), row);
            return null;
        });
    }

    /** CreatePolicyVersion: a new version, the default one if {@code setAsDefault}. */
    public ManagedPolicy.PolicyVersion createVersion(
            String accountId, String arn, String document, boolean setAsDefault) {
        checkSize(document);
        PolicyDocument compiled = IamPolicies.compileForWrite(document, PolicyKind.IDENTITY);
        return view.write(batch -> {
            Table.Row<ManagedPolicy> row = customerRow(accountId, arn);
            ManagedPolicy p = row.value();
            if (p.versions().size() >= VERSIONS_PER_POLICY) {
                throw IamErrors.limit("A managed policy can have up to " + VERSIONS_PER_POLICY
                        + " versions. Before you create a new version, you must delete an existing version.");
            }
            int next = p.versions().stream()
                            .mapToInt(v -> versionNumber(v.versionId()))
                            .max()
                            .orElse(0)
                    + 1;
            Instant now = clock.instant();
            ManagedPolicy.PolicyVersion v = new ManagedPolicy.PolicyVersion("v" + next, document, now);
            List<ManagedPolicy.PolicyVersion> versions = new ArrayList<>(p.versions());
            versions.add(v);
            ManagedPolicy updated = setAsDefault
                    ? p.withVersions(versions, v.versionId(), IamPolicies.named(arn, compiled), now)
                    : p.withVersions(versions, p.defaultVersionId(), p.compiled(), now);
            batch.update(view.policies, Iam.entityId(accountId, p.name()), row, updated);
            return v;
        });
    }

    /** SetDefaultPolicyVersion. */
    public void setDefaultVersion(String accountId, String arn, String versionId) {
        view.write(batch -> {
            Table.Row<ManagedPolicy> row = customerRow(accountId, arn);
            ManagedPolicy p = row.value();
            ManagedPolicy.PolicyVersion v = p.version(versionId);
            if (v == null) throw IamErrors.noSuchPolicyVersion(arn, versionId);
            if (versionId.equals(p.defaultVersionId())) return null;
            PolicyDocument compiled = IamPolicies.compileStored(v.document(), PolicyKind.IDENTITY, arn);
            batch.update(
                    view.policies,
                    Iam.entityId(accountId, p.name()),
                    row,
                    p.withVersions(p.versions(), versionId, IamPolicies.named(arn, compiled), clock.instant()));
            return null;
        });
    }

    /** DeletePolicyVersion: any version but the default one. */
    public void deleteVersion(String accountId, String arn, String versionId) {
        view.write(batch -> {
            Table.Row<ManagedPolicy> row = customerRow(accountId, arn);
            ManagedPolicy p = row.value();
            if (p.version(versionId) == null) throw IamErrors.noSuchPolicyVersion(arn, versionId);
            if (versionId.equals(p.defaultVersionId())) {
                throw IamErrors.deleteConflict("Cannot delete the default version of a policy.");
            }
            List<ManagedPolicy.PolicyVersion> versions = new ArrayList<>(p.versions());
            versions.removeIf(v -> v.versionId().equals(versionId));
            batch.update(
                    view.policies,
                    Iam.entityId(accountId, p.name()),
                    row,
                    p.withVersions(versions, p.defaultVersionId(), p.compiled(), p.updateDate()));
            return null;
        });
    }

    /** TagPolicy / UntagPolicy: the policy with {@code change} applied to its tags. */
    void retag(String accountId, String arn, java.util.function.UnaryOperator<Map<String, String>> change) {
        view.write(batch -> {
            Table.Row<ManagedPolicy> row = customerRow(accountId, arn);
            ManagedPolicy p = row.value();
            batch.update(view.policies, Iam.entityId(accountId, p.name()), row, p.withTags(change.apply(p.tags())));
            return null;
        });
    }

    /** TagPolicy. */
    public void tag(String accountId, String arn, List<Map.Entry<String, String>> tags) {
        retag(accountId, arn, current -> IamTags.merge(current, tags));
    }

    /** UntagPolicy. */
    public void untag(String accountId, String arn, List<String> keys) {
        retag(accountId, arn, current -> IamTags.remove(current, keys));
    }

    /** The row of a customer managed policy of {@code accountId}; AWS managed policies cannot be changed. */
    private Table.Row<ManagedPolicy> customerRow(String accountId, String arn) {
        Iam.ParsedArn parsed = requirePolicyArn(arn);
        if (Iam.AWS_OWNER.equals(parsed.accountId()) && AwsManagedPolicies.byArn(parsed.arn()) != null) {
            throw IamErrors.invalidInput("The AWS managed policy " + arn + " cannot be changed.");
        }
        if (!parsed.accountId().equals(accountId)) throw IamErrors.noSuchPolicy(arn);
        Table.Row<ManagedPolicy> row = view.policies.row(Iam.entityId(accountId, parsed.name()));
        if (row == null || !row.value().path().equals(parsed.path())) throw IamErrors.noSuchPolicy(arn);
        return row;
    }

    /** Adds the rewrite of the policy {@code arn} names to {@code batch} (an attachment or detachment). */
    void touchForAttachment(Batch batch, ManagedPolicy p) {
        if (p.awsManaged()) return;
        String id = Iam.entityId(p.accountId(), p.name());
        Table.Row<ManagedPolicy> row = view.policies.row(id);
        if (row != null) batch.touch(view.policies, id, row);
    }

    static Iam.ParsedArn requirePolicyArn(String arn) {
        Iam.ParsedArn parsed = Iam.parse(arn);
        if (parsed == null || !"policy".equals(parsed.kind())) {
            throw IamErrors.invalidInput("ARN " + arn + " is not valid.");
        }
        return parsed;
    }

    private static void checkSize(String document) {
        if (Iam.policySize(document) > POLICY_SIZE) throw IamErrors.quota("PolicySize", POLICY_SIZE);
    }

    private static int versionNumber(String versionId) {
        int dot = versionId.indexOf('.');
        try {
            return Integer.parseInt(versionId.substring(1, dot < 0 ? versionId.length() : dot));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
