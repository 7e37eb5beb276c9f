package dev.trent.cli.crypto;

import dev.trent.cli.crypto.KeyValueGroups.Group;
import dev.trent.sdk.keyring.DiscoveryFilter;
import dev.trent.sdk.keyring.Keyring;
import dev.trent.sdk.keyring.KmsArn;
import dev.trent.sdk.keyring.KmsDiscoveryKeyring;
import dev.trent.sdk.keyring.KmsKeyring;
import dev.trent.sdk.keyring.MultiKeyring;
import dev.trent.sdk.keyring.RawAesKeyring;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsClientBuilder;

/**
 * Builds keyrings from {@code --wrapping-keys} groups and KMS clients from the AWS default provider chains
 * (credentials and region), with optional {@code --profile}, {@code --region} and {@code --endpoint-url}.
 *
 * <p>Group attributes: {@code key=} (repeatable), {@code region=}, {@code profile=}, {@code provider=} ({@code aws-kms},
 * the default, or {@code raw-aes} where {@code key=} is a file holding a 16, 24 or 32-byte AES key, with
 * {@code name=} and optional {@code namespace=}), and on decrypt {@code discovery=true},
 * {@code discovery-partition=} and {@code discovery-account=} (repeatable).
 */
final class KeyringFactory implements AutoCloseable {
    static final String RAW_AES = "raw-aes";
    static final String DEFAULT_RAW_NAMESPACE = "trent-raw-aes";
    private static final Set<String> ATTRIBUTES = Set.of(
            "key",
            "region",
            "profile",
            "provider",
            "discovery",
            "discovery-partition",
            "discovery-account",
            "name",
            "namespace");

    private final String defaultProfile;
    private final String defaultRegion;
    private final URI endpoint;
    private final Map<String, KmsClient> clients = new ConcurrentHashMap<>();

    KeyringFactory(String profile, String region, URI endpoint) {
        this.defaultProfile = profile;
        this.defaultRegion = region;
        this.endpoint = endpoint;
    }

    Keyring forEncrypt(List<Group> groups) throws IOException {
        List<Keyring> keyrings = new ArrayList<>();
        for (Group g : groups) {
            check(g, false);
            if (g.all("key").isEmpty()) {
                throw new CliException("Each --wrapping-keys group needs at least one key=");
            }
            for (String key : g.all("key")) {
                keyrings.add(single(g, key, false));
            }
        }
        return keyrings.size() == 1
                ? keyrings.get(0)
                : new MultiKeyring(keyrings.get(0), keyrings.subList(1, keyrings.size()));
    }

    Keyring forDecrypt(List<Group> groups) throws IOException {
        List<Keyring> keyrings = new ArrayList<>();
        for (Group g : groups) {
            check(g, true);
            boolean discovery = "true".equalsIgnoreCase(g.first("discovery"));
            if (discovery) {
                if (!g.all("key").isEmpty()) {
                    throw new CliException(
                            "discovery=true cannot be combined with key= in the same --wrapping-keys group");
                }
                String partition = g.first("discovery-partition");
                List<String> accounts = g.all("discovery-account");
                if ((partition == null) != accounts.isEmpty()) {
                    throw new CliException("A discovery filter needs both discovery-partition= and discovery-account=");
                }
                String profile = g.first("profile");
                String region = g.first("region");
                KmsDiscoveryKeyring.Builder b =
                        KmsDiscoveryKeyring.builder().clientSupplier(r -> client(profile, r != null ? r : region));
                if (partition != null) {
                    b.discoveryFilter(new DiscoveryFilter(partition, new HashSet<>(accounts)));
                }
                keyrings.add(b.build());
            } else {
                if (g.first("discovery") != null && !"false".equalsIgnoreCase(g.first("discovery"))) {
                    throw new CliException("discovery= must be true or false");
                }
                if (g.all("key").isEmpty()) {
                    throw new CliException("Each --wrapping-keys group needs key= or discovery=true");
                }
                for (String key : g.all("key")) {
                    keyrings.add(single(g, key, true));
                }
            }
        }
        return keyrings.size() == 1 ? keyrings.get(0) : new MultiKeyring(null, keyrings);
    }

    private static void check(Group g, boolean decrypt) {
        for (var e : g.pairs()) {
            if (!ATTRIBUTES.contains(e.getKey())) {
                throw new CliException("Unknown --wrapping-keys attribute '" + e.getKey() + "'");
            }
            if (!decrypt && e.getKey().startsWith("discovery")) {
                throw new CliException("discovery is only valid when decrypting");
            }
        }
    }

    private Keyring single(Group g, String key, boolean decrypt) throws IOException {
        String provider = g.first("provider") == null ? KmsKeyring.PROVIDER_ID : g.first("provider");
        if (provider.equals(RAW_AES)) {
            String name = g.first("name");
            if (name == null) {
                throw new CliException("provider=raw-aes needs name= (the key name recorded in messages)");
            }
            byte[] material = Files.readAllBytes(Path.of(key));
            try {
                String ns = g.first("namespace") == null ? DEFAULT_RAW_NAMESPACE : g.first("namespace");
                return new RawAesKeyring(ns, name, material);
            } catch (IllegalArgumentException e) {
                throw new CliException("Raw AES key file " + key + ": " + e.getMessage());
            } finally {
                java.util.Arrays.fill(material, (byte) 0);
            }
        }
        if (!provider.equals(KmsKeyring.PROVIDER_ID)) {
            throw new CliException("Unknown provider '" + provider + "' (expected aws-kms or raw-aes)");
        }
        KmsArn arn = KmsArn.parseOrNull(key);
        if (decrypt && (arn == null || !arn.isKey())) {
            throw new CliException(
                    "Decrypting needs key ARNs (arn:aws:kms:REGION:ACCOUNT:key/ID) or discovery=true, not '" + key
                            + "'");
        }
        String region = g.first("region") != null ? g.first("region") : arn != null ? arn.region() : null;
        return new KmsKeyring(client(g.first("profile"), region), key);
    }

    KmsClient client(String profile, String region) {
        String p = profile != null ? profile : defaultProfile;
        String r = region != null ? region : defaultRegion;
        String cacheKey = (p == null ? "" : p) + "|" + (r == null ? "" : r);
        return clients.computeIfAbsent(cacheKey, k -> {
            KmsClientBuilder b = KmsClient.builder();
            AwsCredentialsProvider creds = p != null
                    ? ProfileCredentialsProvider.create(p)
                    : DefaultCredentialsProvider.builder().build();
            b.credentialsProvider(creds);
            if (r != null) {
                b.region(Region.of(r));
            }
            if (endpoint != null) {
                b.endpointOverride(endpoint);
            }
            try {
                return b.build();
            } catch (RuntimeException e) {
                throw new CliException("Cannot create a KMS client"
                        + (r == null ? " (no region: use --region or a key ARN)" : "") + ": " + e.getMessage());
            }
        });
    }

    @Override
    public void close() {
        clients.values().forEach(KmsClient::close);
        clients.clear();
    }
}
