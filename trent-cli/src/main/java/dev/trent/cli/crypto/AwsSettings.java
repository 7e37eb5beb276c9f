package dev.trent.cli.crypto;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Optional;
import software.amazon.awssdk.profiles.Profile;

/**
 * Resolves the settings of the CLI's KMS clients the way the aws CLI documents them: a command-line flag wins over
 * the environment, which wins over the profile in the shared config file, which wins over the default.
 *
 * <ul>
 *   <li>profile: {@code profile=} in a {@code --wrapping-keys} group &gt; {@code --profile} &gt; {@code AWS_PROFILE}
 *       &gt; {@code default};
 *   <li>region: {@code region=} in the group &gt; {@code --region} &gt; the JVM property {@code aws.region} (the AWS
 *       SDK for Java's) &gt; {@code AWS_REGION} &gt; {@code AWS_DEFAULT_REGION} &gt; the profile's {@code region}. A key
 *       ARN's own region wins over all of these for that key (see {@link KeyringFactory});
 *   <li>endpoint: {@code --endpoint-url} &gt; {@code AWS_ENDPOINT_URL_KMS} &gt; {@code AWS_ENDPOINT_URL} &gt; the
 *       profile's {@code services} section ({@code kms = / endpoint_url = …}) &gt; the profile's top-level
 *       {@code endpoint_url} &gt; AWS's endpoint for the region. {@code AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true} (or
 *       the profile's {@code ignore_configured_endpoint_urls}) leaves only the flag, as in the aws CLI;
 *   <li>CA bundle: {@code --ca-bundle} &gt; {@code AWS_CA_BUNDLE} &gt; the profile's {@code ca_bundle} &gt; the JDK's
 *       trust store.
 * </ul>
 *
 * Every resolved value carries where it came from, for error messages.
 */
final class AwsSettings {
    /** A setting's value and where it came from ("--region", "AWS_REGION", "profile dev", ...). */
    record Setting<T>(T value, String source) {}

    private final AwsEnvironment env;
    private final String profileFlag;
    private final String regionFlag;
    private final URI endpointFlag;
    private final Path caBundleFlag;

    AwsSettings(AwsEnvironment env, String profileFlag, String regionFlag, URI endpointFlag, Path caBundleFlag) {
        this.env = env;
        this.profileFlag = profileFlag;
        this.regionFlag = regionFlag;
        this.endpointFlag = endpointFlag;
        this.caBundleFlag = caBundleFlag;
    }

    AwsEnvironment environment() {
        return env;
    }

    /** The profile name given on the command line (group or flag), or null. */
    String explicitProfile(String groupProfile) {
        return groupProfile != null ? groupProfile : profileFlag;
    }

    /** The profile to read settings and credentials from. */
    String profileName(String groupProfile) {
        String p = explicitProfile(groupProfile);
        return p != null ? p : env.profileName();
    }

    private Optional<Profile> profile(String groupProfile) {
        return env.profileFile().profile(profileName(groupProfile));
    }

    private Optional<String> profileProperty(String groupProfile, String name) {
        return profile(groupProfile).flatMap(p -> p.property(name)).filter(v -> !v.isBlank());
    }

    /** The region for a client, or null when none is configured anywhere. */
    Setting<String> region(String groupRegion, String groupProfile) {
        if (groupRegion != null) {
            return new Setting<>(groupRegion, "region= in --wrapping-keys");
        }
        if (regionFlag != null) {
            return new Setting<>(regionFlag, "--region");
        }
        if (env.property("aws.region") != null) {
            return new Setting<>(env.property("aws.region"), "the aws.region system property");
        }
        for (String v : new String[] {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
            if (env.get(v) != null) {
                return new Setting<>(env.get(v), v);
            }
        }
        String profile = profileName(groupProfile);
        return profileProperty(groupProfile, "region")
                .map(r -> new Setting<>(r, "profile " + profile))
                .orElse(null);
    }

    /** The endpoint override, or null for AWS's own endpoint of the region. */
    Setting<URI> endpoint(String groupProfile) {
        if (endpointFlag != null) {
            return new Setting<>(endpointFlag, "--endpoint-url");
        }
        if ("true".equalsIgnoreCase(env.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"))
                || profileProperty(groupProfile, "ignore_configured_endpoint_urls")
                        .map("true"::equalsIgnoreCase)
                        .orElse(false)) {
            return null;
        }
        for (String v : new String[] {"AWS_ENDPOINT_URL_KMS", "AWS_ENDPOINT_URL"}) {
            if (env.get(v) != null) {
                return new Setting<>(uri(env.get(v), v), v);
            }
        }
        String profile = profileName(groupProfile);
        Optional<String> services = profileProperty(groupProfile, "services");
        if (services.isPresent()) {
            Optional<String> url = env.profileFile()
                    .getSection("services", services.get())
                    .flatMap(s -> s.property("kms.endpoint_url"))
                    .filter(u -> !u.isBlank());
            if (url.isPresent()) {
                String source = "profile " + profile + " (services " + services.get() + ")";
                return new Setting<>(uri(url.get(), source), source);
            }
        }
        return profileProperty(groupProfile, "endpoint_url")
                .map(u -> new Setting<>(uri(u, "profile " + profile), "profile " + profile))
                .orElse(null);
    }

    /** The PEM file of certificates to trust instead of the JDK's, or null. */
    Setting<Path> caBundle(String groupProfile) {
        if (caBundleFlag != null) {
            return new Setting<>(caBundleFlag, "--ca-bundle");
        }
        if (env.get("AWS_CA_BUNDLE") != null) {
            return new Setting<>(Path.of(env.get("AWS_CA_BUNDLE")), "AWS_CA_BUNDLE");
        }
        String profile = profileName(groupProfile);
        return profileProperty(groupProfile, "ca_bundle")
                .map(p -> new Setting<>(Path.of(p), "profile " + profile))
                .orElse(null);
    }

    private static URI uri(String value, String source) {
        try {
            URI u = new URI(value.trim());
            if (u.getScheme() == null
                    || !(u.getScheme().equalsIgnoreCase("http") || u.getScheme().equalsIgnoreCase("https"))
                    || u.getHost() == null) {
                throw new URISyntaxException(value, "expected http://HOST[:PORT] or https://HOST[:PORT]");
            }
            return u;
        } catch (URISyntaxException e) {
            throw new CliException("Invalid endpoint URL '" + value + "' from " + source + ": " + e.getReason());
        }
    }

    /** Checks the --endpoint-url flag itself, so a bad one is a usage error before anything runs. */
    static URI checkEndpoint(URI flag) {
        return flag == null ? null : uri(flag.toString(), "--endpoint-url");
    }
}
