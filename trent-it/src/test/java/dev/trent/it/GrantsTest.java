package dev.trent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.CreateGrantResponse;
import software.amazon.awssdk.services.kms.model.DryRunOperationException;
import software.amazon.awssdk.services.kms.model.GrantConstraints;
import software.amazon.awssdk.services.kms.model.GrantListEntry;
import software.amazon.awssdk.services.kms.model.GrantOperation;
import software.amazon.awssdk.services.kms.model.InvalidArnException;
import software.amazon.awssdk.services.kms.model.InvalidGrantIdException;
import software.amazon.awssdk.services.kms.model.InvalidGrantTokenException;
import software.amazon.awssdk.services.kms.model.InvalidMarkerException;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.ListGrantsResponse;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/**
 * CreateGrant, ListGrants, ListRetirableGrants, RetireGrant and RevokeGrant through the AWS SDK for Java v2 against
 * a real Trent, and grant tokens in the cryptographic operations (AWS KMS API Reference; Developer Guide, "Grants
 * in AWS KMS").
 */
class GrantsTest {
    @TempDir
    static Path dir;

    static RunningTrent trent;
    static KmsClient kms;
    static String account;
    static String role;
    static String user;

    static final SdkBytes SECRET = SdkBytes.fromString("attack at dawn", StandardCharsets.UTF_8);

    @BeforeAll
    static void start() {
        trent = new RunningTrent(dir);
        kms = trent.kms();
        account = trent.admin().accountId();
        role = "arn:aws:iam::" + account + ":role/app";
        user = "arn:aws:iam::" + account + ":user/retirer";
    }

    @AfterAll
    static void stop() {
        if (kms != null) kms.close();
        if (trent != null) trent.close();
    }

    static String newKey() {
        return kms.createKey(b -> b.description("granted")).keyMetadata().keyId();
    }

    static String errorCode(Throwable e) {
        return ((KmsException) e).awsErrorDetails().errorCode();
    }

    static String errorMessage(Throwable e) {
        return ((KmsException) e).awsErrorDetails().errorMessage();
    }

    @Test
    void createGrantAndListItWithEveryMember() {
        String keyId = newKey();
        String arn = kms.describeKey(b -> b.keyId(keyId)).keyMetadata().arn();
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        CreateGrantResponse created = kms.createGrant(b -> b.keyId(keyId)
                .granteePrincipal(role)
                .retiringPrincipal(user)
                .operations(GrantOperation.ENCRYPT, GrantOperation.DECRYPT, GrantOperation.DESCRIBE_KEY)
                .constraints(c -> c.encryptionContextSubset(Map.of("app", "billing")))
                .name("billing-app"));
        assertThat(created.grantId()).matches("[0-9a-f]{64}");
        assertThat(created.grantToken()).isNotEmpty().hasSizeLessThanOrEqualTo(8192);

        List<GrantListEntry> grants = kms.listGrants(b -> b.keyId(keyId)).grants();
        assertThat(grants).hasSize(1);
        GrantListEntry g = grants.get(0);
        assertThat(g.keyId()).isEqualTo(arn);
        assertThat(g.grantId()).isEqualTo(created.grantId());
        assertThat(g.name()).isEqualTo("billing-app");
        assertThat(g.creationDate()).isCloseTo(before, within(60, ChronoUnit.SECONDS));
        assertThat(g.granteePrincipal()).isEqualTo(role);
        assertThat(g.retiringPrincipal()).isEqualTo(user);
        assertThat(g.issuingAccount()).isEqualTo("arn:aws:iam::" + account + ":root");
        assertThat(g.operations())
                .containsExactly(GrantOperation.DECRYPT, GrantOperation.ENCRYPT, GrantOperation.DESCRIBE_KEY);
        assertThat(g.constraints())
                .isEqualTo(GrantConstraints.builder()
                        .encryptionContextSubset(Map.of("app", "billing"))
                        .build());

        // A grant without the optional members lists without them.
        String plainId = kms.createGrant(
                        b -> b.keyId(arn).granteePrincipal(role).operations(GrantOperation.GENERATE_DATA_KEY))
                .grantId();
        GrantListEntry plain =
                kms.listGrants(b -> b.keyId(keyId).grantId(plainId)).grants().get(0);
        assertThat(plain.name()).isNull();
        assertThat(plain.retiringPrincipal()).isNull();
        assertThat(plain.constraints()).isNull();
    }

    @Test
    void theSameNamedRequestAgainReturnsTheSameGrant() {
        String keyId = newKey();
        CreateGrantResponse first = kms.createGrant(b -> b.keyId(keyId)
                .granteePrincipal(role)
                .operations(GrantOperation.DECRYPT)
                .name("once"));
        CreateGrantResponse again = kms.createGrant(b -> b.keyId(keyId)
                .granteePrincipal(role)
                .operations(GrantOperation.DECRYPT)
                .name("once"));
        assertThat(again.grantId()).isEqualTo(first.grantId());
        assertThat(again.grantToken()).isNotEqualTo(first.grantToken());
        assertThat(kms.listGrants(b -> b.keyId(keyId)).grants()).hasSize(1);
    }

    @Test
    void listGrantsPagesAndFilters() {
        String keyId = newKey();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(kms.createGrant(b -> b.keyId(keyId).granteePrincipal(role).operations(GrantOperation.ENCRYPT))
                    .grantId());
        }
        ListGrantsResponse first = kms.listGrants(b -> b.keyId(keyId).limit(2));
        assertThat(first.grants()).hasSize(2);
        assertThat(first.truncated()).isTrue();
        assertThat(first.nextMarker()).isNotEmpty();
        List<String> all = new ArrayList<>();
        kms.listGrantsPaginator(b -> b.keyId(keyId).limit(2)).grants().forEach(g -> all.add(g.grantId()));
        assertThat(all).containsExactlyInAnyOrderElementsOf(ids).doesNotHaveDuplicates();
        ListGrantsResponse last = kms.listGrants(b -> b.keyId(keyId).limit(100));
        assertThat(last.truncated()).isFalse();
        assertThat(last.nextMarker()).isNull();

        assertThat(kms.listGrants(b -> b.keyId(keyId).grantId(ids.get(3))).grants())
                .extracting(GrantListEntry::grantId)
                .containsExactly(ids.get(3));
        assertThat(kms.listGrants(b -> b.keyId(keyId).granteePrincipal(user)).grants())
                .isEmpty();
        assertThatThrownBy(() -> kms.listGrants(b -> b.keyId(keyId).marker("not-a-marker")))
                .isInstanceOf(InvalidMarkerException.class);
        assertThatThrownBy(() -> kms.listGrants(b -> b.keyId(keyId).grantId("abc")))
                .isInstanceOf(InvalidGrantIdException.class);
        assertThatThrownBy(() -> kms.listGrants(b -> b.keyId("invalid")))
                .isInstanceOf(NotFoundException.class)
                .satisfies(e -> assertThat(errorMessage(e)).isEqualTo("Invalid keyId 'invalid'"));
    }

    @Test
    void listRetirableGrantsFindsTheRetiringPrincipalsGrantsOnEveryKey() {
        String retirer = "arn:aws:iam::" + account + ":user/list-retirer";
        String k1 = newKey();
        String k2 = newKey();
        String g1 = kms.createGrant(b -> b.keyId(k1)
                        .granteePrincipal(role)
                        .retiringPrincipal(retirer)
                        .operations(GrantOperation.DECRYPT))
                .grantId();
        String g2 = kms.createGrant(b -> b.keyId(k2)
                        .granteePrincipal(role)
                        .retiringPrincipal(retirer)
                        .operations(GrantOperation.ENCRYPT))
                .grantId();
        kms.createGrant(b -> b.keyId(k2).granteePrincipal(role).operations(GrantOperation.ENCRYPT));
        List<String> listed = new ArrayList<>();
        kms.listRetirableGrantsPaginator(b -> b.retiringPrincipal(retirer).limit(1))
                .grants()
                .forEach(g -> listed.add(g.grantId()));
        assertThat(listed).containsExactlyInAnyOrder(g1, g2);
    }

    @Test
    void retireGrantByTokenOrByKeyAndGrantIdAndRevokeGrant() {
        String keyId = newKey();
        String arn = kms.describeKey(b -> b.keyId(keyId)).keyMetadata().arn();
        CreateGrantResponse a =
                kms.createGrant(b -> b.keyId(keyId).granteePrincipal(role).operations(GrantOperation.DECRYPT));
        CreateGrantResponse b2 =
                kms.createGrant(b -> b.keyId(keyId).granteePrincipal(role).operations(GrantOperation.DECRYPT));
        CreateGrantResponse c =
                kms.createGrant(b -> b.keyId(keyId).granteePrincipal(role).operations(GrantOperation.DECRYPT));

        kms.retireGrant(b -> b.grantToken(a.grantToken()));
        kms.retireGrant(b -> b.keyId(arn).grantId(b2.grantId()));
        kms.revokeGrant(b -> b.keyId(keyId).grantId(c.grantId()));
        assertThat(kms.listGrants(b -> b.keyId(keyId)).grants()).isEmpty();

        // What Terraform relies on: a grant already gone is NotFoundException.
        assertThatThrownBy(() -> kms.revokeGrant(b -> b.keyId(keyId).grantId(c.grantId())))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> kms.retireGrant(b -> b.keyId(keyId).grantId(c.grantId())))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> kms.retireGrant(b -> b.grantToken(a.grantToken())))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> kms.retireGrant(b -> b.grantToken("AQpAM2RhZTk1MGMyNTk2ZmZmMzEy")))
                .isInstanceOf(InvalidGrantTokenException.class);
        assertThatThrownBy(() -> kms.revokeGrant(b -> b.keyId(keyId).grantId("not-a-grant-id")))
                .isInstanceOf(InvalidGrantIdException.class);
        assertThatThrownBy(() -> kms.retireGrant(b -> b.grantId(c.grantId())))
                .isInstanceOf(KmsException.class)
                .satisfies(e -> assertThat(errorCode(e)).isEqualTo("ValidationException"));
    }

    @Test
    void dryRunSaysTheRequestWouldHaveSucceededAndChangesNothing() {
        String keyId = newKey();
        assertThatThrownBy(() -> kms.createGrant(b -> b.keyId(keyId)
                        .granteePrincipal(role)
                        .operations(GrantOperation.DECRYPT)
                        .dryRun(true)))
                .isInstanceOf(DryRunOperationException.class)
                .satisfies(e -> assertThat(((KmsException) e).statusCode()).isEqualTo(412))
                .satisfies(e -> assertThat(errorMessage(e))
                        .isEqualTo("The request would have succeeded, but the DryRun option is set."));
        assertThat(kms.listGrants(b -> b.keyId(keyId)).grants()).isEmpty();
        CreateGrantResponse g =
                kms.createGrant(b -> b.keyId(keyId).granteePrincipal(role).operations(GrantOperation.DECRYPT));
        assertThatThrownBy(
                        () -> kms.retireGrant(b -> b.grantToken(g.grantToken()).dryRun(true)))
                .isInstanceOf(DryRunOperationException.class);
        assertThatThrownBy(() ->
                        kms.revokeGrant(b -> b.keyId(keyId).grantId(g.grantId()).dryRun(true)))
                .isInstanceOf(DryRunOperationException.class);
        assertThat(kms.listGrants(b -> b.keyId(keyId)).grants()).hasSize(1);
    }

    @Test
    void createGrantRefusesWhatAwsRefuses() {
        String keyId = newKey();
        assertThatThrownBy(() -> kms.createGrant(
                        b -> b.keyId("invalid").granteePrincipal(role).operations(GrantOperation.DECRYPT)))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> kms.createGrant(
                        b -> b.keyId(keyId).granteePrincipal("someone").operations(GrantOperation.DECRYPT)))
                .isInstanceOf(InvalidArnException.class)
                .satisfies(
                        e -> assertThat(errorMessage(e)).isEqualTo("ARN does not refer to a valid principal: someone"));
        assertThatThrownBy(() -> kms.createGrant(
                        b -> b.keyId(keyId).granteePrincipal(role).operations(GrantOperation.CREATE_GRANT)))
                .isInstanceOf(KmsException.class)
                .satisfies(e -> assertThat(errorCode(e)).isEqualTo("ValidationException"))
                .satisfies(e -> assertThat(errorMessage(e))
                        .isEqualTo("Grants must not contain only the CreateGrant operation."));
        assertThatThrownBy(() -> kms.createGrant(
                        b -> b.keyId(keyId).granteePrincipal(role).operations(GrantOperation.SIGN)))
                .isInstanceOf(KmsException.class)
                .satisfies(e -> assertThat(errorCode(e)).isEqualTo("ValidationException"));
        assertThatThrownBy(() -> kms.createGrant(b -> b.keyId(keyId)
                        .granteePrincipal(role)
                        .operations(GrantOperation.DECRYPT)
                        .constraints(c ->
                                c.encryptionContextSubset(Map.of("a", "1")).encryptionContextEquals(Map.of("a", "1")))))
                .isInstanceOf(KmsException.class)
                .satisfies(e -> assertThat(errorMessage(e)).isEqualTo("More than one constraint supplied"));
        String signing = kms.createKey(b -> b.keySpec(KeySpec.ECC_NIST_P256).keyUsage(KeyUsageType.SIGN_VERIFY))
                .keyMetadata()
                .keyId();
        assertThatThrownBy(() -> kms.createGrant(
                        b -> b.keyId(signing).granteePrincipal(role).operations(GrantOperation.GENERATE_DATA_KEY)))
                .isInstanceOf(KmsException.class)
                .satisfies(e -> assertThat(errorCode(e)).isEqualTo("ValidationException"));
        kms.createGrant(b -> b.keyId(signing).granteePrincipal(role).operations(GrantOperation.SIGN));

        kms.scheduleKeyDeletion(b -> b.keyId(keyId).pendingWindowInDays(7));
        assertThatThrownBy(() -> kms.createGrant(
                        b -> b.keyId(keyId).granteePrincipal(role).operations(GrantOperation.DECRYPT)))
                .isInstanceOf(KmsInvalidStateException.class);
    }

    @Test
    void grantTokensAreAcceptedByTheOperationsThatTakeThem() {
        String keyId = newKey();
        CreateGrantResponse g = kms.createGrant(b -> b.keyId(keyId)
                .granteePrincipal("arn:aws:iam::" + account + ":root")
                .operations(
                        GrantOperation.ENCRYPT,
                        GrantOperation.DECRYPT,
                        GrantOperation.GENERATE_DATA_KEY,
                        GrantOperation.GENERATE_DATA_KEY_WITHOUT_PLAINTEXT,
                        GrantOperation.RE_ENCRYPT_FROM,
                        GrantOperation.RE_ENCRYPT_TO,
                        GrantOperation.DESCRIBE_KEY));
        String token = g.grantToken();
        SdkBytes blob = kms.encrypt(b -> b.keyId(keyId).plaintext(SECRET).grantTokens(token))
                .ciphertextBlob();
        assertThat(kms.decrypt(b -> b.ciphertextBlob(blob).grantTokens(token, token))
                        .plaintext())
                .isEqualTo(SECRET);
        assertThat(kms.generateDataKey(b -> b.keyId(keyId).numberOfBytes(32).grantTokens(token))
                        .plaintext()
                        .asByteArray())
                .hasSize(32);
        kms.generateDataKeyWithoutPlaintext(
                b -> b.keyId(keyId).numberOfBytes(16).grantTokens(token));
        kms.reEncrypt(b -> b.ciphertextBlob(blob).destinationKeyId(keyId).grantTokens(token));
        kms.describeKey(b -> b.keyId(keyId).grantTokens(token));
        kms.createGrant(b -> b.keyId(keyId)
                .granteePrincipal(role)
                .operations(GrantOperation.DECRYPT)
                .grantTokens(token));
    }

    @Test
    void grantsAndTheirTokensSurviveARestart(@TempDir Path own) {
        try (RunningTrent t = new RunningTrent(own)) {
            String keyId;
            CreateGrantResponse g;
            try (KmsClient k = t.kms()) {
                keyId = k.createKey(b -> b.description("kept")).keyMetadata().keyId();
                g = k.createGrant(b -> b.keyId(keyId)
                        .granteePrincipal(role)
                        .operations(GrantOperation.DECRYPT)
                        .constraints(c -> c.encryptionContextEquals(Map.of("tenant", "7"))));
            }
            t.restart();
            try (KmsClient k = t.kms()) {
                List<GrantListEntry> grants = k.listGrants(b -> b.keyId(keyId)).grants();
                assertThat(grants).extracting(GrantListEntry::grantId).containsExactly(g.grantId());
                assertThat(grants.get(0).constraints().encryptionContextEquals())
                        .isEqualTo(Map.of("tenant", "7"));
                k.retireGrant(b -> b.grantToken(g.grantToken()));
                assertThat(k.listGrants(b -> b.keyId(keyId)).grants()).isEmpty();
            }
        }
    }
}
