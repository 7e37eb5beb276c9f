package dev.trent.core.kms;

import static dev.trent.core.kms.GrantsTest.ACCOUNT;
import static dev.trent.core.kms.GrantsTest.ALICE_USER;
import static dev.trent.core.kms.GrantsTest.CAROL;
import static dev.trent.core.kms.GrantsTest.ROLE;
import static dev.trent.core.kms.GrantsTest.USER;
import static dev.trent.core.kms.GrantsTest.withRequest;
import static dev.trent.core.kms.KeyRegistryTest.ALICE;
import static dev.trent.core.kms.KeyRegistryTest.ctx;
import static dev.trent.core.kms.KeyRegistryTest.newKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trent.core.Caller;
import dev.trent.core.RequestContext;
import dev.trent.core.auth.Authorizer;
import dev.trent.core.auth.GrantAccess;
import dev.trent.core.store.InMemoryStore;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The decisions of {@link GrantAccess}: grantee, operation, constraint, key, and grant tokens. */
class GrantDecisionsTest {
    static final Caller ROLE_SESSION = new Caller(
            ACCOUNT,
            "us-east-1",
            "arn:aws:sts::111122223333:assumed-role/app/s1",
            "ASIA2",
            Caller.PrincipalType.ASSUMED_ROLE,
            "AROAAPP:s1",
            ROLE,
            Map.of());

    private final InMemoryStore store = new InMemoryStore();
    private final KeyOperationsTest.MutableClock clock = new KeyOperationsTest.MutableClock();
    private final SecureRandom random = new SecureRandom();
    private final KmsOperations kms = KmsOperations.create(store, Authorizer.ALLOW_ALL, clock, random);
    private final GrantAccess access = kms.grants().access();
    private final KmsKey key = newKey(kms, ALICE);

    private String grant(String grantee, GrantConstraints constraints, String... ops) {
        return create(kms, grantee, constraints, ops).grantId();
    }

    private GrantRequests.CreatedGrant create(
            KmsOperations node, String grantee, GrantConstraints constraints, String... ops) {
        return node.grants()
                .createGrant(
                        ctx(ALICE),
                        new GrantRequests.CreateGrant(
                                key.keyId(),
                                grantee,
                                null,
                                List.of(ops),
                                constraints == null || !constraints.isSubset() ? null : constraints.pairs(),
                                constraints == null || constraints.isSubset() ? null : constraints.pairs(),
                                null,
                                false));
    }

    private static RequestContext encrypt(Caller c, String context) {
        return withRequest(
                c, "Encrypt", "{\"KeyId\":\"k\",\"Plaintext\":\"AA==\",\"EncryptionContext\":" + context + "}");
    }

    @Test
    void theGranteeIsTheCallerOrTheRoleOfARoleSession() {
        String toUser = grant(USER, null, "Encrypt");
        String toRole = grant(ROLE, null, "Encrypt");
        String toRoot = grant("arn:aws:iam::111122223333:root", null, "Decrypt");
        RequestContext none = withRequest(ALICE_USER, "Encrypt", "{}");
        assertThat(access.allowingGrant(none, KmsActions.ENCRYPT, key)).isEqualTo(toUser);
        assertThat(access.allowingGrant(withRequest(ROLE_SESSION, "Encrypt", "{}"), KmsActions.ENCRYPT, key))
                .isEqualTo(toRole);
        assertThat(access.allowingGrant(withRequest(CAROL, "Encrypt", "{}"), KmsActions.ENCRYPT, key))
                .isNull();
        // An account-root grantee stands for the root user, not for every principal of the account.
        assertThat(access.allowingGrant(withRequest(ALICE, "Decrypt", "{}"), KmsActions.DECRYPT, key))
                .isEqualTo(toRoot);
        assertThat(access.allowingGrant(withRequest(CAROL, "Decrypt", "{}"), KmsActions.DECRYPT, key))
                .isNull();
    }

    @Test
    void aGrantAllowsExactlyItsOperationsOnItsKey() {
        grant(USER, null, "GenerateDataKey", "ReEncryptFrom");
        RequestContext c = withRequest(ALICE_USER, "GenerateDataKey", "{}");
        assertThat(access.allowingGrant(c, KmsActions.GENERATE_DATA_KEY, key)).isNotNull();
        assertThat(access.allowingGrant(c, KmsActions.GENERATE_DATA_KEY_WITHOUT_PLAINTEXT, key))
                .isNull();
        assertThat(access.allowingGrant(c, KmsActions.RE_ENCRYPT_FROM, key)).isNotNull();
        assertThat(access.allowingGrant(c, KmsActions.RE_ENCRYPT_TO, key)).isNull();
        assertThat(access.allowingGrant(c, KmsActions.DESCRIBE_KEY, key)).isNull();
        assertThat(access.allowingGrant(c, KmsActions.PUT_KEY_POLICY, key)).isNull();
        KmsKey other = newKey(kms, ALICE);
        assertThat(access.allowingGrant(c, KmsActions.GENERATE_DATA_KEY, other)).isNull();
    }

    @Test
    void aSubsetConstraintNeedsItsPairsInTheContextKeysInAnyCaseValuesExactly() {
        grant(USER, GrantConstraints.subset(Map.of("Dept", "IT", "env", "prod")), "Encrypt", "DescribeKey");
        assertThat(access.allowingGrant(
                        encrypt(ALICE_USER, "{\"dept\":\"IT\",\"ENV\":\"prod\",\"x\":\"y\"}"), KmsActions.ENCRYPT, key))
                .isNotNull();
        assertThat(access.allowingGrant(
                        encrypt(ALICE_USER, "{\"Dept\":\"it\",\"env\":\"prod\"}"), KmsActions.ENCRYPT, key))
                .isNull();
        assertThat(access.allowingGrant(encrypt(ALICE_USER, "{\"Dept\":\"IT\"}"), KmsActions.ENCRYPT, key))
                .isNull();
        assertThat(access.allowingGrant(withRequest(ALICE_USER, "Encrypt", "{}"), KmsActions.ENCRYPT, key))
                .isNull();
        // The constraint does not apply to DescribeKey.
        assertThat(access.allowingGrant(withRequest(ALICE_USER, "DescribeKey", "{}"), KmsActions.DESCRIBE_KEY, key))
                .isNotNull();
    }

    @Test
    void anEqualsConstraintNeedsExactlyItsPairs() {
        grant(USER, GrantConstraints.equalTo(Map.of("a", "1")), "Encrypt");
        assertThat(access.allowingGrant(encrypt(ALICE_USER, "{\"A\":\"1\"}"), KmsActions.ENCRYPT, key))
                .isNotNull();
        assertThat(access.allowingGrant(encrypt(ALICE_USER, "{\"a\":\"1\",\"b\":\"2\"}"), KmsActions.ENCRYPT, key))
                .isNull();
        assertThat(access.allowingGrant(encrypt(ALICE_USER, "{}"), KmsActions.ENCRYPT, key))
                .isNull();
        grant(CAROL.principalArn(), GrantConstraints.equalTo(Map.of()), "Encrypt");
        assertThat(access.allowingGrant(encrypt(CAROL, "{}"), KmsActions.ENCRYPT, key))
                .isNotNull();
        assertThat(access.allowingGrant(withRequest(CAROL, "Encrypt", "{}"), KmsActions.ENCRYPT, key))
                .isNotNull();
        assertThat(access.allowingGrant(encrypt(CAROL, "{\"a\":\"1\"}"), KmsActions.ENCRYPT, key))
                .isNull();
    }

    @Test
    void reEncryptChecksTheSourceContextForReEncryptFromAndTheDestinationContextForReEncryptTo() {
        grant(USER, GrantConstraints.subset(Map.of("stage", "old")), "ReEncryptFrom");
        grant(USER, GrantConstraints.subset(Map.of("stage", "new")), "ReEncryptTo");
        RequestContext c = withRequest(
                ALICE_USER,
                "ReEncrypt",
                "{\"SourceEncryptionContext\":{\"stage\":\"old\"},\"DestinationEncryptionContext\":{\"stage\":\"new\"}}");
        assertThat(access.allowingGrant(c, KmsActions.RE_ENCRYPT_FROM, key)).isNotNull();
        assertThat(access.allowingGrant(c, KmsActions.RE_ENCRYPT_TO, key)).isNotNull();
        RequestContext swapped = withRequest(
                ALICE_USER,
                "ReEncrypt",
                "{\"SourceEncryptionContext\":{\"stage\":\"new\"},\"DestinationEncryptionContext\":{\"stage\":\"old\"}}");
        assertThat(access.allowingGrant(swapped, KmsActions.RE_ENCRYPT_FROM, key))
                .isNull();
        assertThat(access.allowingGrant(swapped, KmsActions.RE_ENCRYPT_TO, key)).isNull();
    }

    @Test
    void createGrantThroughAGrantMayOnlyPassOnItsOperationsUnderAsStrictAConstraint() {
        grant(USER, GrantConstraints.subset(Map.of("app", "a")), "CreateGrant", "Decrypt", "Encrypt");
        assertThat(createGrantAllowed("[\"Decrypt\"]", "{\"EncryptionContextSubset\":{\"app\":\"a\",\"x\":\"y\"}}"))
                .isTrue();
        assertThat(createGrantAllowed("[\"Decrypt\"]", "{\"EncryptionContextEquals\":{\"APP\":\"a\"}}"))
                .isTrue();
        assertThat(createGrantAllowed("[\"Decrypt\"]", null)).isFalse();
        assertThat(createGrantAllowed("[\"Decrypt\"]", "{\"EncryptionContextSubset\":{\"app\":\"b\"}}"))
                .isFalse();
        assertThat(createGrantAllowed(
                        "[\"Decrypt\",\"GenerateDataKey\"]", "{\"EncryptionContextSubset\":{\"app\":\"a\"}}"))
                .isFalse();
    }

    private boolean createGrantAllowed(String operations, String constraints) {
        String body = "{\"KeyId\":\"k\",\"GranteePrincipal\":\"" + ROLE + "\",\"Operations\":" + operations
                + (constraints == null ? "" : ",\"Constraints\":" + constraints) + "}";
        return access.allowingGrant(withRequest(ALICE_USER, "CreateGrant", body), KmsActions.CREATE_GRANT, key) != null;
    }

    @Test
    void aGrantTokenLetsTheGranteeUseAGrantThisNodeHasNotSeenYet() {
        KmsOperations other = KmsOperations.create(store, Authorizer.ALLOW_ALL, clock, random);
        GrantAccess late = other.grants().access();
        GrantRequests.CreatedGrant g = create(kms, USER, GrantConstraints.subset(Map.of("a", "1")), "Encrypt");
        String withToken =
                "{\"EncryptionContext\":{\"a\":\"1\"},\"GrantTokens\":[\"junk\",\"" + g.grantToken() + "\"]}";
        assertThat(late.allowingGrant(
                        withRequest(ALICE_USER, "Encrypt", "{\"EncryptionContext\":{\"a\":\"1\"}}"),
                        KmsActions.ENCRYPT,
                        key))
                .isNull();
        assertThat(late.allowingGrant(withRequest(ALICE_USER, "Encrypt", withToken), KmsActions.ENCRYPT, key))
                .isEqualTo(g.grantId());
        // The token proves the grant exists; it does not make another caller its grantee, or lift its constraint.
        assertThat(late.allowingGrant(withRequest(CAROL, "Encrypt", withToken), KmsActions.ENCRYPT, key))
                .isNull();
        assertThat(late.allowingGrant(
                        withRequest(ALICE_USER, "Encrypt", "{\"GrantTokens\":[\"" + g.grantToken() + "\"]}"),
                        KmsActions.ENCRYPT,
                        key))
                .isNull();
        assertThat(late.allowingGrant(withRequest(ALICE_USER, "Decrypt", withToken), KmsActions.DECRYPT, key))
                .isNull();

        // Retired on the first node: the token stops working there at once, and on the other once it follows.
        kms.grants().retireGrant(ctx(ALICE), new GrantRequests.RetireGrant(g.grantToken(), null, null, false));
        assertThat(access.allowingGrant(withRequest(ALICE_USER, "Encrypt", withToken), KmsActions.ENCRYPT, key))
                .isNull();
        other.grants().registry().refresh();
        assertThat(late.allowingGrant(withRequest(ALICE_USER, "Encrypt", withToken), KmsActions.ENCRYPT, key))
                .isNull();
        // And after a restart too.
        KmsOperations restarted = KmsOperations.create(store, Authorizer.ALLOW_ALL, clock, random);
        assertThat(restarted
                        .grants()
                        .access()
                        .allowingGrant(withRequest(ALICE_USER, "Encrypt", withToken), KmsActions.ENCRYPT, key))
                .isNull();
    }

    @Test
    void aTamperedOrForeignTokenIsIgnored() {
        KmsOperations other = KmsOperations.create(store, Authorizer.ALLOW_ALL, clock, random);
        GrantRequests.CreatedGrant g = create(kms, ROLE, null, "Encrypt");
        RequestContext genuine = withRequest(ROLE_SESSION, "Encrypt", "{\"GrantTokens\":[\"" + g.grantToken() + "\"]}");
        assertThat(other.grants().access().allowingGrant(genuine, KmsActions.ENCRYPT, key))
                .isEqualTo(g.grantId());
        byte[] raw = Base64.getUrlDecoder().decode(g.grantToken());
        raw[raw.length / 2] ^= 1;
        String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        RequestContext c = withRequest(ROLE_SESSION, "Encrypt", "{\"GrantTokens\":[\"" + tampered + "\"]}");
        assertThat(other.grants().access().allowingGrant(c, KmsActions.ENCRYPT, key))
                .isNull();
        // A token of another store (another MAC key) names nothing here.
        KmsOperations elsewhere = KmsOperations.create(new InMemoryStore(), Authorizer.ALLOW_ALL, clock, random);
        KmsKey foreignKey = newKey(elsewhere, ALICE);
        assertThat(elsewhere.grants().registry().tokens().verify(g.grantToken()))
                .isNull();
        assertThat(kms.grants().registry().tokens().verify(g.grantToken()).grantId())
                .isEqualTo(g.grantId());
        assertThat(foreignKey).isNotNull();
    }

    @Test
    void aTokenForAGrantWithAHugeConstraintStaysWithinTheWireLimit() {
        java.util.Map<String, String> big = new java.util.HashMap<>();
        for (int i = 0; i < 8; i++) big.put("key-" + i + "-" + "k".repeat(800), "v".repeat(384));
        GrantRequests.CreatedGrant g = create(kms, ROLE, GrantConstraints.subset(big), "Encrypt");
        assertThat(g.grantToken().length()).isLessThanOrEqualTo(8192);
        GrantTokens.Decoded d = kms.grants().registry().tokens().verify(g.grantToken());
        assertThat(d.grantId()).isEqualTo(g.grantId());
        assertThat(d.grant()).isNull();
        // The grant is still usable through the view and retirable by its token.
        kms.grants().retireGrant(ctx(ALICE), new GrantRequests.RetireGrant(g.grantToken(), null, null, false));
    }
}
