package dev.trent.core.kms;

import static dev.trent.core.kms.KeyRegistryTest.ALICE;
import static dev.trent.core.kms.KeyRegistryTest.BOB;
import static dev.trent.core.kms.KeyRegistryTest.assertFails;
import static dev.trent.core.kms.KeyRegistryTest.ctx;
import static dev.trent.core.kms.KeyRegistryTest.newKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trent.core.Caller;
import dev.trent.core.RequestContext;
import dev.trent.core.auth.Authorizer;
import dev.trent.core.store.InMemoryStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** CreateGrant, ListGrants, ListRetirableGrants, RetireGrant and RevokeGrant in the core. */
class GrantsTest {
    static final String ACCOUNT = "111122223333";
    static final String USER = "arn:aws:iam::111122223333:user/alice";
    static final String OTHER_USER = "arn:aws:iam::111122223333:user/carol";
    static final String ROLE = "arn:aws:iam::111122223333:role/app";
    static final String FOREIGN_ROLE = "arn:aws:iam::444455556666:role/partner";
    static final Caller ALICE_USER = new Caller(ACCOUNT, "us-east-1", USER, "AKIA3");
    static final Caller CAROL = new Caller(ACCOUNT, "us-east-1", OTHER_USER, "AKIA4");
    static final Caller PARTNER = new Caller(
            "444455556666",
            "us-east-1",
            "arn:aws:sts::444455556666:assumed-role/partner/s1",
            "ASIA1",
            Caller.PrincipalType.ASSUMED_ROLE,
            "AROAPARTNER:s1",
            FOREIGN_ROLE,
            Map.of());

    private final InMemoryStore store = new InMemoryStore();
    private final KeyOperationsTest.MutableClock clock = new KeyOperationsTest.MutableClock();
    private final SecureRandom random = new SecureRandom();
    private final KmsOperations kms = KmsOperations.create(store, Authorizer.ALLOW_ALL, clock, random);
    private final Grants grants = kms.grants();

    static GrantRequests.CreateGrant request(String keyId, String grantee, String... ops) {
        return new GrantRequests.CreateGrant(keyId, grantee, null, List.of(ops), null, null, null, false);
    }

    private GrantRequests.CreatedGrant grant(String keyId, String grantee, String... ops) {
        return grants.createGrant(ctx(ALICE), request(keyId, grantee, ops));
    }

    private List<GrantRequests.ListedGrant> list(String keyId) {
        return grants.listGrants(ctx(ALICE), new GrantRequests.ListGrants(keyId, null, null, null, null))
                .items();
    }

    private KmsKey asymmetricKey(KeySpec spec, KeyUsage usage) {
        return kms.lifecycle()
                .createKey(
                        ctx(ALICE),
                        new LifecycleRequests.CreateKey("asym", usage, spec, null, null, null, null, null, null, null));
    }

    @Test
    void createGrantReturnsAnAwsShapedIdAndTokenAndListGrantsShowsEveryMember() {
        KmsKey k = newKey(kms, ALICE);
        GrantRequests.CreatedGrant created = grants.createGrant(
                ctx(ALICE),
                new GrantRequests.CreateGrant(
                        k.arn(),
                        ROLE,
                        USER,
                        List.of("RetireGrant", "Encrypt", "Decrypt", "DescribeKey", "Encrypt"),
                        Map.of("Purpose", "test"),
                        null,
                        "app-grant",
                        false));
        assertThat(created.grantId()).matches("[0-9a-f]{64}");
        assertThat(created.grantToken()).hasSizeLessThanOrEqualTo(8192).matches("[A-Za-z0-9_-]+");

        List<GrantRequests.ListedGrant> listed = list(k.keyId());
        assertThat(listed).hasSize(1);
        GrantRequests.ListedGrant l = listed.get(0);
        assertThat(l.keyArn()).isEqualTo(k.arn());
        assertThat(l.issuingAccountArn()).isEqualTo("arn:aws:iam::111122223333:root");
        Grant g = l.grant();
        assertThat(g.grantId()).isEqualTo(created.grantId());
        assertThat(g.name()).isEqualTo("app-grant");
        assertThat(g.granteePrincipal()).isEqualTo(ROLE);
        assertThat(g.retiringPrincipal()).isEqualTo(USER);
        assertThat(g.creationDate()).isEqualTo(clock.now);
        // The model's order, duplicates dropped.
        assertThat(g.operations())
                .containsExactly(
                        GrantOperation.DECRYPT,
                        GrantOperation.ENCRYPT,
                        GrantOperation.RETIRE_GRANT,
                        GrantOperation.DESCRIBE_KEY);
        assertThat(g.constraints()).isEqualTo(GrantConstraints.subset(Map.of("Purpose", "test")));
    }

    @Test
    void aNamedGrantAskedForAgainWithTheSameParametersIsTheSameGrantWithANewToken() {
        KmsKey k = newKey(kms, ALICE);
        GrantRequests.CreateGrant named = new GrantRequests.CreateGrant(
                k.keyId(), ROLE, null, List.of("Decrypt", "Encrypt"), null, null, "retry-safe", false);
        GrantRequests.CreatedGrant first = grants.createGrant(ctx(ALICE), named);
        GrantRequests.CreatedGrant again = grants.createGrant(
                ctx(ALICE),
                new GrantRequests.CreateGrant(
                        k.arn(), ROLE, null, List.of("Encrypt", "Decrypt"), null, null, "retry-safe", false));
        assertThat(again.grantId()).isEqualTo(first.grantId());
        assertThat(again.grantToken()).isNotEqualTo(first.grantToken());
        assertThat(list(k.keyId())).hasSize(1);

        // Same name, other parameters: another grant (names are not unique).
        GrantRequests.CreatedGrant other = grants.createGrant(
                ctx(ALICE),
                new GrantRequests.CreateGrant(
                        k.keyId(), ROLE, null, List.of("Decrypt"), null, null, "retry-safe", false));
        assertThat(other.grantId()).isNotEqualTo(first.grantId());
        // Without a name, every request makes a grant.
        grant(k.keyId(), ROLE, "Decrypt");
        grant(k.keyId(), ROLE, "Decrypt");
        assertThat(list(k.keyId())).hasSize(4);
    }

    @Test
    void aGrantMayAllowOnlyWhatItsKeySupports() {
        KmsKey symmetric = newKey(kms, ALICE);
        assertFails(
                () -> grant(symmetric.keyId(), ROLE, "CreateGrant"),
                "ValidationException",
                "Grants must not contain only the CreateGrant operation.");
        assertFails(
                () -> grant(symmetric.keyId(), ROLE, "Decrypt", "Sign", "GetPublicKey"),
                "ValidationException",
                "Grant operations Sign, GetPublicKey are not supported for a KMS key with KeySpec SYMMETRIC_DEFAULT"
                        + " and KeyUsage ENCRYPT_DECRYPT.");
        grant(
                symmetric.keyId(),
                ROLE,
                "Encrypt",
                "Decrypt",
                "ReEncryptFrom",
                "ReEncryptTo",
                "GenerateDataKey",
                "GenerateDataKeyWithoutPlaintext",
                "GenerateDataKeyPair",
                "GenerateDataKeyPairWithoutPlaintext",
                "DescribeKey",
                "CreateGrant",
                "RetireGrant");

        KmsKey signing = asymmetricKey(KeySpec.ECC_NIST_P256, KeyUsage.SIGN_VERIFY);
        grant(signing.keyId(), ROLE, "Sign", "Verify", "GetPublicKey", "DescribeKey");
        assertFails(
                () -> grant(signing.keyId(), ROLE, "GenerateDataKey"),
                "ValidationException",
                "Grant operations GenerateDataKey are not supported for a KMS key with KeySpec ECC_NIST_P256 and"
                        + " KeyUsage SIGN_VERIFY.");
        KmsKey rsa = asymmetricKey(KeySpec.RSA_2048, KeyUsage.ENCRYPT_DECRYPT);
        grant(rsa.keyId(), ROLE, "Encrypt", "Decrypt", "GetPublicKey");
        assertCode(() -> grant(rsa.keyId(), ROLE, "Sign"), "ValidationException");
        KmsKey hmac = asymmetricKey(KeySpec.HMAC_256, KeyUsage.GENERATE_VERIFY_MAC);
        grant(hmac.keyId(), ROLE, "GenerateMac", "VerifyMac");
        assertCode(() -> grant(hmac.keyId(), ROLE, "Encrypt"), "ValidationException");
    }

    @Test
    void constraintsAreOneKindAndOnlyForOperationsWithAnEncryptionContext() {
        KmsKey k = newKey(kms, ALICE);
        assertFails(
                () -> grants.createGrant(
                        ctx(ALICE),
                        new GrantRequests.CreateGrant(
                                k.keyId(), ROLE, null, List.of("Decrypt"), Map.of("a", "1"), Map.of(), null, false)),
                "ValidationException",
                "More than one constraint supplied");
        // DescribeKey and RetireGrant ignore constraints, so they may be in a constrained grant.
        grants.createGrant(
                ctx(ALICE),
                new GrantRequests.CreateGrant(
                        k.keyId(),
                        ROLE,
                        null,
                        List.of("Decrypt", "DescribeKey", "RetireGrant"),
                        null,
                        Map.of("a", "1"),
                        null,
                        false));
        KmsKey signing = asymmetricKey(KeySpec.ECC_NIST_P256, KeyUsage.SIGN_VERIFY);
        assertFails(
                () -> grants.createGrant(
                        ctx(ALICE),
                        new GrantRequests.CreateGrant(
                                signing.keyId(), ROLE, null, List.of("Sign"), Map.of("a", "1"), null, null, false)),
                "ValidationException",
                "Encryption context grant constraints are not supported for the grant operations Sign on a KMS key"
                        + " with KeySpec ECC_NIST_P256.");
        Map<String, String> nine = new java.util.HashMap<>();
        for (int i = 0; i < 9; i++) nine.put("k" + i, "v");
        assertFails(
                () -> grants.createGrant(
                        ctx(ALICE),
                        new GrantRequests.CreateGrant(
                                k.keyId(), ROLE, null, List.of("Decrypt"), nine, null, null, false)),
                "ValidationException",
                "A grant constraint can include at most 8 encryption context pairs.");
    }

    @Test
    void granteeAndRetiringPrincipalsMustBePrincipals() {
        KmsKey k = newKey(kms, ALICE);
        for (String bad : List.of(
                "bob",
                "arn:aws:iam::111122223333:group/admins",
                "arn:aws:kms:us-east-1:111122223333:key/" + k.keyId(),
                "arn:aws-cn:iam::111122223333:root",
                "arn:aws:iam::12345:root")) {
            assertFails(
                    () -> grant(k.keyId(), bad, "Decrypt"),
                    "InvalidArnException",
                    "ARN does not refer to a valid principal: " + bad);
        }
        assertFails(
                () -> grants.createGrant(
                        ctx(ALICE),
                        new GrantRequests.CreateGrant(
                                k.keyId(), ROLE, "nobody", List.of("Decrypt"), null, null, null, false)),
                "InvalidArnException",
                "ARN does not refer to a valid principal: nobody");
        for (String good : List.of(
                "arn:aws:iam::111122223333:root",
                "arn:aws:iam::444455556666:user/path/to/bob",
                "arn:aws:iam::111122223333:role/service-role/app",
                "arn:aws:sts::111122223333:assumed-role/app/session-1",
                "arn:aws:sts::111122223333:federated-user/fred",
                "rds.us-east-1.amazonaws.com",
                "s3.amazonaws.com")) {
            grant(k.keyId(), good, "Decrypt");
        }
    }

    @Test
    void theKeyStateTableDecidesWhetherGrantsCanBeCreatedAndListed() {
        KmsKey k = newKey(kms, ALICE);
        kms.lifecycle().disableKey(ctx(ALICE), new LifecycleRequests.DisableKey(k.keyId()));
        GrantRequests.CreatedGrant g = grant(k.keyId(), ROLE, "Decrypt");
        kms.lifecycle().scheduleKeyDeletion(ctx(ALICE), new LifecycleRequests.ScheduleKeyDeletion(k.keyId(), 7));
        assertFails(
                () -> grant(k.keyId(), ROLE, "Decrypt"), "KMSInvalidStateException", k.arn() + " is pending deletion.");
        assertThat(list(k.keyId())).hasSize(1);
        grants.revokeGrant(ctx(ALICE), new GrantRequests.RevokeGrant(k.keyId(), g.grantId(), false));
        assertThat(list(k.keyId())).isEmpty();
        assertFails(() -> grant("alias/none", ROLE, "Decrypt"), "NotFoundException", "Invalid keyId 'alias/none'");
    }

    @Test
    void dryRunChecksEverythingAndChangesNothing() {
        KmsKey k = newKey(kms, ALICE);
        String dry = "The request would have succeeded, but the DryRun option is set.";
        assertFails(
                () -> grants.createGrant(
                        ctx(ALICE),
                        new GrantRequests.CreateGrant(
                                k.keyId(), ROLE, null, List.of("Decrypt"), null, null, null, true)),
                "DryRunOperationException",
                dry);
        assertThat(list(k.keyId())).isEmpty();
        assertCode(
                () -> grants.createGrant(
                        ctx(ALICE),
                        new GrantRequests.CreateGrant(k.keyId(), ROLE, null, List.of("Sign"), null, null, null, true)),
                "ValidationException");
        GrantRequests.CreatedGrant g = grant(k.keyId(), ROLE, "Decrypt");
        assertFails(
                () -> grants.retireGrant(ctx(ALICE), new GrantRequests.RetireGrant(g.grantToken(), null, null, true)),
                "DryRunOperationException",
                dry);
        assertFails(
                () -> grants.revokeGrant(ctx(ALICE), new GrantRequests.RevokeGrant(k.keyId(), g.grantId(), true)),
                "DryRunOperationException",
                dry);
        assertThat(list(k.keyId())).hasSize(1);
    }

    @Test
    void aKeyHoldsAtMostItsQuotaOfGrants() {
        Grants small = new Grants(
                kms.registry(),
                grants.registry(),
                (GrantDecisions) grants.access(),
                Authorizer.ALLOW_ALL,
                GrantPrincipals.SYNTAX_ONLY,
                clock,
                random,
                3);
        KmsKey k = newKey(kms, ALICE);
        for (int i = 0; i < 3; i++) small.createGrant(ctx(ALICE), request(k.keyId(), ROLE, "Decrypt"));
        assertFails(
                () -> small.createGrant(ctx(ALICE), request(k.keyId(), ROLE, "Decrypt")),
                "LimitExceededException",
                "The request was rejected because the KMS key " + k.arn() + " has reached its quota of 3 grants.");
        // Another key has its own quota; a retired grant frees its place.
        KmsKey other = newKey(kms, ALICE);
        small.createGrant(ctx(ALICE), request(other.keyId(), ROLE, "Decrypt"));
        String first = list(k.keyId()).get(0).grant().grantId();
        small.revokeGrant(ctx(ALICE), new GrantRequests.RevokeGrant(k.keyId(), first, false));
        small.createGrant(ctx(ALICE), request(k.keyId(), ROLE, "Decrypt"));
        assertThat(Grants.MAX_GRANTS_PER_KEY).isEqualTo(50_000);
    }

    @Test
    void listGrantsPagesInCreationOrderAndFilters() {
        KmsKey k = newKey(kms, ALICE);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            clock.now = clock.now.plusSeconds(1);
            ids.add(grant(k.keyId(), i % 2 == 0 ? ROLE : USER, "Decrypt").grantId());
        }
        List<String> seen = new ArrayList<>();
        String marker = null;
        int pages = 0;
        do {
            Page<GrantRequests.ListedGrant> p =
                    grants.listGrants(ctx(ALICE), new GrantRequests.ListGrants(k.keyId(), 2, marker, null, null));
            p.items().forEach(l -> seen.add(l.grant().grantId()));
            marker = p.nextMarker();
            assertThat(p.truncated()).isEqualTo(marker != null);
            pages++;
        } while (marker != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).isEqualTo(ids);
        assertThat(grants.listGrants(ctx(ALICE), new GrantRequests.ListGrants(k.keyId(), null, null, null, ROLE))
                        .items())
                .hasSize(3);
        assertThat(grants.listGrants(ctx(ALICE), new GrantRequests.ListGrants(k.keyId(), null, null, ids.get(1), null))
                        .items())
                .extracting(l -> l.grant().grantId())
                .containsExactly(ids.get(1));
        assertFails(
                () -> grants.listGrants(ctx(ALICE), new GrantRequests.ListGrants(k.keyId(), null, null, "nope", null)),
                "InvalidGrantIdException",
                "Invalid grant ID nope.");
        assertFails(
                () -> grants.listGrants(ctx(ALICE), new GrantRequests.ListGrants(k.keyId(), 2, "garbage", null, null)),
                "InvalidMarkerException",
                "The marker that specifies where pagination should next begin is not valid.");
    }

    @Test
    void listRetirableGrantsListsTheCallersRetiringPrincipalsGrantsOnEveryKey() {
        KmsKey k1 = newKey(kms, ALICE);
        KmsKey k2 = newKey(kms, ALICE);
        KmsKey bobs = newKey(kms, BOB);
        for (KmsKey k : List.of(k1, k2)) {
            grants.createGrant(
                    ctx(ALICE),
                    new GrantRequests.CreateGrant(k.keyId(), ROLE, USER, List.of("Decrypt"), null, null, null, false));
        }
        grant(k1.keyId(), ROLE, "Decrypt");
        // A grant on another account's key whose retiring principal is in this account.
        grants.createGrant(
                ctx(BOB),
                new GrantRequests.CreateGrant(bobs.keyId(), ROLE, USER, List.of("Encrypt"), null, null, null, false));
        Page<GrantRequests.ListedGrant> p =
                grants.listRetirableGrants(ctx(ALICE), new GrantRequests.ListRetirableGrants(USER, null, null));
        assertThat(p.items())
                .extracting(GrantRequests.ListedGrant::keyArn)
                .containsExactlyInAnyOrder(k1.arn(), k2.arn(), bobs.arn());
        assertThat(grants.listRetirableGrants(ctx(ALICE), new GrantRequests.ListRetirableGrants(USER, 1, null))
                        .truncated())
                .isTrue();
        assertFails(
                () -> grants.listRetirableGrants(ctx(BOB), new GrantRequests.ListRetirableGrants(USER, null, null)),
                "AccessDeniedException",
                "User: arn:aws:iam::444455556666:root is not authorized to perform: kms:ListRetirableGrants on"
                        + " resource: " + USER);
    }

    @Test
    void retireGrantByTokenOrByKeyAndIdByThePrincipalsAwsAllows() {
        KmsKey k = newKey(kms, ALICE);
        // The retiring principal.
        GrantRequests.CreatedGrant g1 = grants.createGrant(
                ctx(ALICE),
                new GrantRequests.CreateGrant(
                        k.keyId(), ROLE, OTHER_USER, List.of("Decrypt"), null, null, null, false));
        grants.retireGrant(ctx(CAROL), new GrantRequests.RetireGrant(g1.grantToken(), null, null, false));
        // The grantee, when the grant allows RetireGrant (here a role session, by the role's ARN, cross-account).
        GrantRequests.CreatedGrant g2 = grant(k.keyId(), FOREIGN_ROLE, "Decrypt", "RetireGrant");
        grants.retireGrant(ctx(PARTNER), new GrantRequests.RetireGrant(null, k.arn(), g2.grantId(), false));
        // Not the grantee without RetireGrant, in another account.
        GrantRequests.CreatedGrant g3 = grant(k.keyId(), FOREIGN_ROLE, "Decrypt");
        assertFails(
                () -> grants.retireGrant(
                        ctx(PARTNER), new GrantRequests.RetireGrant(g3.grantToken(), null, null, false)),
                "AccessDeniedException",
                "User: arn:aws:sts::444455556666:assumed-role/partner/s1 is not authorized to perform:"
                        + " kms:RetireGrant on resource: " + k.arn());
        // The issuing account: its root, and (as the authorizer allows) its users.
        grants.retireGrant(ctx(ALICE), new GrantRequests.RetireGrant(null, k.keyId(), g3.grantId(), false));
        GrantRequests.CreatedGrant g4 = grant(k.keyId(), ROLE, "Decrypt");
        grants.retireGrant(ctx(ALICE_USER), new GrantRequests.RetireGrant(g4.grantToken(), null, null, false));
        assertThat(list(k.keyId())).isEmpty();

        assertFails(
                () -> grants.retireGrant(ctx(ALICE), new GrantRequests.RetireGrant(g4.grantToken(), null, null, false)),
                "NotFoundException",
                "Grant ID " + g4.grantId() + " does not exist on KMS key " + k.arn() + ".");
        assertFails(
                () -> grants.retireGrant(ctx(ALICE), new GrantRequests.RetireGrant("AQpAnotatoken", null, null, false)),
                "InvalidGrantTokenException",
                "Invalid grant token.");
        assertFails(
                () -> grants.retireGrant(ctx(ALICE), new GrantRequests.RetireGrant(null, k.keyId(), "12ab", false)),
                "InvalidGrantIdException",
                "Invalid grant ID 12ab.");
        assertFails(
                () -> grants.retireGrant(ctx(ALICE), new GrantRequests.RetireGrant(null, null, g4.grantId(), false)),
                "ValidationException",
                "Either GrantToken or both KeyId and GrantId must be specified to identify the grant.");
        String missingKey = "arn:aws:kms:us-east-1:111122223333:key/" + java.util.UUID.randomUUID();
        assertFails(
                () -> grants.retireGrant(
                        ctx(ALICE), new GrantRequests.RetireGrant(null, missingKey, g4.grantId(), false)),
                "NotFoundException",
                "Key '" + missingKey + "' does not exist");
    }

    @Test
    void revokeGrantDeletesAGrantOfTheNamedKey() {
        KmsKey k = newKey(kms, ALICE);
        KmsKey other = newKey(kms, ALICE);
        GrantRequests.CreatedGrant g = grant(k.keyId(), ROLE, "Decrypt");
        assertFails(
                () -> grants.revokeGrant(ctx(ALICE), new GrantRequests.RevokeGrant(other.keyId(), g.grantId(), false)),
                "NotFoundException",
                "Grant ID " + g.grantId() + " does not exist on KMS key " + other.arn() + ".");
        grants.revokeGrant(ctx(ALICE), new GrantRequests.RevokeGrant(k.arn(), g.grantId(), false));
        assertThat(list(k.keyId())).isEmpty();
        assertFails(
                () -> grants.revokeGrant(ctx(ALICE), new GrantRequests.RevokeGrant(k.keyId(), g.grantId(), false)),
                "NotFoundException",
                "Grant ID " + g.grantId() + " does not exist on KMS key " + k.arn() + ".");
    }

    @Test
    void grantsAndTokensSurviveARestart() {
        KmsKey k = newKey(kms, ALICE);
        GrantRequests.CreatedGrant g = grants.createGrant(
                ctx(ALICE),
                new GrantRequests.CreateGrant(
                        k.keyId(), ROLE, USER, List.of("Encrypt"), null, Map.of("a", "b"), "kept", false));
        Grant before = list(k.keyId()).get(0).grant();
        kms.close();
        KmsOperations restarted = KmsOperations.create(store, Authorizer.ALLOW_ALL, clock, random);
        List<GrantRequests.ListedGrant> after = restarted
                .grants()
                .listGrants(ctx(ALICE), new GrantRequests.ListGrants(k.keyId(), null, null, null, null))
                .items();
        assertThat(after).extracting(GrantRequests.ListedGrant::grant).containsExactly(before);
        // The token MAC key is the store's, so tokens made before the restart still name the grant.
        restarted.grants().retireGrant(ctx(ALICE), new GrantRequests.RetireGrant(g.grantToken(), null, null, false));
        assertThat(store.scan(StorageLayout.GRANTS)).isEmpty();
    }

    @Test
    void anotherNodeSeesGrantsAndTheirDeletionOnceItFollowsTheStore() {
        KmsOperations b = KmsOperations.create(store, Authorizer.ALLOW_ALL, clock, random);
        KmsKey k = newKey(kms, ALICE);
        b.registry().refresh();
        GrantRequests.CreatedGrant g = grant(k.keyId(), ROLE, "Decrypt");
        GrantRequests.ListGrants all = new GrantRequests.ListGrants(k.keyId(), null, null, null, null);
        assertThat(b.grants().listGrants(ctx(ALICE), all).items()).isEmpty();
        b.grants().registry().refresh();
        assertThat(b.grants().listGrants(ctx(ALICE), all).items()).hasSize(1);
        // A node that has not seen a grant yet still finds it in the store to retire it.
        GrantRequests.CreatedGrant g2 = grant(k.keyId(), ROLE, "Encrypt");
        b.grants().retireGrant(ctx(ALICE), new GrantRequests.RetireGrant(g2.grantToken(), null, null, false));
        grants.revokeGrant(ctx(ALICE), new GrantRequests.RevokeGrant(k.keyId(), g.grantId(), false));
        b.grants().registry().refresh();
        kms.grants().registry().refresh();
        assertThat(b.grants().listGrants(ctx(ALICE), all).items()).isEmpty();
        assertThat(list(k.keyId())).isEmpty();
    }

    @Test
    void aKeysGrantsAreDeletedWithTheKey() {
        KmsOperations b = KmsOperations.create(store, Authorizer.ALLOW_ALL, clock, random);
        KmsKey k = newKey(kms, ALICE);
        KmsKey kept = newKey(kms, ALICE);
        for (int i = 0; i < 3; i++) grant(k.keyId(), ROLE, "Decrypt");
        grant(kept.keyId(), ROLE, "Decrypt");
        b.registry().refresh();
        b.grants().registry().refresh();
        kms.lifecycle().scheduleKeyDeletion(ctx(ALICE), new LifecycleRequests.ScheduleKeyDeletion(k.keyId(), 7));
        clock.now = clock.now.plus(Duration.ofDays(8));
        assertThat(kms.lifecycle().purgeExpiredKeys()).isEqualTo(1);
        assertThat(store.scan(StorageLayout.grantsPrefix(k.address()))).isEmpty();
        assertThat(store.scan(StorageLayout.GRANTS)).hasSize(1);
        kms.grants().registry().refresh();
        b.grants().registry().refresh();
        assertThat(kms.grants().registry().grantCount()).isEqualTo(1);
        assertThat(b.grants().registry().grantCount()).isEqualTo(1);
    }

    @Test
    void grantIdsAndTokensAreUnique() {
        KmsKey k = newKey(kms, ALICE);
        Set<String> ids = new HashSet<>();
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            GrantRequests.CreatedGrant g = grant(k.keyId(), ROLE, "Decrypt");
            ids.add(g.grantId());
            tokens.add(g.grantToken());
        }
        assertThat(ids).hasSize(20);
        assertThat(tokens).hasSize(20);
    }

    static void assertCode(Runnable r, String code) {
        assertThatThrownBy(r::run)
                .isInstanceOf(dev.trent.core.ServiceException.class)
                .extracting("errorCode")
                .isEqualTo(code);
    }

    static RequestContext withRequest(Caller c, String operation, String json) {
        try {
            return ctx(c).withRequest(operation, dev.trent.core.Json.MAPPER.readTree(json));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
