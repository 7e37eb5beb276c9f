package dev.trent.core.auth;

import java.util.List;
import java.util.Map;

/** What authorization needs to know about IAM identities: their policies and tags. Reads memory only. */
public interface IdentityDirectory {
    /**
     * The identity-based policies of the IAM user or role {@code identityArn} (its inline policies and the managed
     * policies attached to it, compiled), or an empty list for a root user or an ARN that names no identity.
     */
    List<NamedPolicy> identityPolicies(String identityArn);

    /** The tags of the IAM user or role {@code identityArn} (for {@code aws:PrincipalTag/<key>}); empty if none. */
    Map<String, String> principalTags(String identityArn);

    /** No IAM identities: only root users. */
    IdentityDirectory NONE = new IdentityDirectory() {
        @Override
        public List<NamedPolicy> identityPolicies(String identityArn) {
            return List.of();
        }

        @Override
        public Map<String, String> principalTags(String identityArn) {
            return Map.of();
        }
    };
}
