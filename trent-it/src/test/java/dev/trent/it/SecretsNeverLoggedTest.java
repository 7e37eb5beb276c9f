package dev.trent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeyPairSpec;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.EncryptionAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * Secrets never reach a log or the data directory in the clear: a real server ({@code ./trent server}) at debug
 * level, with its access log on, runs a workload with known plaintexts, and hands out data keys, private keys of data key pairs and random
 * bytes; {@code trent admin} (at debug level too) creates access keys, whose secrets sign requests. Then every log
 * line (the server's, the admin commands' standard error) and every file in the data directory (the SQLite
 * database, its WAL and shared-memory files while the server runs and after it stopped, the rollback marker, the
 * TLS files) is searched for each secret as raw bytes, in base64 (at every alignment) and in hex (either case):
 * zero hits. The one file that holds a secret by design, {@code admin-credentials.json} (mode 0600), is left out.
 */
class SecretsNeverLoggedTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final SecureRandom random = new SecureRandom();
    private final Map<String, byte[]> secrets = new LinkedHashMap<>();

    private byte[] secret(String what, byte[] value) {
        secrets.put(what, value.clone());
        return value;
    }

    private byte[] randomPlaintext(String what, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return secret(what, b);
    }

    @Test
    void noSecretReachesALogOrTheDataDirectory() throws Exception {
        Launcher.assumeBuilt();
        Path data = dir.resolve("data");
        Map<String, String> debug = Map.of("TRENT_LOG_LEVEL", "debug");
        List<String> logs = new ArrayList<>();
        Map<String, byte[]> runningFiles;
        try (Launcher.Server trent = new Launcher.Server(
                dir,
                Map.of(),
                "--port",
                "0",
                "--data-dir",
                data.toString(),
                "--log-level",
                "debug",
                "--access-log",
                "logger")) {
            RunningTrent.Credentials admin = RunningTrent.readAdmin(data);
            secret("admin secret access key", admin.secretAccessKey().getBytes(StandardCharsets.UTF_8));

            Processes.Result created =
                    Launcher.run(dir, debug, "admin", "create-access-key", "--data-dir", data.toString());
            assertThat(created.exitCode()).as(created.toString()).isZero();
            logs.add(created.stderr());
            JsonNode key = JSON.readTree(created.stdout()).get("AccessKey");
            String newSecret = key.get("SecretAccessKey").asText();
            secret("created secret access key", newSecret.getBytes(StandardCharsets.UTF_8));
            Processes.Result listed =
                    Launcher.run(dir, debug, "admin", "list-access-keys", "--data-dir", data.toString());
            logs.add(listed.stderr());
            assertThat(listed.stdout()).doesNotContain(newSecret).doesNotContain(admin.secretAccessKey());

            URI endpoint = URI.create(trent.url);
            try (KmsClient kms = RunningTrent.client(
                            endpoint, Region.US_EAST_1, admin.accessKeyId(), admin.secretAccessKey());
                    KmsClient other = RunningTrent.client(
                            endpoint, Region.US_EAST_1, key.get("AccessKeyId").asText(), newSecret)) {
                workload(kms, other);
            }
            runningFiles = files(data); // the WAL holds the newest pages while the server runs
            logs.add(trent.stdout());
            logs.add(trent.stderr());
            trent.stop();
            logs.add(trent.stdout());
            logs.add(trent.stderr());
            assertThat(trent.stderr()).as("the server logged at debug level").contains("DEBUG");
        }
        Map<String, byte[]> stoppedFiles = files(data);

        List<String> hits = new ArrayList<>();
        long scanned = 0;
        for (Map.Entry<String, byte[]> s : secrets.entrySet()) {
            for (Map.Entry<String, byte[]> form : forms(s.getValue()).entrySet()) {
                byte[] needle = form.getValue();
                for (int i = 0; i < logs.size(); i++) {
                    if (indexOf(logs.get(i).getBytes(StandardCharsets.UTF_8), needle) >= 0) {
                        hits.add(s.getKey() + " (" + form.getKey() + ") in log " + i);
                    }
                }
                for (Map<String, byte[]> files : List.of(runningFiles, stoppedFiles)) {
                    for (Map.Entry<String, byte[]> f : files.entrySet()) {
                        if (indexOf(f.getValue(), needle) >= 0) {
                            hits.add(s.getKey() + " (" + form.getKey() + ") in " + f.getKey());
                        }
                    }
                }
            }
        }
        for (String log : logs) scanned += log.length();
        for (byte[] f : runningFiles.values()) scanned += f.length;
        for (byte[] f : stoppedFiles.values()) scanned += f.length;
        System.out.printf(
                "searched %d secrets in %d forms each through %d bytes of logs and data files (%s)%n",
                secrets.size(), forms(new byte[32]).size(), scanned, stoppedFiles.keySet());
        assertThat(stoppedFiles).containsKey("trent.db");
        assertThat(runningFiles.keySet()).anyMatch(n -> n.endsWith("-wal"));
        assertThat(hits).isEmpty();
    }

    /** Every cryptographic operation that takes or returns a secret, and some that fail. */
    private void workload(KmsClient kms, KmsClient other) {
        String symmetric =
                kms.createKey(b -> b.description("secrets")).keyMetadata().keyId();
        String rsa = kms.createKey(b -> b.keySpec(KeySpec.RSA_2048).keyUsage(KeyUsageType.ENCRYPT_DECRYPT))
                .keyMetadata()
                .keyId();
        String hmac = kms.createKey(b -> b.keySpec(KeySpec.HMAC_256).keyUsage(KeyUsageType.GENERATE_VERIFY_MAC))
                .keyMetadata()
                .keyId();
        for (int i = 0; i < 10; i++) {
            byte[] plaintext = randomPlaintext("plaintext " + i, 48);
            Map<String, String> context = Map.of("purpose", "secrets-test-" + i);
            SdkBytes blob = (i % 2 == 0 ? kms : other)
                    .encrypt(b -> b.keyId(symmetric)
                            .plaintext(SdkBytes.fromByteArray(plaintext))
                            .encryptionContext(context))
                    .ciphertextBlob();
            assertThat(kms.decrypt(b -> b.ciphertextBlob(blob).encryptionContext(context))
                            .plaintext()
                            .asByteArray())
                    .isEqualTo(plaintext);
            kms.reEncrypt(
                    b -> b.ciphertextBlob(blob).sourceEncryptionContext(context).destinationKeyId(symmetric));
            assertThatThrownBy(() ->
                            kms.decrypt(b -> b.ciphertextBlob(blob).encryptionContext(Map.of("purpose", "wrong"))))
                    .isInstanceOf(InvalidCiphertextException.class);

            secret(
                    "data key " + i,
                    kms.generateDataKey(b -> b.keyId(symmetric).keySpec(DataKeySpec.AES_256))
                            .plaintext()
                            .asByteArray());
            byte[] pair = kms.generateDataKeyPair(b -> b.keyId(symmetric).keyPairSpec(DataKeyPairSpec.ECC_NIST_P256))
                    .privateKeyPlaintext()
                    .asByteArray();
            secret("data key pair private key " + i, Arrays.copyOfRange(pair, pair.length - 40, pair.length));
            secret(
                    "random bytes " + i,
                    kms.generateRandom(b -> b.numberOfBytes(32)).plaintext().asByteArray());

            byte[] small = randomPlaintext("RSA plaintext " + i, 32);
            SdkBytes rsaBlob = kms.encrypt(b -> b.keyId(rsa)
                            .encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256)
                            .plaintext(SdkBytes.fromByteArray(small)))
                    .ciphertextBlob();
            assertThat(kms.decrypt(b -> b.keyId(rsa)
                                    .encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256)
                                    .ciphertextBlob(rsaBlob))
                            .plaintext()
                            .asByteArray())
                    .isEqualTo(small);
            byte[] message = randomPlaintext("MAC message " + i, 40);
            kms.generateMac(b -> b.keyId(hmac).macAlgorithm("HMAC_SHA_256").message(SdkBytes.fromByteArray(message)));
        }
        // a request signed with a wrong secret, and one with a known key but another secret
        try (KmsClient forged = RunningTrent.client(
                URI.create(kms.serviceClientConfiguration()
                        .endpointOverride()
                        .orElseThrow()
                        .toString()),
                Region.US_EAST_1,
                "AKIAFORGEDFORGED0000",
                new String(
                        secret(
                                "forged secret",
                                "forged-secret-forged-secret-forged-secret".getBytes(StandardCharsets.UTF_8)),
                        StandardCharsets.UTF_8))) {
            assertThatThrownBy(forged::listKeys).isInstanceOf(KmsException.class);
        }
    }

    /** Every regular file under the data directory but admin-credentials.json, by relative path. */
    private static Map<String, byte[]> files(Path data) throws Exception {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (Stream<Path> s = Files.walk(data)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                String name = data.relativize(p).toString();
                if (name.equals("admin-credentials.json")) continue;
                try {
                    out.put(name, Files.readAllBytes(p));
                } catch (java.nio.file.NoSuchFileException gone) {
                    // a temporary file that was renamed meanwhile
                }
            }
        }
        return out;
    }

    /**
     * The forms a secret could be written in: raw; base64 (standard and URL-safe) at each of the three alignments
     * it can have inside longer base64 text, taking only the characters that depend on the secret alone; hex in
     * lower and upper case.
     */
    static Map<String, byte[]> forms(byte[] secret) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        out.put("raw", secret);
        for (int shift = 0; shift < 3; shift++) {
            byte[] shifted = new byte[shift + secret.length];
            System.arraycopy(secret, 0, shifted, shift, secret.length);
            for (Map.Entry<String, Base64.Encoder> enc : Map.of(
                            "base64", Base64.getEncoder(), "base64url", Base64.getUrlEncoder())
                    .entrySet()) {
                String all = enc.getValue().withoutPadding().encodeToString(shifted);
                int from = (shift * 8 + 5) / 6;
                int to = (shifted.length * 8) / 6;
                out.put(enc.getKey() + "@" + shift, all.substring(from, to).getBytes(StandardCharsets.US_ASCII));
            }
        }
        String hex = HexFormat.of().formatHex(secret);
        out.put("hex", hex.getBytes(StandardCharsets.US_ASCII));
        out.put("HEX", hex.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
        return out;
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) continue outer;
            }
            return i;
        }
        return -1;
    }

    @Test
    void theSearchFindsASecretInEachForm() {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        for (Map.Entry<String, byte[]> form : forms(secret).entrySet()) {
            String name = form.getKey();
            String text;
            if (name.equals("raw")) continue;
            if (name.startsWith("base64")) {
                int shift = name.charAt(name.length() - 1) - '0';
                byte[] around = new byte[shift + secret.length + 7];
                random.nextBytes(around);
                System.arraycopy(secret, 0, around, shift, secret.length);
                Base64.Encoder e = name.startsWith("base64url") ? Base64.getUrlEncoder() : Base64.getEncoder();
                text = "log line " + e.encodeToString(around) + " end";
            } else {
                String hex = HexFormat.of().formatHex(secret);
                text = "x=" + (name.equals("HEX") ? hex.toUpperCase(Locale.ROOT) : hex);
            }
            assertThat(indexOf(text.getBytes(StandardCharsets.US_ASCII), form.getValue()))
                    .as(name)
                    .isNotNegative();
        }
    }
}
