package dev.trent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.trent.server.ServerConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.AlreadyExistsException;
import software.amazon.awssdk.services.kms.model.CustomerMasterKeySpec;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.DryRunOperationException;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.EncryptionAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyWithoutPlaintextResponse;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.KeyListEntry;
import software.amazon.awssdk.services.kms.model.KeyManagerType;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.ListKeysResponse;
import software.amazon.awssdk.services.kms.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.OriginType;
import software.amazon.awssdk.services.kms.model.ReEncryptResponse;
import software.amazon.awssdk.services.kms.model.ScheduleKeyDeletionResponse;
import software.amazon.awssdk.services.kms.model.Tag;
import software.amazon.awssdk.services.kms.model.TagException;

/**
 * The KMS operations Trent implements, through the AWS SDK for Java v2, asserting AWS behaviour (AWS KMS API
 * Reference for each operation; error wording from responses recorded against AWS where noted).
 */
class KmsOperationsTest {
    @TempDir
    static Path dir;

    static RunningTrent trent;
    static KmsClient kms;
    static String account;

    static final SdkBytes SECRET = SdkBytes.fromString("attack at dawn", StandardCharsets.UTF_8);

    @BeforeAll
    static void start() {
        trent = new RunningTrent(dir);
        kms = trent.kms();
        account = trent.admin().accountId();
    }

    @AfterAll
    static void stop() {
        if (kms != null) kms.close();
        if (trent != null) trent.close();
    }

    static String newKey(KmsClient k, String description) {
        return k.createKey(b -> b.description(description)).keyMetadata().keyId();
    }

    static String rootPolicy(String accountId) {
        return "{\"Version\":\"2012-10-17\",\"Id\":\"custom\",\"Statement\":[{\"Sid\":\"root\",\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":\"arn:aws:iam::" + accountId
                + ":root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}";
    }

    static String errorCode(Throwable e) {
        return ((KmsException) e).awsErrorDetails().errorCode();
    }

    static String errorMessage(Throwable e) {
        return ((KmsException) e).awsErrorDetails().errorMessage();
    }

    // ------------------------------------------------------------------ CreateKey, DescribeKey, ListKeys

    @Test
    void createKeyWithTagsAndPolicy() {
        String policy = rootPolicy(account);
        KeyMetadata m = kms.createKey(b -> b.description("tagged")
                        .policy(policy)
                        .tags(
                                Tag.builder()
                                        .tagKey("team")
                                        .tagValue("payments")
                                        .build(),
                                Tag.builder().tagKey("env").tagValue("test").build()))
                .keyMetadata();
        assertThat(kms.listResourceTags(b -> b.keyId(m.keyId())).tags())
                .extracting(Tag::tagKey, Tag::tagValue)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("team", "payments"),
                        org.assertj.core.groups.Tuple.tuple("env", "test"));
        assertThat(kms.getKeyPolicy(b -> b.keyId(m.keyId()).policyName("default"))
                        .policy())
                .isEqualTo(policy);
    }

    @Test
    void keyMetadataHasEveryAwsField() {
        Instant before = Instant.now().minusSeconds(5);
        KeyMetadata m = kms.createKey(b -> b.description("fields")).keyMetadata();
        assertThat(m.awsAccountId()).isEqualTo(account);
        assertThat(m.keyId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(m.arn()).isEqualTo("arn:aws:kms:us-east-1:" + account + ":key/" + m.keyId());
        assertThat(m.creationDate()).isBetween(before, Instant.now().plusSeconds(5));
        assertThat(m.enabled()).isTrue();
        assertThat(m.description()).isEqualTo("fields");
        assertThat(m.keyUsage()).isEqualTo(KeyUsageType.ENCRYPT_DECRYPT);
        assertThat(m.keyState()).isEqualTo(KeyState.ENABLED);
        assertThat(m.origin()).isEqualTo(OriginType.AWS_KMS);
        assertThat(m.keyManager()).isEqualTo(KeyManagerType.CUSTOMER);
        assertThat(m.keySpec()).isEqualTo(KeySpec.SYMMETRIC_DEFAULT);
        assertThat(m.customerMasterKeySpec()).isEqualTo(CustomerMasterKeySpec.SYMMETRIC_DEFAULT);
        assertThat(m.encryptionAlgorithms()).containsExactly(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT);
        assertThat(m.multiRegion()).isFalse();
        assertThat(m.deletionDate()).isNull();
        assertThat(m.pendingDeletionWindowInDays()).isNull();
        assertThat(m.hasSigningAlgorithms()).isFalse();

        // DescribeKey says the same
        KeyMetadata d = kms.describeKey(b -> b.keyId(m.keyId())).keyMetadata();
        assertThat(d).isEqualTo(m);

        // pending deletion: DeletionDate appears, Enabled is false
        kms.scheduleKeyDeletion(b -> b.keyId(m.keyId()).pendingWindowInDays(9));
        KeyMetadata p = kms.describeKey(b -> b.keyId(m.keyId())).keyMetadata();
        assertThat(p.keyState()).isEqualTo(KeyState.PENDING_DELETION);
        assertThat(p.enabled()).isFalse();
        assertThat(p.deletionDate()).isCloseTo(Instant.now().plus(9, ChronoUnit.DAYS), within(5, ChronoUnit.MINUTES));

        // and disappears again when the deletion is cancelled
        kms.cancelKeyDeletion(b -> b.keyId(m.keyId()));
        KeyMetadata c = kms.describeKey(b -> b.keyId(m.keyId())).keyMetadata();
        assertThat(c.deletionDate()).isNull();
        assertThat(c.pendingDeletionWindowInDays()).isNull();
    }

    /**
     * API Reference, KeyMetadata.PendingDeletionWindowInDays: "This value is present only when the KeyState of the
     * KMS key is PendingReplicaDeletion" (a multi-Region primary with replicas). A single-Region key pending
     * deletion shows only DeletionDate.
     */
    @Test
    void pendingDeletionWindowInDaysOnlyForMultiRegionPrimaries() {
        String id = newKey(kms, "window");
        kms.scheduleKeyDeletion(b -> b.keyId(id).pendingWindowInDays(7));
        KeyMetadata p = kms.describeKey(b -> b.keyId(id)).keyMetadata();
        assertThat(p.deletionDate()).isNotNull();
        assertThat(p.pendingDeletionWindowInDays()).isNull();
    }

    @Test
    void describeKeyByIdArnAliasNameAndAliasArn() {
        String id = newKey(kms, "lookup");
        String arn = "arn:aws:kms:us-east-1:" + account + ":key/" + id;
        kms.createAlias(b -> b.aliasName("alias/lookup").targetKeyId(id));
        for (String ref : List.of(id, arn, "alias/lookup", "arn:aws:kms:us-east-1:" + account + ":alias/lookup")) {
            assertThat(kms.describeKey(b -> b.keyId(ref)).keyMetadata().keyId())
                    .as(ref)
                    .isEqualTo(id);
        }
        assertThatThrownBy(() -> kms.describeKey(b -> b.keyId("alias/nope"))).isInstanceOf(NotFoundException.class);
        String missing = "0b5c2d7e-0000-4000-8000-000000000000";
        assertThatThrownBy(() -> kms.describeKey(b -> b.keyId(missing)))
                .isInstanceOf(NotFoundException.class)
                .satisfies(e -> assertThat(errorMessage(e))
                        .isEqualTo("Key 'arn:aws:kms:us-east-1:" + account + ":key/" + missing + "' does not exist"));
        assertThatThrownBy(() -> kms.describeKey(b -> b.keyId("fake-key-id")))
                .isInstanceOf(NotFoundException.class)
                .satisfies(e -> assertThat(errorMessage(e)).isEqualTo("Invalid keyId 'fake-key-id'"));
    }

    @Test
    void listKeysPagesWithLimitAndMarker() {
        // a region of its own, so other tests' keys don't show up
        try (KmsClient k = trent.kms(Region.AP_SOUTHEAST_2)) {
            List<String> created = new ArrayList<>();
            for (int i = 0; i < 7; i++) created.add(newKey(k, "page " + i));

            List<List<String>> pages = new ArrayList<>();
            for (ListKeysResponse page : k.listKeysPaginator(b -> b.limit(3))) {
                pages.add(page.keys().stream().map(KeyListEntry::keyId).toList());
                page.keys()
                        .forEach(e -> assertThat(e.keyArn())
                                .isEqualTo("arn:aws:kms:ap-southeast-2:" + account + ":key/" + e.keyId()));
            }
            assertThat(pages).extracting(List::size).containsExactly(3, 3, 1);
            assertThat(pages.stream().flatMap(List::stream).toList()).containsExactlyInAnyOrderElementsOf(created);

            ListKeysResponse first = k.listKeys(b -> b.limit(3));
            assertThat(first.truncated()).isTrue();
            assertThat(first.nextMarker()).isNotBlank();
            ListKeysResponse second = k.listKeys(b -> b.limit(3).marker(first.nextMarker()));
            assertThat(second.keys())
                    .extracting(KeyListEntry::keyId)
                    .doesNotContainAnyElementsOf(
                            first.keys().stream().map(KeyListEntry::keyId).toList());
            ListKeysResponse all = k.listKeys(b -> b.limit(100));
            assertThat(all.truncated()).isFalse();
            assertThat(all.nextMarker()).isNull();
            assertThat(all.keys()).hasSize(7);
            assertThat(k.listKeys(b -> b.build()).keys()).hasSize(7);
        }
    }

    // ------------------------------------------------------------------ cryptographic operations

    @Test
    void encryptAndDecryptWithAndWithoutKeyId() {
        String id = newKey(kms, "crypto");
        String other = newKey(kms, "other");
        String arn = "arn:aws:kms:us-east-1:" + account + ":key/" + id;
        Map<String, String> ctx = Map.of("app", "billing", "tenant", "42");
        EncryptResponse enc = kms.encrypt(b -> b.keyId(id).plaintext(SECRET).encryptionContext(ctx));
        assertThat(enc.keyId()).isEqualTo(arn);
        assertThat(enc.encryptionAlgorithm()).isEqualTo(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT);

        DecryptResponse plain =
                kms.decrypt(b -> b.ciphertextBlob(enc.ciphertextBlob()).encryptionContext(ctx));
        assertThat(plain.plaintext()).isEqualTo(SECRET);
        assertThat(plain.keyId()).isEqualTo(arn);
        assertThat(plain.encryptionAlgorithm()).isEqualTo(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT);

        for (String ref : List.of(id, arn)) {
            assertThat(kms.decrypt(b -> b.ciphertextBlob(enc.ciphertextBlob())
                                    .encryptionContext(ctx)
                                    .keyId(ref))
                            .plaintext())
                    .isEqualTo(SECRET);
        }
        assertThatThrownBy(() -> kms.decrypt(b -> b.ciphertextBlob(enc.ciphertextBlob())
                        .encryptionContext(ctx)
                        .keyId(other)))
                .isInstanceOf(IncorrectKeyException.class);
        // the context is bound
        assertThatThrownBy(() -> kms.decrypt(b -> b.ciphertextBlob(enc.ciphertextBlob())))
                .isInstanceOf(InvalidCiphertextException.class);
        assertThatThrownBy(() -> kms.decrypt(
                        b -> b.ciphertextBlob(enc.ciphertextBlob()).encryptionContext(Map.of("app", "billing"))))
                .isInstanceOf(InvalidCiphertextException.class);
        // a damaged blob
        byte[] damaged = enc.ciphertextBlob().asByteArray();
        damaged[damaged.length - 1] ^= 1;
        assertThatThrownBy(() -> kms.decrypt(
                        b -> b.ciphertextBlob(SdkBytes.fromByteArray(damaged)).encryptionContext(ctx)))
                .isInstanceOf(InvalidCiphertextException.class);
        // the same plaintext encrypts differently every time
        assertThat(kms.encrypt(b -> b.keyId(id).plaintext(SECRET).encryptionContext(ctx))
                        .ciphertextBlob())
                .isNotEqualTo(enc.ciphertextBlob());
    }

    @Test
    void reEncryptMovesACiphertextToAnotherKeyAndContext() {
        String src = newKey(kms, "source");
        String dst = newKey(kms, "destination");
        Map<String, String> a = Map.of("stage", "one");
        Map<String, String> b2 = Map.of("stage", "two");
        SdkBytes blob = kms.encrypt(b -> b.keyId(src).plaintext(SECRET).encryptionContext(a))
                .ciphertextBlob();

        ReEncryptResponse r = kms.reEncrypt(b -> b.ciphertextBlob(blob)
                .sourceEncryptionContext(a)
                .destinationKeyId(dst)
                .destinationEncryptionContext(b2));
        assertThat(r.sourceKeyId()).isEqualTo("arn:aws:kms:us-east-1:" + account + ":key/" + src);
        assertThat(r.keyId()).isEqualTo("arn:aws:kms:us-east-1:" + account + ":key/" + dst);
        assertThat(r.sourceEncryptionAlgorithm()).isEqualTo(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT);
        assertThat(r.destinationEncryptionAlgorithm()).isEqualTo(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT);

        DecryptResponse d =
                kms.decrypt(b -> b.ciphertextBlob(r.ciphertextBlob()).encryptionContext(b2));
        assertThat(d.plaintext()).isEqualTo(SECRET);
        assertThat(d.keyId()).endsWith(dst);
        assertThatThrownBy(() ->
                        kms.decrypt(b -> b.ciphertextBlob(r.ciphertextBlob()).encryptionContext(a)))
                .isInstanceOf(InvalidCiphertextException.class);
        // the wrong source context
        assertThatThrownBy(() -> kms.reEncrypt(
                        b -> b.ciphertextBlob(blob).sourceEncryptionContext(b2).destinationKeyId(dst)))
                .isInstanceOf(InvalidCiphertextException.class);
        // SourceKeyId that is not the key of the ciphertext
        assertThatThrownBy(() -> kms.reEncrypt(b -> b.ciphertextBlob(blob)
                        .sourceEncryptionContext(a)
                        .sourceKeyId(dst)
                        .destinationKeyId(dst)))
                .isInstanceOf(IncorrectKeyException.class);
        // to an alias
        kms.createAlias(b -> b.aliasName("alias/reencrypt-target").targetKeyId(dst));
        ReEncryptResponse viaAlias = kms.reEncrypt(
                b -> b.ciphertextBlob(blob).sourceEncryptionContext(a).destinationKeyId("alias/reencrypt-target"));
        assertThat(viaAlias.keyId()).endsWith(dst);
    }

    @Test
    void generateDataKeyWithKeySpecOrNumberOfBytes() {
        String id = newKey(kms, "data keys");
        Map<String, String> ctx = Map.of("purpose", "dek");
        for (Object[] c : new Object[][] {{DataKeySpec.AES_128, 16}, {DataKeySpec.AES_256, 32}}) {
            GenerateDataKeyResponse r = kms.generateDataKey(
                    b -> b.keyId(id).keySpec((DataKeySpec) c[0]).encryptionContext(ctx));
            assertThat(r.plaintext().asByteArray()).hasSize((Integer) c[1]);
            assertThat(r.keyId()).isEqualTo("arn:aws:kms:us-east-1:" + account + ":key/" + id);
            assertThat(kms.decrypt(b -> b.ciphertextBlob(r.ciphertextBlob()).encryptionContext(ctx))
                            .plaintext())
                    .isEqualTo(r.plaintext());
        }
        for (int n : new int[] {1, 64, 1024}) {
            GenerateDataKeyResponse r = kms.generateDataKey(b -> b.keyId(id).numberOfBytes(n));
            assertThat(r.plaintext().asByteArray()).hasSize(n);
            assertThat(kms.decrypt(b -> b.ciphertextBlob(r.ciphertextBlob())).plaintext())
                    .isEqualTo(r.plaintext());
        }
        assertThat(kms.generateDataKey(b -> b.keyId(id).keySpec(DataKeySpec.AES_256))
                        .plaintext())
                .isNotEqualTo(kms.generateDataKey(b -> b.keyId(id).keySpec(DataKeySpec.AES_256))
                        .plaintext());
    }

    @Test
    void generateDataKeyNeedsExactlyOneOfKeySpecAndNumberOfBytes() {
        String id = newKey(kms, "one of");
        assertThatThrownBy(() -> kms.generateDataKey(
                        b -> b.keyId(id).keySpec(DataKeySpec.AES_256).numberOfBytes(32)))
                .isInstanceOf(KmsException.class)
                .satisfies(e -> assertThat(errorCode(e)).isEqualTo("ValidationException"));
        assertThatThrownBy(() -> kms.generateDataKey(b -> b.keyId(id)))
                .isInstanceOf(KmsException.class)
                .satisfies(e -> assertThat(errorCode(e)).isEqualTo("ValidationException"));
        assertThatThrownBy(() -> kms.generateDataKeyWithoutPlaintext(b -> b.keyId(id)))
                .isInstanceOf(KmsException.class)
                .satisfies(e -> assertThat(errorCode(e)).isEqualTo("ValidationException"));
    }

    @Test
    void generateDataKeyWithoutPlaintextThenDecrypt() {
        String id = newKey(kms, "without plaintext");
        for (Object[] c : new Object[][] {{DataKeySpec.AES_128, 16}, {DataKeySpec.AES_256, 32}}) {
            GenerateDataKeyWithoutPlaintextResponse r = kms.generateDataKeyWithoutPlaintext(
                    b -> b.keyId(id).keySpec((DataKeySpec) c[0]).encryptionContext(Map.of("k", "v")));
            assertThat(r.keyId()).endsWith(id);
            DecryptResponse d =
                    kms.decrypt(b -> b.ciphertextBlob(r.ciphertextBlob()).encryptionContext(Map.of("k", "v")));
            assertThat(d.plaintext().asByteArray()).hasSize((Integer) c[1]);
        }
        GenerateDataKeyWithoutPlaintextResponse r =
                kms.generateDataKeyWithoutPlaintext(b -> b.keyId(id).numberOfBytes(48));
        assertThat(kms.decrypt(b -> b.ciphertextBlob(r.ciphertextBlob()))
                        .plaintext()
                        .asByteArray())
                .hasSize(48);
    }

    @Test
    void generateRandom() {
        for (int n : new int[] {1, 12, 32, 1024}) {
            assertThat(kms.generateRandom(b -> b.numberOfBytes(n)).plaintext().asByteArray())
                    .hasSize(n);
        }
        assertThat(kms.generateRandom(b -> b.numberOfBytes(32)).plaintext())
                .isNotEqualTo(kms.generateRandom(b -> b.numberOfBytes(32)).plaintext());
    }

    /** Recorded AWS response (LocalStack snapshot test_generate_random_invalid_number_of_bytes[None]). */
    @Test
    void generateRandomWithoutNumberOfBytes() {
        assertThatThrownBy(() -> kms.generateRandom(b -> b.build()))
                .isInstanceOf(KmsException.class)
                .satisfies(e -> assertThat(errorCode(e)).isEqualTo("ValidationException"))
                .satisfies(e -> assertThat(errorMessage(e)).isEqualTo("NumberOfBytes is required."));
    }

    @Test
    void dryRunSucceedsWithDryRunOperationException() {
        String id = newKey(kms, "dry run");
        String other = newKey(kms, "dry run 2");
        SdkBytes blob = kms.encrypt(b -> b.keyId(id).plaintext(SECRET)).ciphertextBlob();
        assertThatThrownBy(() -> kms.encrypt(b -> b.keyId(id).plaintext(SECRET).dryRun(true)))
                .isInstanceOf(DryRunOperationException.class);
        assertThatThrownBy(() -> kms.decrypt(b -> b.ciphertextBlob(blob).dryRun(true)))
                .isInstanceOf(DryRunOperationException.class);
        assertThatThrownBy(() -> kms.generateDataKey(
                        b -> b.keyId(id).keySpec(DataKeySpec.AES_256).dryRun(true)))
                .isInstanceOf(DryRunOperationException.class);
        assertThatThrownBy(() -> kms.reEncrypt(
                        b -> b.ciphertextBlob(blob).destinationKeyId(other).dryRun(true)))
                .isInstanceOf(DryRunOperationException.class);
        assertThatThrownBy(() -> kms.generateDataKeyWithoutPlaintext(
                        b -> b.keyId(id).keySpec(DataKeySpec.AES_256).dryRun(true)))
                .isInstanceOf(DryRunOperationException.class);
        // a dry run still checks the request: a disabled key fails as such, not as a dry run
        kms.disableKey(b -> b.keyId(other));
        assertThatThrownBy(
                        () -> kms.encrypt(b -> b.keyId(other).plaintext(SECRET).dryRun(true)))
                .isInstanceOf(software.amazon.awssdk.services.kms.model.DisabledException.class);
    }

    @Test
    void aliasesWorkWhereverAKeyIdIsAccepted() {
        String id = newKey(kms, "via alias");
        kms.createAlias(b -> b.aliasName("alias/everywhere").targetKeyId(id));
        String aliasArn = "arn:aws:kms:us-east-1:" + account + ":alias/everywhere";
        for (String ref : List.of("alias/everywhere", aliasArn)) {
            SdkBytes blob = kms.encrypt(b -> b.keyId(ref).plaintext(SECRET)).ciphertextBlob();
            // Decrypt's KeyId may be an alias name or alias ARN too (Decrypt API reference, KeyId)
            assertThat(kms.decrypt(b -> b.ciphertextBlob(blob).keyId(ref)).plaintext())
                    .as(ref)
                    .isEqualTo(SECRET);
            assertThat(kms.generateDataKey(b -> b.keyId(ref).numberOfBytes(16)).keyId())
                    .endsWith(id);
            assertThat(kms.generateDataKeyWithoutPlaintext(b -> b.keyId(ref).numberOfBytes(16))
                            .keyId())
                    .endsWith(id);
        }
    }

    @Test
    void emptyPlaintextIsAValidationError() {
        String id = newKey(kms, "empty");
        assertThatThrownBy(() -> kms.encrypt(b -> b.keyId(id).plaintext(SdkBytes.fromByteArray(new byte[0]))))
                .isInstanceOf(KmsException.class)
                .satisfies(e -> assertThat(errorCode(e)).isEqualTo("ValidationException"))
                .satisfies(e -> assertThat(errorMessage(e))
                        .isEqualTo("1 validation error detected: Value at 'plaintext'"
                                + " failed to satisfy constraint: Member must have length greater than or equal to 1"));
    }

    @Test
    void listOperationsPage() {
        try (KmsClient k = trent.kms(Region.SA_EAST_1)) {
            String id = newKey(k, "paging");
            for (int i = 0; i < 5; i++) {
                String name = "alias/page-" + i;
                k.createAlias(b -> b.aliasName(name).targetKeyId(id));
            }
            List<String> aliases = new ArrayList<>();
            int pages = 0;
            // by key: a listing of the whole Region also holds AWS's predefined alias/aws/... (FidelityTest pages
            // those)
            for (var page : k.listAliasesPaginator(b -> b.keyId(id).limit(2))) {
                pages++;
                assertThat(page.aliases()).hasSizeLessThanOrEqualTo(2);
                page.aliases().forEach(a -> aliases.add(a.aliasName()));
            }
            assertThat(aliases)
                    .containsExactlyInAnyOrder(
                            "alias/page-0", "alias/page-1", "alias/page-2", "alias/page-3", "alias/page-4");
            assertThat(pages).isEqualTo(3);

            List<Tag> tags = new ArrayList<>();
            for (int i = 0; i < 5; i++)
                tags.add(Tag.builder()
                        .tagKey("k" + i)
                        .tagValue(i == 0 ? "" : "v" + i)
                        .build());
            k.tagResource(b -> b.keyId(id).tags(tags));
            var first = k.listResourceTags(b -> b.keyId(id).limit(3));
            assertThat(first.tags()).hasSize(3);
            assertThat(first.truncated()).isTrue();
            var rest = k.listResourceTags(b -> b.keyId(id).limit(3).marker(first.nextMarker()));
            assertThat(rest.truncated()).isFalse();
            List<Tag> all = new ArrayList<>(first.tags());
            all.addAll(rest.tags());
            assertThat(all).containsExactlyInAnyOrderElementsOf(tags); // an empty TagValue is allowed

            for (String bad : List.of("not-a-marker", "AAAA")) {
                assertThatThrownBy(() -> k.listKeys(b -> b.marker(bad)))
                        .isInstanceOf(software.amazon.awssdk.services.kms.model.InvalidMarkerException.class);
            }
            for (int limit : new int[] {0, 1001}) {
                assertThatThrownBy(() -> k.listKeys(b -> b.limit(limit)))
                        .isInstanceOf(KmsException.class)
                        .satisfies(e -> assertThat(errorCode(e)).isEqualTo("ValidationException"));
            }
        }
    }

    @Test
    void concurrentCreateAliasOfOneNameHasOneWinner() throws Exception {
        String id = newKey(kms, "race");
        int threads = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<String>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    try {
                        kms.createAlias(b -> b.aliasName("alias/race").targetKeyId(id));
                        return "created";
                    } catch (AlreadyExistsException e) {
                        return "exists";
                    }
                }));
            }
            go.countDown();
            List<String> outcomes = new ArrayList<>();
            for (var f : results) outcomes.add(f.get(60, java.util.concurrent.TimeUnit.SECONDS));
            assertThat(outcomes).containsOnlyOnce("created");
            assertThat(outcomes).filteredOn("exists"::equals).hasSize(threads - 1);
        } finally {
            pool.shutdownNow();
        }
    }

    // ------------------------------------------------------------------ aliases

    @Test
    void aliasLifecycle() {
        try (KmsClient k = trent.kms(Region.CA_CENTRAL_1)) {
            String a = newKey(k, "alias a");
            String b = newKey(k, "alias b");
            String arnA = "arn:aws:kms:ca-central-1:" + account + ":key/" + a;
            k.createAlias(r -> r.aliasName("alias/app").targetKeyId(a));
            k.createAlias(r -> r.aliasName("alias/app-2").targetKeyId(arnA)); // a key ARN is a valid target
            k.createAlias(r -> r.aliasName("alias/other").targetKeyId(b));

            List<AliasListEntry> all = k.listAliases(r -> r.build()).aliases();
            assertThat(all).extracting(AliasListEntry::aliasName).contains("alias/app", "alias/app-2", "alias/other");
            AliasListEntry app = all.stream()
                    .filter(e -> e.aliasName().equals("alias/app"))
                    .findFirst()
                    .orElseThrow();
            assertThat(app.aliasArn()).isEqualTo("arn:aws:kms:ca-central-1:" + account + ":alias/app");
            assertThat(app.targetKeyId()).isEqualTo(a);
            assertThat(app.creationDate()).isNotNull();
            assertThat(app.lastUpdatedDate()).isNotNull();
            assertThat(k.listAliases(r -> r.keyId(a)).aliases())
                    .extracting(AliasListEntry::aliasName)
                    .containsExactlyInAnyOrder("alias/app", "alias/app-2");
            assertThat(k.listAliases(r -> r.keyId(arnA)).aliases()).hasSize(2);

            // alias names are unique
            assertThatThrownBy(() -> k.createAlias(r -> r.aliasName("alias/app").targetKeyId(b)))
                    .isInstanceOf(AlreadyExistsException.class)
                    .satisfies(e -> assertThat(errorMessage(e))
                            .isEqualTo("An alias with the name arn:aws:kms:ca-central-1:" + account
                                    + ":alias/app already exists"));

            // update
            k.updateAlias(r -> r.aliasName("alias/app").targetKeyId(b));
            assertThat(k.describeKey(r -> r.keyId("alias/app")).keyMetadata().keyId())
                    .isEqualTo(b);
            assertThat(k.listAliases(r -> r.keyId(a)).aliases())
                    .extracting(AliasListEntry::aliasName)
                    .containsExactly("alias/app-2");
            assertThat(k.listAliases(r -> r.keyId(b)).aliases())
                    .extracting(AliasListEntry::aliasName)
                    .containsExactlyInAnyOrder("alias/app", "alias/other");

            // delete
            k.deleteAlias(r -> r.aliasName("alias/app"));
            assertThat(k.listAliases(r -> r.build()).aliases())
                    .extracting(AliasListEntry::aliasName)
                    .doesNotContain("alias/app");
            assertThatThrownBy(() -> k.describeKey(r -> r.keyId("alias/app"))).isInstanceOf(NotFoundException.class);

            // missing aliases
            String missingArn = "arn:aws:kms:ca-central-1:" + account + ":alias/missing";
            assertThatThrownBy(() -> k.deleteAlias(r -> r.aliasName("alias/missing")))
                    .isInstanceOf(NotFoundException.class)
                    .satisfies(e -> assertThat(errorMessage(e)).isEqualTo("Alias " + missingArn + " is not found."));
            assertThatThrownBy(() ->
                            k.updateAlias(r -> r.aliasName("alias/missing").targetKeyId(a)))
                    .isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> k.encrypt(r -> r.keyId("alias/missing").plaintext(SECRET)))
                    .isInstanceOf(NotFoundException.class);

            // an alias cannot be the target of an alias
            assertThatThrownBy(() ->
                            k.createAlias(r -> r.aliasName("alias/chained").targetKeyId("alias/other")))
                    .isInstanceOf(KmsException.class);
            // a missing target key
            assertThatThrownBy(() -> k.createAlias(
                            r -> r.aliasName("alias/dangling").targetKeyId("0b5c2d7e-0000-4000-8000-000000000000")))
                    .isInstanceOf(NotFoundException.class);
        }
    }

    @Test
    void aliasNamesAreChecked() {
        String id = newKey(kms, "alias rules");
        // alias/aws/ is reserved for AWS managed keys (CreateAlias API reference, AliasName)
        assertThatThrownBy(
                        () -> kms.createAlias(r -> r.aliasName("alias/aws/mine").targetKeyId(id)))
                .isInstanceOf(KmsException.class)
                .satisfies(e -> assertThat(errorCode(e)).isIn("NotAuthorizedException", "InvalidAliasNameException"))
                .satisfies(e -> assertThat(((KmsException) e).statusCode()).isEqualTo(400));
        // the prefix alias/ is required (recorded AWS response: LocalStack snapshot test_create_alias)
        assertThatThrownBy(() -> kms.createAlias(r -> r.aliasName("mine").targetKeyId(id)))
                .isInstanceOf(KmsException.class)
                .satisfies(e -> assertThat(errorCode(e)).isEqualTo("ValidationException"))
                .satisfies(e -> assertThat(errorMessage(e))
                        .isEqualTo("Alias must start with the prefix \"alias/\"."
                                + " Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html"));
    }

    // ------------------------------------------------------------------ deletion

    @Test
    void scheduleKeyDeletionWindow() {
        for (int days : new int[] {7, 30}) {
            String id = newKey(kms, "window " + days);
            ScheduleKeyDeletionResponse r =
                    kms.scheduleKeyDeletion(b -> b.keyId(id).pendingWindowInDays(days));
            assertThat(r.keyId()).isEqualTo("arn:aws:kms:us-east-1:" + account + ":key/" + id);
            assertThat(r.keyState()).isEqualTo(KeyState.PENDING_DELETION);
            assertThat(r.pendingWindowInDays()).isEqualTo(days);
            assertThat(r.deletionDate())
                    .isCloseTo(Instant.now().plus(days, ChronoUnit.DAYS), within(5, ChronoUnit.MINUTES));
        }
        String dflt = newKey(kms, "default window");
        ScheduleKeyDeletionResponse r = kms.scheduleKeyDeletion(b -> b.keyId(dflt));
        assertThat(r.pendingWindowInDays()).isEqualTo(30);
        assertThat(r.deletionDate()).isCloseTo(Instant.now().plus(30, ChronoUnit.DAYS), within(5, ChronoUnit.MINUTES));

        String id = newKey(kms, "bad windows");
        for (int days : new int[] {6, 31}) {
            assertThatThrownBy(() -> kms.scheduleKeyDeletion(b -> b.keyId(id).pendingWindowInDays(days)))
                    .isInstanceOf(KmsException.class)
                    .satisfies(e -> assertThat(errorCode(e)).isEqualTo("ValidationException"));
        }
        assertThat(kms.describeKey(b -> b.keyId(id)).keyMetadata().keyState()).isEqualTo(KeyState.ENABLED);
    }

    @Test
    void cancelKeyDeletionLeavesTheKeyDisabled() {
        String id = newKey(kms, "cancel");
        kms.scheduleKeyDeletion(b -> b.keyId(id).pendingWindowInDays(7));
        assertThat(kms.cancelKeyDeletion(b -> b.keyId(id)).keyId())
                .isEqualTo("arn:aws:kms:us-east-1:" + account + ":key/" + id);
        KeyMetadata m = kms.describeKey(b -> b.keyId(id)).keyMetadata();
        assertThat(m.keyState()).isEqualTo(KeyState.DISABLED);
        assertThat(m.enabled()).isFalse();
        kms.enableKey(b -> b.keyId(id));
        assertThat(kms.describeKey(b -> b.keyId(id)).keyMetadata().keyState()).isEqualTo(KeyState.ENABLED);
    }

    @Test
    void enableAndDisableChangeTheState() {
        String id = newKey(kms, "toggle");
        kms.disableKey(b -> b.keyId(id));
        KeyMetadata d = kms.describeKey(b -> b.keyId(id)).keyMetadata();
        assertThat(d.keyState()).isEqualTo(KeyState.DISABLED);
        assertThat(d.enabled()).isFalse();
        kms.disableKey(b -> b.keyId(id)); // idempotent
        kms.enableKey(b -> b.keyId(id));
        KeyMetadata e = kms.describeKey(b -> b.keyId(id)).keyMetadata();
        assertThat(e.keyState()).isEqualTo(KeyState.ENABLED);
        assertThat(e.enabled()).isTrue();
        assertThat(kms.encrypt(b -> b.keyId(id).plaintext(SECRET)).ciphertextBlob())
                .isNotNull();
    }

    @Test
    void keysAreDeletedWhenTheWaitingPeriodEnds(@TempDir Path own) {
        MutableClock clock = new MutableClock();
        try (RunningTrent t =
                        new RunningTrent(own, RunningTrent.testConfig(own).withDeletionCheckSeconds(3600), clock);
                KmsClient k = t.kms()) {
            String doomed = newKey(k, "doomed");
            String kept = newKey(k, "kept");
            k.createAlias(b -> b.aliasName("alias/doomed").targetKeyId(doomed));
            k.createAlias(b -> b.aliasName("alias/kept").targetKeyId(kept));
            SdkBytes blob = k.encrypt(b -> b.keyId(doomed).plaintext(SECRET)).ciphertextBlob();
            Instant deletionDate = k.scheduleKeyDeletion(b -> b.keyId(doomed).pendingWindowInDays(7))
                    .deletionDate();
            k.scheduleKeyDeletion(b -> b.keyId(kept).pendingWindowInDays(30));

            // a day before: nothing happens
            clock.advance(Duration.ofDays(6));
            assertThat(t.server().keyService().purgeExpiredKeys()).isZero();
            clock.reset();
            assertThat(k.describeKey(b -> b.keyId(doomed)).keyMetadata().keyState())
                    .isEqualTo(KeyState.PENDING_DELETION);

            // past the deletion date: the key, its material and its aliases are gone
            clock.advance(Duration.between(Instant.now(), deletionDate).plusMinutes(1));
            assertThat(t.server().keyService().purgeExpiredKeys()).isEqualTo(1);
            clock.reset(); // back to real time, so the SDK's signatures are current again
            assertThatThrownBy(() -> k.describeKey(b -> b.keyId(doomed))).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> k.describeKey(b -> b.keyId("alias/doomed")))
                    .isInstanceOf(NotFoundException.class);
            assertThat(k.listAliases(b -> b.build()).aliases())
                    .extracting(AliasListEntry::aliasName)
                    .contains("alias/kept")
                    .doesNotContain("alias/doomed");
            assertThat(k.listKeys(b -> b.build()).keys())
                    .extracting(KeyListEntry::keyId)
                    .contains(kept)
                    .doesNotContain(doomed);
            assertThatThrownBy(() -> k.decrypt(b -> b.ciphertextBlob(blob)))
                    .isInstanceOf(KmsException.class)
                    .satisfies(e -> assertThat(((KmsException) e).statusCode()).isEqualTo(400));
            assertThat(k.describeKey(b -> b.keyId(kept)).keyMetadata().keyState())
                    .isEqualTo(KeyState.PENDING_DELETION);

            // and stays gone after a restart
            t.restart();
            try (KmsClient k2 = t.kms()) {
                assertThatThrownBy(() -> k2.describeKey(b -> b.keyId(doomed))).isInstanceOf(NotFoundException.class);
                assertThat(k2.describeKey(b -> b.keyId(kept)).keyMetadata().keyState())
                        .isEqualTo(KeyState.PENDING_DELETION);
            }
        }
    }

    // ------------------------------------------------------------------ description, tags, policy, rotation

    @Test
    void updateKeyDescription() {
        String id = newKey(kms, "before");
        kms.updateKeyDescription(b -> b.keyId(id).description("after"));
        assertThat(kms.describeKey(b -> b.keyId(id)).keyMetadata().description())
                .isEqualTo("after");
        kms.updateKeyDescription(b -> b.keyId(id).description(""));
        assertThat(kms.describeKey(b -> b.keyId(id)).keyMetadata().description())
                .isEmpty();
    }

    @Test
    void tagUntagAndListResourceTags() {
        String id = newKey(kms, "tags");
        assertThat(kms.listResourceTags(b -> b.keyId(id)).tags()).isEmpty();
        kms.tagResource(b -> b.keyId(id)
                .tags(
                        Tag.builder().tagKey("a").tagValue("1").build(),
                        Tag.builder().tagKey("b").tagValue("2").build()));
        kms.tagResource(
                b -> b.keyId(id).tags(Tag.builder().tagKey("a").tagValue("one").build()));
        assertThat(kms.listResourceTags(b -> b.keyId(id)).tags())
                .extracting(Tag::tagKey, Tag::tagValue)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("a", "one"), org.assertj.core.groups.Tuple.tuple("b", "2"));
        kms.untagResource(b -> b.keyId(id).tagKeys("b", "not-there"));
        assertThat(kms.listResourceTags(b -> b.keyId(id)).tags())
                .extracting(Tag::tagKey)
                .containsExactly("a");
        assertThat(kms.listResourceTags(b -> b.keyId(id)).truncated()).isFalse();
        // aws: is reserved
        assertThatThrownBy(() -> kms.tagResource(b -> b.keyId(id)
                        .tags(Tag.builder().tagKey("aws:x").tagValue("y").build())))
                .isInstanceOf(TagException.class);
        // by ARN
        String arn = "arn:aws:kms:us-east-1:" + account + ":key/" + id;
        kms.tagResource(
                b -> b.keyId(arn).tags(Tag.builder().tagKey("c").tagValue("3").build()));
        assertThat(kms.listResourceTags(b -> b.keyId(arn)).tags())
                .extracting(Tag::tagKey)
                .contains("c");
    }

    @Test
    void keyPolicies() {
        String id = newKey(kms, "policy");
        String dflt = kms.getKeyPolicy(b -> b.keyId(id).policyName("default")).policy();
        assertThat(dflt).contains("\"arn:aws:iam::" + account + ":root\"").contains("kms:*");
        assertThat(kms.listKeyPolicies(b -> b.keyId(id)).policyNames()).containsExactly("default");
        assertThat(kms.listKeyPolicies(b -> b.keyId(id)).truncated()).isFalse();

        String custom = rootPolicy(account);
        kms.putKeyPolicy(b -> b.keyId(id).policyName("default").policy(custom));
        assertThat(kms.getKeyPolicy(b -> b.keyId(id).policyName("default")).policy())
                .isEqualTo(custom);

        assertThatThrownBy(() ->
                        kms.putKeyPolicy(b -> b.keyId(id).policyName("default").policy("{not json")))
                .isInstanceOf(MalformedPolicyDocumentException.class);
        assertThatThrownBy(() ->
                        kms.putKeyPolicy(b -> b.keyId(id).policyName("default").policy("{\"Version\":\"2012-10-17\"}")))
                .isInstanceOf(MalformedPolicyDocumentException.class);
        assertThatThrownBy(() -> kms.createKey(b -> b.policy("[]")))
                .isInstanceOf(MalformedPolicyDocumentException.class);
        assertThat(kms.getKeyPolicy(b -> b.keyId(id).policyName("default")).policy())
                .isEqualTo(custom);
    }

    @Test
    void rotationIsNotEnabled() {
        String id = newKey(kms, "rotation");
        assertThat(kms.getKeyRotationStatus(b -> b.keyId(id)).keyRotationEnabled())
                .isFalse();
    }

    // ------------------------------------------------------------------ regions and accounts

    @Test
    void keysBelongToTheirRegion() {
        String id = newKey(kms, "us-east-1 only");
        SdkBytes blob = kms.encrypt(b -> b.keyId(id).plaintext(SECRET)).ciphertextBlob();
        try (KmsClient eu = trent.kms(Region.EU_WEST_1)) {
            // recorded AWS response: LocalStack snapshot test_get_key_in_different_region
            assertThatThrownBy(() -> eu.describeKey(b -> b.keyId(id)))
                    .isInstanceOf(NotFoundException.class)
                    .satisfies(e -> assertThat(errorMessage(e))
                            .isEqualTo("Key 'arn:aws:kms:eu-west-1:" + account + ":key/" + id + "' does not exist"));
            assertThat(eu.listKeys(b -> b.build()).keys())
                    .extracting(KeyListEntry::keyId)
                    .doesNotContain(id);
            assertThatThrownBy(() -> eu.decrypt(b -> b.ciphertextBlob(blob)))
                    .isInstanceOfAny(InvalidCiphertextException.class, NotFoundException.class);
            assertThatThrownBy(() -> eu.encrypt(b -> b.keyId(id).plaintext(SECRET)))
                    .isInstanceOf(NotFoundException.class);
            // aliases are per region too
            kms.createAlias(b -> b.aliasName("alias/regional").targetKeyId(id));
            String euKey = newKey(eu, "eu");
            eu.createAlias(b -> b.aliasName("alias/regional").targetKeyId(euKey));
            assertThat(eu.describeKey(b -> b.keyId("alias/regional"))
                            .keyMetadata()
                            .keyId())
                    .isEqualTo(euKey);
            assertThat(kms.describeKey(b -> b.keyId("alias/regional"))
                            .keyMetadata()
                            .keyId())
                    .isEqualTo(id);
        }
    }

    /** Recorded AWS response: LocalStack snapshot test_get_key_in_different_region, "describe-key-diff-region-with-arn". */
    @Test
    void keyArnOfAnotherRegionIsAnInvalidArn() {
        String id = newKey(kms, "arn elsewhere");
        String arn = "arn:aws:kms:us-east-1:" + account + ":key/" + id;
        try (KmsClient eu = trent.kms(Region.EU_WEST_1)) {
            assertThatThrownBy(() -> eu.describeKey(b -> b.keyId(arn)))
                    .isInstanceOf(NotFoundException.class)
                    .satisfies(e -> assertThat(errorMessage(e)).isEqualTo("Invalid arn us-east-1"));
        }
    }

    @Test
    void keysBelongToTheirAccount(@TempDir Path own) {
        // A normal first start creates an account of its own and names it in admin-credentials.json; dev mode on
        // the same directory then adds the dev account (on a fresh directory it would create only the dev account).
        new RunningTrent(own).close();
        ServerConfig dev = RunningTrent.testConfig(own).withDev(true, "000000000000");
        try (RunningTrent t = new RunningTrent(own, dev);
                KmsClient admin = t.kms();
                KmsClient devRoot = t.kms(Region.US_EAST_1, "test", "test")) {
            String adminAccount = t.admin().accountId();
            assertThat(adminAccount).isNotEqualTo("000000000000");
            KeyMetadata mine = admin.createKey(b -> b.description("admin's")).keyMetadata();
            KeyMetadata theirs = devRoot.createKey(b -> b.description("dev's")).keyMetadata();
            assertThat(mine.awsAccountId()).isEqualTo(adminAccount);
            assertThat(theirs.awsAccountId()).isEqualTo("000000000000");
            assertThat(theirs.arn()).startsWith("arn:aws:kms:us-east-1:000000000000:key/");

            assertThat(admin.listKeys(b -> b.build()).keys())
                    .extracting(KeyListEntry::keyId)
                    .contains(mine.keyId())
                    .doesNotContain(theirs.keyId());
            assertThat(devRoot.listKeys(b -> b.build()).keys())
                    .extracting(KeyListEntry::keyId)
                    .contains(theirs.keyId())
                    .doesNotContain(mine.keyId());
            // by key id: another account's key does not exist here
            assertThatThrownBy(() -> devRoot.describeKey(b -> b.keyId(mine.keyId())))
                    .isInstanceOf(NotFoundException.class);
            // by ARN: it exists, but no key policy lets this account use it
            assertThatThrownBy(() -> devRoot.describeKey(b -> b.keyId(mine.arn())))
                    .isInstanceOf(KmsException.class)
                    .satisfies(e -> assertThat(errorCode(e)).isEqualTo("AccessDeniedException"));
            SdkBytes blob =
                    admin.encrypt(b -> b.keyId(mine.keyId()).plaintext(SECRET)).ciphertextBlob();
            assertThatThrownBy(() -> devRoot.decrypt(b -> b.ciphertextBlob(blob)))
                    .isInstanceOf(KmsException.class)
                    .satisfies(e -> assertThat(errorCode(e)).isEqualTo("AccessDeniedException"));
            // alias names are per account
            admin.createAlias(b -> b.aliasName("alias/shared-name").targetKeyId(mine.keyId()));
            devRoot.createAlias(b -> b.aliasName("alias/shared-name").targetKeyId(theirs.keyId()));
            assertThat(devRoot.describeKey(b -> b.keyId("alias/shared-name"))
                            .keyMetadata()
                            .keyId())
                    .isEqualTo(theirs.keyId());
            assertThat(admin.describeKey(b -> b.keyId("alias/shared-name"))
                            .keyMetadata()
                            .keyId())
                    .isEqualTo(mine.keyId());
        }
    }

    @Test
    void devModeAcceptsAnyAccessKey(@TempDir Path own) {
        ServerConfig dev = RunningTrent.testConfig(own).withDev(true, "123456789012");
        try (RunningTrent t = new RunningTrent(own, dev);
                KmsClient a = t.kms(Region.US_EAST_1, "test", "test");
                KmsClient b = t.kms(Region.US_EAST_1, "AKIDEXAMPLE", "anything at all")) {
            KeyMetadata m = a.createKey(r -> r.description("dev")).keyMetadata();
            assertThat(m.awsAccountId()).isEqualTo("123456789012");
            // every unknown access key is the root of the same dev account
            assertThat(b.describeKey(r -> r.keyId(m.keyId())).keyMetadata().arn())
                    .isEqualTo(m.arn());
            SdkBytes blob = a.encrypt(r -> r.keyId(m.keyId()).plaintext(SECRET)).ciphertextBlob();
            assertThat(b.decrypt(r -> r.ciphertextBlob(blob)).plaintext()).isEqualTo(SECRET);
            // the admin's real key still needs its real secret
            try (KmsClient wrong = t.kms(Region.US_EAST_1, t.admin().accessKeyId(), "wrong secret")) {
                assertThatThrownBy(() -> wrong.listKeys(r -> r.build()))
                        .isInstanceOf(KmsException.class)
                        .satisfies(e -> assertThat(errorCode(e)).isEqualTo("InvalidSignatureException"));
            }
        }
        // and without --dev, test/test is refused
        try (KmsClient notDev = trent.kms(Region.US_EAST_1, "test", "test")) {
            assertThatThrownBy(() -> notDev.listKeys(r -> r.build()))
                    .isInstanceOf(KmsException.class)
                    .satisfies(e -> assertThat(errorCode(e)).isEqualTo("UnrecognizedClientException"));
        }
    }

    // ------------------------------------------------------------------ persistence

    @Test
    void everythingSurvivesARestart(@TempDir Path own) {
        try (RunningTrent t = new RunningTrent(own)) {
            String policy = rootPolicy(t.admin().accountId());
            String enabled;
            String disabled;
            String pending;
            String described;
            SdkBytes blob;
            Instant deletionDate;
            KeyMetadata before;
            try (KmsClient k = t.kms()) {
                enabled = k.createKey(b -> b.description("enabled")
                                .policy(policy)
                                .tags(Tag.builder()
                                        .tagKey("team")
                                        .tagValue("core")
                                        .build()))
                        .keyMetadata()
                        .keyId();
                disabled = newKey(k, "disabled");
                pending = newKey(k, "pending");
                described = newKey(k, "old description");
                k.createAlias(b -> b.aliasName("alias/persist").targetKeyId(enabled));
                k.createAlias(b -> b.aliasName("alias/moved").targetKeyId(enabled));
                k.updateAlias(b -> b.aliasName("alias/moved").targetKeyId(described));
                k.tagResource(b -> b.keyId(disabled)
                        .tags(Tag.builder().tagKey("x").tagValue("y").build()));
                k.untagResource(b -> b.keyId(enabled).tagKeys("nothing"));
                k.disableKey(b -> b.keyId(disabled));
                deletionDate = k.scheduleKeyDeletion(b -> b.keyId(pending).pendingWindowInDays(8))
                        .deletionDate();
                k.updateKeyDescription(b -> b.keyId(described).description("new description"));
                blob = k.encrypt(b -> b.keyId("alias/persist").plaintext(SECRET).encryptionContext(Map.of("a", "b")))
                        .ciphertextBlob();
                before = k.describeKey(b -> b.keyId(enabled)).keyMetadata();
            }
            try (KmsClient eu = t.kms(Region.EU_CENTRAL_1)) {
                newKey(eu, "other region");
            }

            t.restart();

            try (KmsClient k = t.kms()) {
                assertThat(k.describeKey(b -> b.keyId(enabled)).keyMetadata()).isEqualTo(before);
                assertThat(k.describeKey(b -> b.keyId(disabled)).keyMetadata().keyState())
                        .isEqualTo(KeyState.DISABLED);
                KeyMetadata p = k.describeKey(b -> b.keyId(pending)).keyMetadata();
                assertThat(p.keyState()).isEqualTo(KeyState.PENDING_DELETION);
                assertThat(p.deletionDate()).isEqualTo(deletionDate);
                assertThat(k.describeKey(b -> b.keyId(described)).keyMetadata().description())
                        .isEqualTo("new description");
                assertThat(k.describeKey(b -> b.keyId("alias/persist"))
                                .keyMetadata()
                                .keyId())
                        .isEqualTo(enabled);
                assertThat(k.describeKey(b -> b.keyId("alias/moved"))
                                .keyMetadata()
                                .keyId())
                        .isEqualTo(described);
                assertThat(k.listResourceTags(b -> b.keyId(enabled)).tags())
                        .extracting(Tag::tagKey, Tag::tagValue)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("team", "core"));
                assertThat(k.listResourceTags(b -> b.keyId(disabled)).tags())
                        .extracting(Tag::tagKey)
                        .containsExactly("x");
                assertThat(k.getKeyPolicy(b -> b.keyId(enabled).policyName("default"))
                                .policy())
                        .isEqualTo(policy);
                assertThat(k.decrypt(b -> b.ciphertextBlob(blob).encryptionContext(Map.of("a", "b")))
                                .plaintext())
                        .isEqualTo(SECRET);
                Set<String> ids = new HashSet<>();
                k.listKeysPaginator(b -> b.limit(2)).keys().forEach(e -> ids.add(e.keyId()));
                assertThat(ids).containsExactlyInAnyOrder(enabled, disabled, pending, described);
                // and the restored keys keep working
                k.enableKey(b -> b.keyId(disabled));
                k.cancelKeyDeletion(b -> b.keyId(pending));
                assertThat(k.encrypt(b -> b.keyId(disabled).plaintext(SECRET)).keyId())
                        .endsWith(disabled);
            }
            try (KmsClient eu = t.kms(Region.EU_CENTRAL_1)) {
                assertThat(eu.listKeys(b -> b.build()).keys()).hasSize(1);
            }
        }
    }
}
