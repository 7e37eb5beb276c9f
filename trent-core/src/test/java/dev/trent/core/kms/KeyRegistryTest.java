package dev.trent.core.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trent.core.Caller;
import dev.trent.core.RequestContext;
import dev.trent.core.ServiceException;
import dev.trent.core.auth.Authorizer;
import dev.trent.core.store.InMemoryStore;
import dev.trent.crypto.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Resolution of ids, ARNs and aliases, and the authorizer, through the registry. */
class KeyRegistryTest {
    static final Caller ALICE = new Caller("111122223333", "us-east-1", "arn:aws:iam::111122223333:root", "AKIA1");
    static final Caller ALICE_WEST = new Caller("111122223333", "us-west-2", "arn:aws:iam::111122223333:root", "AKIA1");
    static final Caller BOB = new Caller("444455556666", "us-east-1", "arn:aws:iam::444455556666:root", "AKIA2");

    private final InMemoryStore store = new InMemoryStore();
    private final KeyOperationsTest.MutableClock clock = new KeyOperationsTest.MutableClock();
    private final SecureRandom random = new SecureRandom();

    static RequestContext ctx(Caller c) {
        return RequestContext.internal(c, Instant.parse("2026-11-23T10:00:00Z"));
    }

    private KmsOperations node(Authorizer authorizer) {
        return KmsOperations.create(store, authorizer, clock, random);
    }

    static KmsKey newKey(KmsOperations n, Caller c) {
        return n.lifecycle().createKey(ctx(c), LifecycleRequests.CreateKey.withDescription("test"));
    }

    static void alias(KmsOperations n, Caller c, String name, KmsKey target) {
        n.aliases().createAlias(ctx(c), new AliasRequests.CreateAlias(name, target.keyId()));
    }

    static void assertFails(Runnable r, String code, String message) {
        assertThatThrownBy(r::run)
                .isInstanceOf(ServiceException.class)
                .hasMessage(message)
                .extracting("errorCode")
                .isEqualTo(code);
    }

    @Test
    void resolvesKeyIdsKeyArnsAliasNamesAndAliasArns() {
        KmsOperations n = node(Authorizer.ALLOW_ALL);
        KmsKey k = newKey(n, ALICE);
        alias(n, ALICE, "alias/app/primary", k);
        KeyRegistry r = n.registry();
        for (String ref : List.of(
                k.keyId(),
                k.keyId().toUpperCase(java.util.Locale.ROOT),
                k.arn(),
                "alias/app/primary",
                "arn:aws:kms:us-east-1:111122223333:alias/app/primary")) {
            assertThat(r.resolve(ctx(ALICE), KmsActions.DESCRIBE_KEY, ref).key())
                    .as(ref)
                    .isEqualTo(k);
        }
        assertThat(r.resolveKey(ctx(ALICE), KmsActions.DESCRIBE_KEY, k.arn()).key())
                .isEqualTo(k);
        assertFails(
                () -> r.resolveKey(ctx(ALICE), KmsActions.DESCRIBE_KEY, "alias/app/primary"),
                "NotFoundException",
                "Invalid keyId 'alias/app/primary'");
    }

    @Test
    void answersWhatAwsAnswersForWhatItCannotResolve() {
        KmsOperations n = node(Authorizer.ALLOW_ALL);
        KmsKey k = newKey(n, ALICE);
        KeyRegistry r = n.registry();
        String missing = "0b5c2d7e-0000-4000-8000-000000000000";
        String action = KmsActions.DESCRIBE_KEY;
        assertFails(() -> r.resolve(ctx(ALICE), action, null), "ValidationException", "KeyId is required.");
        assertFails(() -> r.resolve(ctx(ALICE), action, ""), "ValidationException", "KeyId is required.");
        assertFails(
                () -> r.resolve(ctx(ALICE), action, "fake-key-id"), "NotFoundException", "Invalid keyId 'fake-key-id'");
        assertFails(
                () -> r.resolve(ctx(ALICE), action, missing),
                "NotFoundException",
                "Key 'arn:aws:kms:us-east-1:111122223333:key/" + missing + "' does not exist");
        assertFails(
                () -> r.resolve(ctx(ALICE), action, "alias/nope"),
                "NotFoundException",
                "Alias arn:aws:kms:us-east-1:111122223333:alias/nope is not found.");
        assertFails(
                () -> r.resolve(ctx(ALICE), action, "arn:aws:s3:::bucket"),
                "NotFoundException",
                "Invalid arn arn:aws:s3:::bucket");
        assertFails(
                () -> r.resolve(ctx(ALICE), action, "arn:aws:kms:us-east-1:111122223333:grant/x"),
                "NotFoundException",
                "Invalid arn arn:aws:kms:us-east-1:111122223333:grant/x");
        // a partition that is not the caller's (or not a partition at all) names no key
        String evil = k.arn().replaceFirst("^arn:aws:", "arn:evil:");
        assertFails(() -> r.resolve(ctx(ALICE), action, evil), "NotFoundException", "Invalid arn " + evil);
        String china = k.arn().replaceFirst("^arn:aws:", "arn:aws-cn:");
        assertFails(() -> r.resolve(ctx(ALICE), action, china), "NotFoundException", "Invalid arn " + china);
        // another Region: by id the key does not exist there, by ARN the ARN is invalid there
        assertFails(
                () -> r.resolve(ctx(ALICE_WEST), action, k.keyId()),
                "NotFoundException",
                "Key 'arn:aws:kms:us-west-2:111122223333:key/" + k.keyId() + "' does not exist");
        assertFails(() -> r.resolve(ctx(ALICE_WEST), action, k.arn()), "NotFoundException", "Invalid arn us-east-1");
        // another account: by id it does not exist, by ARN it exists but is not Bob's to use
        assertFails(
                () -> r.resolve(ctx(BOB), action, k.keyId()),
                "NotFoundException",
                "Key 'arn:aws:kms:us-east-1:444455556666:key/" + k.keyId() + "' does not exist");
        assertFails(
                () -> r.resolve(ctx(BOB), action, k.arn()),
                "AccessDeniedException",
                "User: arn:aws:iam::444455556666:root is not authorized to perform: kms:* on resource: " + k.arn()
                        + " because no resource-based policy allows the kms:* action");
    }

    @Test
    void multiRegionIdsResolveToTheReplicaOfTheCallersRegion() {
        KmsOperations n = node(Authorizer.ALLOW_ALL);
        KeyId mrk = KeyId.parse("mrk-1234abcd12ab34cd56ef1234567890ab");
        KmsKey east = replica(mrk, "us-east-1");
        KmsKey west = replica(mrk, "us-west-2");
        n.registry().createKey(east, KeyMaterials.of(1, material()));
        n.registry().createKey(west, KeyMaterials.of(1, material()));
        assertThat(n.registry()
                        .resolve(ctx(ALICE), KmsActions.DESCRIBE_KEY, mrk.value())
                        .key())
                .isEqualTo(east);
        assertThat(n.registry()
                        .resolve(ctx(ALICE_WEST), KmsActions.DESCRIBE_KEY, west.arn())
                        .key())
                .isEqualTo(west);
        assertThat(store.raw())
                .containsKeys(
                        "kms/keys/111122223333/us-east-1/" + mrk,
                        "kms/keys/111122223333/us-west-2/" + mrk,
                        "kms/material/111122223333/us-east-1/" + mrk + "/1",
                        "kms/material/111122223333/us-west-2/" + mrk + "/1");
        String other = "mrk-00000000000000000000000000000000";
        assertFails(
                () -> n.registry().resolve(ctx(ALICE), KmsActions.DESCRIBE_KEY, other),
                "NotFoundException",
                "Key 'arn:aws:kms:us-east-1:111122223333:key/" + other + "' does not exist");
        KmsOperations reloaded = node(Authorizer.ALLOW_ALL);
        assertThat(reloaded.registry().keys("111122223333", "us-west-2")).containsExactly(west);
    }

    private KmsKey replica(KeyId id, String region) {
        return KmsKey.builder()
                .id(id)
                .accountId("111122223333")
                .region(region)
                .partition("aws")
                .creationDate(clock.now)
                .description("replica")
                .state(KeyState.Enabled)
                .keySpec(KeySpec.SYMMETRIC_DEFAULT)
                .keyUsage(KeyUsage.ENCRYPT_DECRYPT)
                .origin(Origin.AWS_KMS)
                .policy("{}")
                .materials(List.of(new KeyMaterialInfo(1, "00", clock.now)))
                .build();
    }

    private KeyMaterial material() {
        return new KeyMaterial.Symmetric(SecretBytes.random(random, 32));
    }

    @Test
    void theAuthorizerIsAskedWithTheActionBeforeTheOperationRuns() {
        List<String> asked = Collections.synchronizedList(new ArrayList<>());
        Authorizer noDecrypt = (ctx, action, key) -> {
            asked.add(action);
            if (action.equals(KmsActions.DECRYPT)) {
                throw new ServiceException(
                        "AccessDeniedException", 400, "denied " + action + " on " + key.arn() + " by test");
            }
        };
        KmsOperations n = node(noDecrypt);
        KmsKey k = newKey(n, ALICE);
        byte[] plaintext = "secret".getBytes(StandardCharsets.UTF_8);
        byte[] blob = n.cryptography()
                .encrypt(ctx(ALICE), new CryptoRequests.Encrypt(k.keyId(), plaintext, Map.of(), null, false))
                .ciphertextBlob();
        assertFails(
                () -> n.cryptography()
                        .decrypt(ctx(ALICE), new CryptoRequests.Decrypt(blob, Map.of(), null, null, false)),
                "AccessDeniedException",
                "denied kms:Decrypt on " + k.arn() + " by test");
        assertFails(
                () -> n.cryptography()
                        .decrypt(ctx(ALICE), new CryptoRequests.Decrypt(blob, Map.of(), k.keyId(), null, false)),
                "AccessDeniedException",
                "denied kms:Decrypt on " + k.arn() + " by test");
        // ReEncrypt asks for kms:ReEncryptFrom and kms:ReEncryptTo, not kms:Decrypt
        n.cryptography()
                .reEncrypt(
                        ctx(ALICE),
                        new CryptoRequests.ReEncrypt(blob, Map.of(), null, k.keyId(), Map.of(), null, null, false));
        n.lifecycle().disableKey(ctx(ALICE), new LifecycleRequests.DisableKey(k.keyId()));
        n.aliases().listAliases(ctx(ALICE), new AliasRequests.ListAliases(k.keyId(), null, null));
        assertThat(asked)
                .containsExactly(
                        KmsActions.ENCRYPT,
                        KmsActions.DECRYPT,
                        KmsActions.DECRYPT,
                        KmsActions.RE_ENCRYPT_FROM,
                        KmsActions.RE_ENCRYPT_TO,
                        KmsActions.DISABLE_KEY,
                        KmsActions.LIST_ALIASES);
    }

    @Test
    void aCiphertextOfAnotherAccountsKeyIsAccessDeniedAndOfAnotherRegionInvalid() {
        KmsOperations n = node(Authorizer.ALLOW_ALL);
        KmsKey k = newKey(n, ALICE);
        byte[] blob = n.cryptography()
                .encrypt(ctx(ALICE), new CryptoRequests.Encrypt(k.keyId(), new byte[] {1}, Map.of(), null, false))
                .ciphertextBlob();
        assertFails(
                () -> n.cryptography().decrypt(ctx(BOB), new CryptoRequests.Decrypt(blob, Map.of(), null, null, false)),
                "AccessDeniedException",
                "User: arn:aws:iam::444455556666:root is not authorized to perform: kms:Decrypt on resource: " + k.arn()
                        + " because no resource-based policy allows the kms:Decrypt action");
        assertThatThrownBy(() -> n.cryptography()
                        .decrypt(ctx(ALICE_WEST), new CryptoRequests.Decrypt(blob, Map.of(), null, null, false)))
                .extracting("errorCode")
                .isEqualTo("InvalidCiphertextException");
    }

    @Test
    void aCiphertextWhoseHeaderNamesAnAsymmetricOrHmacKeyIsInvalidNotAnInternalError() {
        KmsOperations n = node(Authorizer.ALLOW_ALL);
        KmsKey k = newKey(n, ALICE);
        byte[] blob = n.cryptography()
                .encrypt(ctx(ALICE), new CryptoRequests.Encrypt(k.keyId(), new byte[] {1}, Map.of(), null, false))
                .ciphertextBlob();
        for (String spec : List.of("RSA_2048", "HMAC_256")) {
            KmsKey other = n.lifecycle()
                    .createKey(
                            ctx(ALICE),
                            new LifecycleRequests.CreateKey(
                                    null,
                                    spec.startsWith("RSA") ? KeyUsage.ENCRYPT_DECRYPT : KeyUsage.GENERATE_VERIFY_MAC,
                                    KeySpec.fromWire(spec),
                                    null,
                                    null,
                                    null,
                                    null,
                                    null,
                                    null,
                                    null,
                                    null));
            byte[] renamed = blob.clone();
            java.nio.ByteBuffer.wrap(renamed, 1, 16)
                    .putLong(other.id().uuid().getMostSignificantBits())
                    .putLong(other.id().uuid().getLeastSignificantBits());
            // the RSA key is an encryption key (the blob is no ciphertext of it); the HMAC key cannot decrypt at all
            assertThatThrownBy(() -> n.cryptography()
                            .decrypt(ctx(ALICE), new CryptoRequests.Decrypt(renamed, Map.of(), null, null, false)))
                    .isInstanceOfSatisfying(
                            ServiceException.class,
                            e -> assertThat(e.errorCode())
                                    .isEqualTo(
                                            spec.startsWith("RSA")
                                                    ? "InvalidCiphertextException"
                                                    : "InvalidKeyUsageException"));
        }
    }
}
