package dev.trent.core.auth;

import dev.trent.core.Caller;
import dev.trent.core.RequestContext;
import dev.trent.core.auth.policy.PolicyKind;
import dev.trent.core.kms.KmsKey;
import java.util.List;
import java.util.Map;

/**
 * Prints what one authorization decision costs on the Encrypt path: the account root through the default key policy,
 * and an IAM user through the key policy's delegation and an identity policy. Not a test (no assertions on time):
 * run with {@code java -cp ... dev.trent.core.auth.AuthorizerBench}.
 */
public final class AuthorizerBench {
    private AuthorizerBench() {}

    public static void main(String[] args) {
        KmsKey key = KmsAuthorizerTest.key(KmsAuthorizerTest.DEFAULT, List.of());
        String alice = KmsAuthorizerTest.ALICE.identityArn();
        String allow = KmsAuthorizerTest.iam(
                "[\"kms:Encrypt\",\"kms:Decrypt\",\"kms:GenerateDataKey*\"]", "arn:aws:kms:*:111122223333:key/*");
        List<NamedPolicy> policies =
                List.of(new NamedPolicy("inline", KmsAuthorizerTest.compile(allow, PolicyKind.IDENTITY)));
        IdentityDirectory directory = new IdentityDirectory() {
            @Override
            public List<NamedPolicy> identityPolicies(String identityArn) {
                return identityArn.equals(alice) ? policies : List.of();
            }

            @Override
            public Map<String, String> principalTags(String identityArn) {
                return Map.of();
            }
        };
        KmsAuthorizer authorizer = new KmsAuthorizer(directory, GrantAccess.NONE, k -> List.of(), d -> {});
        for (Caller c : new Caller[] {KmsAuthorizerTest.ROOT_A, KmsAuthorizerTest.ALICE}) {
            RequestContext ctx = KmsAuthorizerTest.ctx(c, "Encrypt", "{\"KeyId\":\"k\"}", "", "198.51.100.7", true);
            for (int round = 0; round < 5; round++) {
                int n = 2_000_000;
                long start = System.nanoTime();
                for (int i = 0; i < n; i++) authorizer.authorize(ctx, "kms:Encrypt", key);
                long ns = System.nanoTime() - start;
                System.out.printf("%s: %.0f ns per decision%n", c.principalArn(), (double) ns / n);
            }
        }
    }
}
