package dev.trent.core.iam;

import dev.trent.core.auth.NamedPolicy;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A managed policy: a standalone identity policy with versions, attachable to users and roles. Customer managed
 * policies belong to an account ({@code arn:aws:iam::<account>:policy<path><name>}); AWS managed policies belong to
 * {@code aws} ({@code arn:aws:iam::aws:policy/AdministratorAccess}) and are the same in every account. The default
 * version is compiled once, when written or loaded. Immutable.
 *
 * @param accountId the owning account, or {@link Iam#AWS_OWNER} for an AWS managed policy
 * @param policyId IAM's unique id, {@code ANPA} and 17 more characters
 * @param versions the versions, oldest first; exactly one is the default
 * @param compiled the default version compiled
 */
public record ManagedPolicy(
        String accountId,
        String name,
        String path,
        String policyId,
        String description,
        Instant createDate,
        Instant updateDate,
        List<PolicyVersion> versions,
        String defaultVersionId,
        Map<String, String> tags,
        NamedPolicy compiled) {

    /** One version of a managed policy. */
    public record PolicyVersion(String versionId, String document, Instant createDate) {}

    public ManagedPolicy {
        versions = List.copyOf(versions);
        tags = Iam.copy(tags);
    }

    public String arn() {
        return Iam.arn(accountId, "policy", path, name);
    }

    public boolean awsManaged() {
        return Iam.AWS_OWNER.equals(accountId);
    }

    /** The version {@code versionId}, or null. */
    public PolicyVersion version(String versionId) {
        for (PolicyVersion v : versions) if (v.versionId().equals(versionId)) return v;
        return null;
    }

    public PolicyVersion defaultVersion() {
        return version(defaultVersionId);
    }

    public ManagedPolicy withTags(Map<String, String> newTags) {
        return new ManagedPolicy(
                accountId,
                name,
                path,
                policyId,
                description,
                createDate,
                updateDate,
                versions,
                defaultVersionId,
                newTags,
                compiled);
    }

    /** The same policy with other versions and default (CreatePolicyVersion, SetDefault..., DeletePolicyVersion). */
    public ManagedPolicy withVersions(
            List<PolicyVersion> newVersions, String newDefault, NamedPolicy newCompiled, Instant updated) {
        return new ManagedPolicy(
                accountId,
                name,
                path,
                policyId,
                description,
                createDate,
                updated,
                newVersions,
                newDefault,
                tags,
                newCompiled);
    }
}
