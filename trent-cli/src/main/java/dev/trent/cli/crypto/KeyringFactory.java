package dev.trent.cli.crypto;

import dev.trent.cli.crypto.AwsSettings.Setting;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.TrustManager;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsClientBuilder;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/**
 * Builds keyrings from {@code --wrapping-keys} groups, and their KMS clients from {@link AwsSettings} (profile,
 * region, endpoint and CA bundle, as the aws CLI resolves them) and the AWS credential chains. A key ARN's own region
 * is the region of its client, whatever else is configured. Decrypting with an alias or key id first resolves it to
 * the key ARN with {@code DescribeKey}, because encrypted data keys name the key ARN.
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

    private final AwsSettings settings;
    private final Map<String, KmsClient> clients = new ConcurrentHashMap<>();
    private final Map<String, SdkHttpClient> httpClients = new ConcurrentHashMap<>();
    private final Map<String, String> keyArns = new HashMap<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    KeyringFactory(AwsSettings settings) {
        this.settings = settings;
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
                transport(profile); // a bad CA bundle or endpoint is a usage error now, not a failed input later
                KmsDiscoveryKeyring.Builder b = KmsDiscoveryKeyring.builder()
                        .clientSupplier(r -> client(
                                profile,
                                r != null ? new Setting<>(r, "the key ARN") : region("discovery", region, profile)));
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
        String profile = g.first("profile");
        KmsArn arn = KmsArn.parseOrNull(key);
        if (decrypt && (arn == null || !arn.isKey())) {
            // Encrypted data keys name the key ARN: resolve aliases and key ids to it first.
            String keyArn = keyArn(key, arn, g.first("region"), profile);
            return new KmsKeyring(
                    client(profile, new Setting<>(KmsArn.parse(keyArn).region(), "the key ARN")), keyArn);
        }
        Setting<String> region =
                arn != null ? new Setting<>(arn.region(), "the key ARN") : region(key, g.first("region"), profile);
        return new KmsKeyring(client(profile, region), key);
    }

    /** The region for {@code key} (not an ARN), or a one-line error saying where a region can be given. */
    private Setting<String> region(String key, String groupRegion, String groupProfile) {
        Setting<String> r = settings.region(groupRegion, groupProfile);
        if (r == null) {
            throw new CliException("No AWS region for " + ("discovery".equals(key) ? "discovery" : "key " + key)
                    + ": use --region, region= in --wrapping-keys, AWS_REGION or AWS_DEFAULT_REGION, a region in profile "
                    + settings.profileName(groupProfile) + (key.equals("discovery") ? "" : ", or the key ARN"));
        }
        return r;
    }

    /**
     * The key ARN for an alias name, alias ARN or key id, from {@code DescribeKey} (once per key, region and profile
     * for the run); failures are one line naming the key.
     */
    String keyArn(String key, KmsArn aliasArn, String groupRegion, String groupProfile) {
        Setting<String> region = aliasArn != null
                ? new Setting<>(aliasArn.region(), "the alias ARN")
                : region(key, groupRegion, groupProfile);
        String cacheKey = settings.profileName(groupProfile) + "|" + region.value() + "|" + key;
        synchronized (keyArns) {
            String cached = keyArns.get(cacheKey);
            if (cached != null) {
                return cached;
            }
        }
        KmsClient kms = client(groupProfile, region);
        String where = where(region, groupProfile);
        String arn;
        try {
            arn = kms.describeKey(b -> b.keyId(key)).keyMetadata().arn();
        } catch (NotFoundException e) {
            throw new CliException("Key " + key + " not found (" + where + ")", e);
        } catch (AwsServiceException e) {
            if (CliErrors.configurationProblem(e) != null) {
                throw new CliException(CliErrors.describe(e), e);
            }
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
            throw new CliException(
                    "Cannot resolve key " + key + " to its ARN with DescribeKey (" + where + "): "
                            + CliErrors.serviceMessage(e)
                            + (code != null && code.contains("AccessDenied")
                                    ? "; without kms:DescribeKey, give the key ARN"
                                    : ""),
                    e);
        } catch (RuntimeException e) {
            if (e instanceof CliException) {
                throw e;
            }
            throw new CliException(
                    CliErrors.configurationProblem(e) != null
                            ? CliErrors.describe(e)
                            : "Cannot resolve key " + key + " to its ARN with DescribeKey (" + where + "): "
                                    + CliErrors.describe(e),
                    e);
        }
        KmsArn parsed = KmsArn.parseOrNull(arn);
        if (parsed == null || !parsed.isKey()) {
            throw new CliException("DescribeKey for " + key + " returned an invalid key ARN: " + arn);
        }
        synchronized (keyArns) {
            keyArns.put(cacheKey, arn);
        }
        return arn;
    }

    private String where(Setting<String> region, String groupProfile) {
        Setting<URI> endpoint = settings.endpoint(groupProfile);
        return "region " + region.value() + " from " + region.source() + "; endpoint "
                + (endpoint == null ? "AWS's" : endpoint.value() + " from " + endpoint.source());
    }

    /** The HTTP client for a profile's CA bundle (the JDK's trust store without one), checking the endpoint. */
    private SdkHttpClient transport(String groupProfile) {
        settings.endpoint(groupProfile);
        Setting<Path> ca = settings.caBundle(groupProfile);
        String key = ca == null ? "" : ca.value().toString();
        SdkHttpClient http = httpClients.get(key);
        if (http == null) {
            Apache5HttpClient.Builder b = Apache5HttpClient.builder();
            if (ca != null) {
                TrustManager[] trust = CaBundle.load(ca.value(), ca.source()).trustManagers();
                b.tlsTrustManagersProvider(() -> trust);
            }
            http = b.build();
            SdkHttpClient raced = httpClients.putIfAbsent(key, http);
            if (raced != null) {
                http.close();
                http = raced;
            }
        }
        return http;
    }

    /** The KMS client for a profile and region, built once per run. */
    KmsClient client(String groupProfile, Setting<String> region) {
        String profile = settings.profileName(groupProfile);
        // A profile named on the command line brings its own credentials; one from AWS_PROFILE comes after the
        // environment's: different clients.
        String cacheKey =
                (settings.explicitProfile(groupProfile) != null ? "--profile " : "") + profile + "|" + region.value();
        KmsClient existing = clients.get(cacheKey);
        if (existing != null) {
            return existing;
        }
        SdkHttpClient http = transport(groupProfile);
        Setting<URI> endpoint = settings.endpoint(groupProfile);
        Setting<Path> ca = settings.caBundle(groupProfile);
        AwsEnvironment env = settings.environment();
        AwsCredentialsProvider credentials = credentials(groupProfile);
        KmsClientBuilder b = KmsClient.builder()
                .httpClient(http)
                .region(Region.of(region.value()))
                .credentialsProvider(credentials)
                .overrideConfiguration(o -> o.defaultProfileFile(env.profileFile())
                        .defaultProfileName(profile)
                        .addExecutionInterceptor(new CliErrors.Interceptor(
                                endpoint == null ? null : endpoint.source(),
                                ca == null ? null : ca.value() + " (from " + ca.source() + ")")));
        if (endpoint != null) {
            // Given explicitly, so the SDK does not look for AWS_ENDPOINT_URL* or endpoint_url again itself.
            b.endpointOverride(endpoint.value());
        }
        KmsClient kms;
        try {
            kms = b.build();
        } catch (RuntimeException e) {
            throw new CliException(
                    "Cannot create a KMS client for region " + region.value() + ": " + CliErrors.describe(e), e);
        }
        KmsClient raced = clients.putIfAbsent(cacheKey, kms);
        if (raced != null) {
            kms.close();
            return raced;
        }
        return kms;
    }

    /**
     * Credentials: with a profile named on the command line, that profile's (the environment's keys are ignored, as
     * in the aws CLI); otherwise the AWS SDK's default chain (system properties, {@code AWS_ACCESS_KEY_ID} /
     * {@code AWS_SECRET_ACCESS_KEY} / {@code AWS_SESSION_TOKEN}, web identity, the profile, container and instance
     * credentials) over this environment's profile files. With a given (not the process's) environment: its
     * {@code aws.*} properties, its variables and the profile only. A failure is one line, not the SDK's provider-chain dump.
     */
    private AwsCredentialsProvider credentials(String groupProfile) {
        AwsEnvironment env = settings.environment();
        String explicit = settings.explicitProfile(groupProfile);
        String profile = settings.profileName(groupProfile);
        AwsCredentialsProvider p;
        if (explicit != null) {
            p = ProfileCredentialsProvider.builder()
                    .profileFile(env.profileFile())
                    .profileName(profile)
                    .build();
        } else if (env.isProcess()) {
            p = DefaultCredentialsProvider.builder()
                    .profileFile(env.profileFile())
                    .profileName(profile)
                    .build();
        } else {
            p = AwsCredentialsProviderChain.builder()
                    .reuseLastProviderEnabled(false)
                    .credentialsProviders(
                            () -> fromProperties(env),
                            () -> fromVariables(env),
                            ProfileCredentialsProvider.builder()
                                    .profileFile(env.profileFile())
                                    .profileName(profile)
                                    .build())
                    .build();
        }
        if (p instanceof AutoCloseable c) {
            synchronized (closeables) {
                closeables.add(c);
            }
        }
        return new OneLineCredentials(p, profile, explicit != null, env);
    }

    private static AwsCredentials fromProperties(AwsEnvironment env) {
        return credentials(
                env.property("aws.accessKeyId"),
                env.property("aws.secretAccessKey"),
                env.property("aws.sessionToken"),
                "aws.accessKeyId and aws.secretAccessKey");
    }

    private static AwsCredentials fromVariables(AwsEnvironment env) {
        return credentials(
                env.get("AWS_ACCESS_KEY_ID"),
                env.get("AWS_SECRET_ACCESS_KEY"),
                env.get("AWS_SESSION_TOKEN"),
                "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
    }

    private static AwsCredentials credentials(String id, String secret, String token, String names) {
        if (id == null || secret == null) {
            throw SdkClientException.create(names + " are not both set");
        }
        return token == null ? AwsBasicCredentials.create(id, secret) : AwsSessionCredentials.create(id, secret, token);
    }

    /** Credentials whose failure is one line saying what to do. */
    private record OneLineCredentials(
            AwsCredentialsProvider delegate, String profile, boolean explicit, AwsEnvironment env)
            implements AwsCredentialsProvider {
        @Override
        public AwsCredentials resolveCredentials() {
            try {
                return delegate.resolveCredentials();
            } catch (RuntimeException e) {
                String m = CliErrors.oneLine(e.getMessage());
                String files = env.credentialsFile() + " or " + env.configFile();
                String line;
                if (explicit) {
                    line = "No usable AWS credentials in profile '" + profile + "' (" + files + ")"
                            + (m.startsWith("Profile file contained no") || m.isEmpty()
                                    ? ""
                                    : ": " + (m.length() > 200 ? m.substring(0, 200) + "…" : m))
                            + "; add aws_access_key_id and aws_secret_access_key to it or use another --profile";
                } else {
                    line = "No AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or use --profile"
                            + " or AWS_PROFILE with a profile that has credentials (" + files + ")";
                }
                throw new CliErrors.ConfigurationProblem(line, e);
            }
        }
    }

    @Override
    public void close() {
        clients.values().forEach(KmsClient::close);
        clients.clear();
        httpClients.values().forEach(SdkHttpClient::close);
        httpClients.clear();
        synchronized (closeables) {
            for (AutoCloseable c : closeables) {
                try {
                    c.close();
                } catch (Exception e) {
                    // best effort
                }
            }
            closeables.clear();
        }
    }
}
