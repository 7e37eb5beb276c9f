package dev.trent.core.kms;

import static dev.trent.core.kms.KeyRegistryTest.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trent.core.Caller;
import dev.trent.core.RequestContext;
import dev.trent.core.auth.Authorizer;
import dev.trent.core.store.InMemoryStore;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * AWS's rules for alias names, tags and key policies, and the predefined {@code alias/aws/*} aliases, in the core.
 * Where each AWS message comes from is written at the rule: AliasOperations, TagRules, KeyPolicies.
 */
class FidelityRulesTest {
    private static final String ACCOUNT = "111122223333";
    private static final Caller ALICE = new Caller(ACCOUNT, "us-east-1", "arn:aws:iam::" + ACCOUNT + ":root", "AKIA1");
    private static final Caller DEV =
            new Caller(ACCOUNT, "us-east-1", "arn:aws:iam::" + ACCOUNT + ":user/dev", "AKIA3");
    private static final String MALFORMED = "MalformedPolicyDocumentException";

    private final KmsOperations kms = KmsOperations.create(
            new InMemoryStore(), Authorizer.ALLOW_ALL, new KeyOperationsTest.MutableClock(), new SecureRandom());

    private static RequestContext ctx(Caller c) {
        return KeyRegistryTest.ctx(c);
    }

    private KmsKey key() {
        return KeyRegistryTest.newKey(kms, ALICE);
    }

    // ------------------------------------------------------------------ alias names

    @ParameterizedTest
    @ValueSource(strings = {"alias/my:alias", "alias/:alias", "alias/my-alias:", "alias/é", "alias/a b"})
    void aliasNamesHoldOnlyAlphanumericsSlashesUnderscoresAndDashes(String name) {
        KmsKey k = key();
        String message = name + " contains invalid characters for an alias";
        assertFails(
                () -> kms.aliases().createAlias(ctx(ALICE), new AliasRequests.CreateAlias(name, k.keyId())),
                "ValidationException",
                message);
        assertFails(
                () -> kms.aliases().updateAlias(ctx(ALICE), new AliasRequests.UpdateAlias(name, k.keyId())),
                "ValidationException",
                message);
        assertFails(
                () -> kms.aliases().deleteAlias(ctx(ALICE), new AliasRequests.DeleteAlias(name)),
                "ValidationException",
                message);
    }

    @Test
    void aliasNamesMayUseEveryAllowedCharacter() {
        KmsKey k = key();
        kms.aliases().createAlias(ctx(ALICE), new AliasRequests.CreateAlias("alias/Az09/_-x", k.keyId()));
        assertThat(kms.registry()
                        .resolve(ctx(ALICE), KmsActions.ENCRYPT, "alias/Az09/_-x")
                        .key()
                        .keyId())
                .isEqualTo(k.keyId());
    }

    @Test
    void theAwsPrefixStaysReserved() {
        KmsKey k = key();
        String reserved = "The alias prefix alias/aws/ is reserved for AWS managed keys.";
        assertFails(
                () -> kms.aliases().createAlias(ctx(ALICE), new AliasRequests.CreateAlias("alias/aws/s3", k.keyId())),
                "NotAuthorizedException",
                reserved);
        assertFails(
                () -> kms.aliases().updateAlias(ctx(ALICE), new AliasRequests.UpdateAlias("alias/aws/s3", k.keyId())),
                "NotAuthorizedException",
                reserved);
        assertFails(
                () -> kms.aliases().deleteAlias(ctx(ALICE), new AliasRequests.DeleteAlias("alias/aws/s3")),
                "NotAuthorizedException",
                reserved);
    }

    // ------------------------------------------------------------------ predefined aliases

    @Test
    void listAliasesShowsThePredefinedAliasesByNameAmongTheCustomerOnes() {
        KmsKey k = key();
        for (String n : List.of("alias/Zeta", "alias/app", "alias/zz")) {
            kms.aliases().createAlias(ctx(ALICE), new AliasRequests.CreateAlias(n, k.keyId()));
        }
        List<Alias> all = kms.aliases()
                .listAliases(ctx(ALICE), new AliasRequests.ListAliases(null, 100, null))
                .items();
        List<String> expected = new ArrayList<>(List.of("alias/Zeta", "alias/app"));
        expected.addAll(PredefinedAliases.NAMES);
        expected.add("alias/zz");
        assertThat(all).extracting(Alias::name).containsExactlyElementsOf(expected);
        for (Alias a : all) {
            boolean predefined = a.name().startsWith("alias/aws/");
            assertThat(a.targetKeyId() == null).isEqualTo(predefined);
            assertThat(a.creationDate() == null).isEqualTo(predefined);
            assertThat(a.lastUpdatedDate() == null).isEqualTo(predefined);
            assertThat(a.arn("aws")).isEqualTo("arn:aws:kms:us-east-1:" + ACCOUNT + ":" + a.name());
        }
    }

    @Test
    void everyAccountAndRegionHasThemAndPagesWalkThemInOrder() {
        Caller bobWest = new Caller("444455556666", "eu-west-1", "arn:aws:iam::444455556666:root", "AKIA2");
        List<String> seen = new ArrayList<>();
        String marker = null;
        int pages = 0;
        do {
            Page<Alias> p = kms.aliases().listAliases(ctx(bobWest), new AliasRequests.ListAliases(null, 4, marker));
            p.items().forEach(a -> seen.add(a.name()));
            marker = p.nextMarker();
            pages++;
        } while (marker != null);
        assertThat(seen).containsExactlyElementsOf(PredefinedAliases.NAMES);
        assertThat(pages).isEqualTo(4); // 14 aliases, 4 a page
    }

    @Test
    void aKeyIdFilterLeavesThePredefinedAliasesOut() {
        KmsKey k = key();
        kms.aliases().createAlias(ctx(ALICE), new AliasRequests.CreateAlias("alias/app", k.keyId()));
        assertThat(kms.aliases()
                        .listAliases(ctx(ALICE), new AliasRequests.ListAliases(k.keyId(), null, null))
                        .items())
                .extracting(Alias::name)
                .containsExactly("alias/app");
    }

    @Test
    void aPredefinedAliasWithoutAKeyIsNotFound() {
        assertFails(
                () -> kms.cryptography()
                        .encrypt(
                                ctx(ALICE),
                                new CryptoRequests.Encrypt("alias/aws/s3", new byte[] {1}, Map.of(), null, false)),
                "NotFoundException",
                "Alias arn:aws:kms:us-east-1:" + ACCOUNT + ":alias/aws/s3 is not found.");
    }

    // ------------------------------------------------------------------ tags

    private void tag(KmsKey k, Tag... tags) {
        kms.tagsAndPolicies().tagResource(ctx(ALICE), new TagPolicyRequests.TagResource(k.keyId(), List.of(tags)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"aws:key1", "AWS:key1", "Aws:key1", "aWs:"})
    void tagKeysBeginningWithAwsInAnyCaseAreReserved(String tagKey) {
        KmsKey k = key();
        assertFails(() -> tag(k, new Tag(tagKey, "v")), "TagException", "Tags beginning with aws: are reserved");
        assertFails(
                () -> kms.tagsAndPolicies()
                        .untagResource(ctx(ALICE), new TagPolicyRequests.UntagResource(k.keyId(), List.of(tagKey))),
                "TagException",
                "Tags beginning with aws: are reserved");
        assertFails(
                () -> kms.lifecycle()
                        .createKey(
                                ctx(ALICE),
                                new LifecycleRequests.CreateKey(
                                        null,
                                        null,
                                        null,
                                        null,
                                        null,
                                        null,
                                        List.of(new Tag(tagKey, "v")),
                                        null,
                                        null,
                                        null)),
                "TagException",
                "Tags beginning with aws: are reserved");
        tag(k, new Tag("x" + tagKey, "v")); // only as a prefix
    }

    @Test
    void duplicateKeysInOneRequest() {
        KmsKey k = key();
        assertFails(
                () -> tag(k, new Tag("tag1", "value1"), new Tag("tag1", "another-value1")),
                "TagException",
                "Duplicate tag keys");
        // keys are case-sensitive: these are two tags
        tag(k, new Tag("tag1", "a"), new Tag("TAG1", "b"));
    }

    @Test
    void atMostFiftyTags() {
        KmsKey k = key();
        List<Tag> fiftyOne = new ArrayList<>();
        for (int i = 0; i <= 50; i++) fiftyOne.add(new Tag("key" + i, "value" + i));
        assertFails(() -> tag(k, fiftyOne.toArray(Tag[]::new)), "TagException", "Too many tags");
        tag(k, fiftyOne.subList(0, 50).toArray(Tag[]::new));
        tag(k, new Tag("key0", "replaced")); // replacing one keeps 50
        assertFails(() -> tag(k, new Tag("one-more", "v")), "TagException", "Too many tags");
    }

    // ------------------------------------------------------------------ key policies

    private static String policy(String principal, String action) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":" + principal
                + ",\"Action\":" + action + ",\"Resource\":\"*\"}]}";
    }

    private void put(Caller c, KmsKey k, String policy, Boolean bypass) {
        kms.tagsAndPolicies()
                .putKeyPolicy(ctx(c), new TagPolicyRequests.PutKeyPolicy(k.keyId(), "default", policy, bypass));
    }

    private KmsKey create(Caller c, String policy, Boolean bypass) {
        return kms.lifecycle()
                .createKey(
                        ctx(c),
                        new LifecycleRequests.CreateKey(
                                null, null, null, null, null, policy, List.of(), null, null, null, bypass));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"AWS\":\"arn:aws:iam::111122223333:root\"}|\"kms:*\"",
                "{\"AWS\":\"111122223333\"}|\"kms:PutKeyPolicy\"",
                "{\"AWS\":[\"arn:aws:iam::444455556666:root\",\"arn:aws:iam::111122223333:root\"]}|[\"kms:Get*\",\"kms:Put*\"]",
                "\"*\"|\"*\"",
                "{\"AWS\":\"*\"}|\"KMS:putkeypolicy\"",
                "{\"AWS\":\"arn:aws:iam::111122223333:root\"}|\"kms:*Policy\"",
                "{\"AWS\":\"arn:aws:iam::111122223333:root\"}|\"kms:PutKeyPolic?\""
            })
    void aPolicyThatLetsTheCallerPutKeyPolicyPasses(String principalAndAction) {
        String[] pa = principalAndAction.split("\\|");
        String p = policy(pa[0], pa[1]);
        KmsKey k = create(ALICE, p, null);
        assertThat(k.policy()).isEqualTo(p);
        put(ALICE, k, p, false);
    }

    @Test
    void theCallersOwnPrincipalCounts() {
        String p = policy("{\"AWS\":\"arn:aws:iam::111122223333:user/dev\"}", "\"kms:PutKeyPolicy\"");
        KmsKey k = create(DEV, p, null);
        assertFails(() -> put(ALICE, k, p, null), MALFORMED, KeyPolicies.LOCKOUT);
        Caller session = new Caller(ACCOUNT, "us-east-1", "arn:aws:sts::111122223333:assumed-role/admin/s1", "A");
        create(session, policy("{\"AWS\":\"arn:aws:iam::111122223333:role/admin\"}", "\"kms:*\""), null);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                // another account's root
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                        + "\"arn:aws:iam::444455556666:root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}",
                // not PutKeyPolicy
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                        + "\"arn:aws:iam::111122223333:root\"},\"Action\":[\"kms:Encrypt\",\"kms:Get*\"],"
                        + "\"Resource\":\"*\"}]}",
                // only a Deny
                "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Deny\",\"Principal\":\"*\","
                        + "\"Action\":\"kms:*\",\"Resource\":\"*\"}}",
                // a service principal is not the caller
                "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"logs.amazonaws.com\"},"
                        + "\"Action\":\"kms:*\",\"Resource\":\"*\"}]}",
                // no Resource: AWS documents such a statement has no effect
                "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"kms:*\"}]}",
                // NotAction naming it
                "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"NotAction\":\"kms:Put*\","
                        + "\"Resource\":\"*\"}]}",
                // no statements
                "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
            })
    void aPolicyThatWouldLockTheCallerOutIsRefusedUnlessBypassed(String p) {
        assertFails(() -> create(ALICE, p, null), MALFORMED, KeyPolicies.LOCKOUT);
        assertFails(() -> create(ALICE, p, false), MALFORMED, KeyPolicies.LOCKOUT);
        KmsKey k = key();
        assertFails(() -> put(ALICE, k, p, null), MALFORMED, KeyPolicies.LOCKOUT);
        assertThat(kms.registry()
                        .resolve(ctx(ALICE), KmsActions.DESCRIBE_KEY, k.keyId())
                        .key()
                        .policy())
                .isEqualTo(KeyPolicies.defaultPolicy(ALICE));

        assertThat(create(ALICE, p, true).policy()).isEqualTo(p);
        put(ALICE, k, p, true);
        assertThat(kms.registry()
                        .resolve(ctx(ALICE), KmsActions.DESCRIBE_KEY, k.keyId())
                        .key()
                        .policy())
                .isEqualTo(p);
    }

    @Test
    void notActionWithoutPutKeyPolicyCounts() {
        create(
                ALICE,
                "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"111122223333\"},"
                        + "\"NotAction\":[\"kms:Decrypt\"],\"Resource\":\"*\"}]}",
                null);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{not json|The policy document is not valid JSON.",
                "{\"Statement\":[]} {}|The policy document is not valid JSON.",
                "[]|The policy document must be a JSON object with a Statement.",
                "\"text\"|The policy document must be a JSON object with a Statement.",
                "{\"Version\":\"2012-10-17\"}|The policy document must be a JSON object with a Statement.",
                "{\"Version\":\"2013-01-01\",\"Statement\":[]}"
                        + "|The policy document's Version must be \"2012-10-17\" or \"2008-10-17\", not \"2013-01-01\".",
                "{\"Version\":20121017,\"Statement\":[]}"
                        + "|The policy document's Version must be \"2012-10-17\" or \"2008-10-17\", not 20121017.",
                "{\"Statement\":\"Allow\"}"
                        + "|The policy document's Statement must be a statement object or an array of them.",
                "{\"Statement\":null}"
                        + "|The policy document's Statement must be a statement object or an array of them.",
                "{\"Statement\":[\"Allow\"]}|Statement 1 of the policy document is not a JSON object.",
                "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\"},"
                        + "{\"Effect\":\"allow\"}]}"
                        + "|Statement 2 of the policy document has the Effect \"allow\"; the Effect must be \"Allow\""
                        + " or \"Deny\".",
                "{\"Statement\":{\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\"}}"
                        + "|Statement 1 of the policy document has no Effect; the Effect must be \"Allow\" or \"Deny\".",
                // AWS KMS: "MalformedPolicyDocumentException: Policy contains a statement with no principal."
                "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"kms:*\",\"Resource\":\"*\"}]}"
                        + "|Policy contains a statement with no principal.",
                "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:group/g\"},"
                        + "\"Action\":\"kms:*\",\"Resource\":\"*\"}]}"
                        + "|Policy contains a statement with one or more invalid principals."
            })
    void malformedPoliciesAreRefusedEvenWithTheBypass(String policyAndMessage) {
        String[] pm = policyAndMessage.split("\\|");
        KmsKey k = key();
        for (Boolean bypass : new Boolean[] {null, true}) {
            assertFails(() -> create(ALICE, pm[0], bypass), MALFORMED, pm[1]);
            assertFails(() -> put(ALICE, k, pm[0], bypass), MALFORMED, pm[1]);
        }
    }

    @Test
    void bothPolicyLanguageVersionsAndNoVersionAreWellFormed() {
        for (String v : new String[] {"\"Version\":\"2012-10-17\",", "\"Version\":\"2008-10-17\",", ""}) {
            create(
                    ALICE,
                    "{" + v + "\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"kms:*\","
                            + "\"Resource\":\"*\"}}",
                    null);
        }
    }
}
