package dev.trent.cli.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trent.cli.crypto.AwsSettings.Setting;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The precedence of flags, environment and profile, with the environment and config file injected. */
class AwsSettingsTest {
    @TempDir
    Path dir;

    Path config;
    final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void setUp() throws Exception {
        config = dir.resolve("config");
        Files.writeString(config, """
                [default]
                region = eu-central-1
                endpoint_url = http://top.example:1
                ca_bundle = /from/profile/default.pem

                [profile dev]
                region = ap-south-1
                services = dev-services
                endpoint_url = http://dev-top.example:2
                ca_bundle = /from/profile/dev.pem

                [profile bare]
                output = json

                [services dev-services]
                kms =
                  endpoint_url = http://dev-kms.example:3
                s3 =
                  endpoint_url = http://dev-s3.example:4
                """);
        env.put("AWS_CONFIG_FILE", config.toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString());
        env.put("HOME", dir.resolve("home").toString());
    }

    AwsSettings settings(String profile, String region, String endpoint, String caBundle) {
        return settings(Map.of(), profile, region, endpoint, caBundle);
    }

    AwsSettings settings(Map<String, String> props, String profile, String region, String endpoint, String caBundle) {
        return new AwsSettings(
                AwsEnvironment.of(env, props),
                profile,
                region,
                endpoint == null ? null : URI.create(endpoint),
                caBundle == null ? null : Path.of(caBundle));
    }

    static <T> String show(Setting<T> s) {
        return s == null ? null : s.value() + " <- " + s.source();
    }

    @Test
    void regionFromGroupFlagPropertyEnvironmentThenProfile() {
        assertThat(show(settings(null, null, null, null).region(null, null)))
                .isEqualTo("eu-central-1 <- profile default");
        env.put("AWS_PROFILE", "dev");
        assertThat(show(settings(null, null, null, null).region(null, null))).isEqualTo("ap-south-1 <- profile dev");
        env.put("AWS_PROFILE", "bare");
        assertThat(settings(null, null, null, null).region(null, null)).isNull();
        // --profile (or profile= in the group) wins over AWS_PROFILE.
        assertThat(show(settings("dev", null, null, null).region(null, null))).isEqualTo("ap-south-1 <- profile dev");
        assertThat(show(settings(null, null, null, null).region(null, "default")))
                .isEqualTo("eu-central-1 <- profile default");

        env.put("AWS_DEFAULT_REGION", "us-west-1");
        assertThat(show(settings("dev", null, null, null).region(null, null)))
                .isEqualTo("us-west-1 <- AWS_DEFAULT_REGION");
        env.put("AWS_REGION", "us-east-2");
        assertThat(show(settings("dev", null, null, null).region(null, null))).isEqualTo("us-east-2 <- AWS_REGION");
        assertThat(show(settings(Map.of("aws.region", "sa-east-1"), "dev", null, null, null)
                        .region(null, null)))
                .isEqualTo("sa-east-1 <- the aws.region system property");
        assertThat(show(settings(Map.of("aws.region", "sa-east-1"), "dev", "ca-central-1", null, null)
                        .region(null, null)))
                .isEqualTo("ca-central-1 <- --region");
        assertThat(show(settings("dev", "ca-central-1", null, null).region("eu-north-1", null)))
                .isEqualTo("eu-north-1 <- region= in --wrapping-keys");
    }

    @Test
    void blankVariablesCountAsUnsetAndNoConfigMeansNoRegion() {
        env.put("AWS_REGION", " ");
        env.put("AWS_DEFAULT_REGION", "");
        assertThat(show(settings(null, null, null, null).region(null, null)))
                .isEqualTo("eu-central-1 <- profile default");
        env.put("AWS_CONFIG_FILE", dir.resolve("missing").toString());
        assertThat(settings(null, null, null, null).region(null, null)).isNull();
    }

    @Test
    void configFileDefaultsToTheHomeDirectory() throws Exception {
        env.remove("AWS_CONFIG_FILE");
        assertThat(settings(null, null, null, null).region(null, null)).isNull();
        Path home = dir.resolve("home");
        Files.createDirectories(home.resolve(".aws"));
        Files.copy(config, home.resolve(".aws/config"));
        assertThat(show(settings(null, null, null, null).region(null, null)))
                .isEqualTo("eu-central-1 <- profile default");
    }

    @Test
    void endpointFromFlagKmsVariableGenericVariableServicesSectionThenProfile() {
        assertThat(show(settings(null, null, null, null).endpoint(null)))
                .isEqualTo("http://top.example:1 <- profile default");
        assertThat(show(settings("dev", null, null, null).endpoint(null)))
                .isEqualTo("http://dev-kms.example:3 <- profile dev (services dev-services)");
        assertThat(settings("bare", null, null, null).endpoint(null)).isNull();
        env.put("AWS_ENDPOINT_URL", "http://generic.example:5");
        assertThat(show(settings("dev", null, null, null).endpoint(null)))
                .isEqualTo("http://generic.example:5 <- AWS_ENDPOINT_URL");
        env.put("AWS_ENDPOINT_URL_KMS", "https://kms.example:6");
        assertThat(show(settings("dev", null, null, null).endpoint(null)))
                .isEqualTo("https://kms.example:6 <- AWS_ENDPOINT_URL_KMS");
        assertThat(show(settings("dev", null, "http://localhost:4599", null).endpoint(null)))
                .isEqualTo("http://localhost:4599 <- --endpoint-url");

        // As in the aws CLI, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS leaves only the flag.
        env.put("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true");
        assertThat(settings("dev", null, null, null).endpoint(null)).isNull();
        assertThat(show(settings("dev", null, "http://localhost:4599", null).endpoint(null)))
                .isEqualTo("http://localhost:4599 <- --endpoint-url");
    }

    @Test
    void badEndpointUrlsAreOneLineErrorsNamingTheirSource() {
        env.put("AWS_ENDPOINT_URL_KMS", "localhost:4599");
        assertThatThrownBy(() -> settings(null, null, null, null).endpoint(null))
                .isInstanceOf(CliException.class)
                .hasMessage("Invalid endpoint URL 'localhost:4599' from AWS_ENDPOINT_URL_KMS: expected "
                        + "http://HOST[:PORT] or https://HOST[:PORT]");
        assertThatThrownBy(() -> AwsSettings.checkEndpoint(URI.create("ftp://x")))
                .hasMessageContaining("from --endpoint-url");
    }

    @Test
    void caBundleFromFlagEnvironmentThenProfile() {
        assertThat(show(settings(null, null, null, null).caBundle(null)))
                .isEqualTo("/from/profile/default.pem <- profile default");
        assertThat(show(settings(null, null, null, null).caBundle("dev")))
                .isEqualTo("/from/profile/dev.pem <- profile dev");
        assertThat(settings("bare", null, null, null).caBundle(null)).isNull();
        env.put("AWS_CA_BUNDLE", "/from/env.pem");
        assertThat(show(settings("dev", null, null, null).caBundle(null))).isEqualTo("/from/env.pem <- AWS_CA_BUNDLE");
        assertThat(show(settings("dev", null, null, "/from/flag.pem").caBundle(null)))
                .isEqualTo("/from/flag.pem <- --ca-bundle");
    }

    @Test
    void anUnparseableConfigFileIsOneLineNamingIt() throws Exception {
        Files.writeString(config, "[default\nregion = x\n");
        assertThatThrownBy(() -> settings(null, null, null, null).region(null, null))
                .isInstanceOf(CliException.class)
                .hasMessageStartingWith("Cannot read the AWS config file " + config + ": ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
