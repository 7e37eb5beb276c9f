package dev.trent.cli.crypto;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * Where the CLI's AWS settings come from besides its flags: environment variables, the JVM's {@code aws.*} system
 * properties (the AWS SDK for Java's equivalents, e.g. {@code aws.region}, {@code aws.accessKeyId}) and the shared
 * config and credentials files. The process's in production; tests pass maps instead, so nothing here reads
 * {@link System#getenv()} or {@link System#getProperties()} behind the caller's back.
 *
 * <p>Files, as the aws CLI finds them: {@code AWS_CONFIG_FILE} (default {@code ~/.aws/config}) and
 * {@code AWS_SHARED_CREDENTIALS_FILE} (default {@code ~/.aws/credentials}), {@code ~} being {@code HOME} (or the
 * {@code user.home} property when {@code HOME} is unset). Missing files are simply absent.
 */
final class AwsEnvironment {
    private final Map<String, String> variables;
    private final Map<String, String> properties;
    private final boolean process;
    private ProfileFile profileFile;

    private AwsEnvironment(Map<String, String> variables, Map<String, String> properties, boolean process) {
        this.variables = Map.copyOf(Objects.requireNonNull(variables, "variables"));
        this.properties = Map.copyOf(Objects.requireNonNull(properties, "properties"));
        this.process = process;
    }

    /** The environment and {@code aws.*} system properties of this process. */
    static AwsEnvironment process() {
        Map<String, String> props = new java.util.HashMap<>();
        System.getProperties().forEach((k, v) -> {
            if (k instanceof String key && key.startsWith("aws.") && v instanceof String value) {
                props.put(key, value);
            }
        });
        return new AwsEnvironment(System.getenv(), props, true);
    }

    /** Given variables and no system properties (for tests and embedding): nothing is read from the real ones. */
    static AwsEnvironment of(Map<String, String> variables) {
        return of(variables, Map.of());
    }

    /** Given variables and {@code aws.*} system properties. */
    static AwsEnvironment of(Map<String, String> variables, Map<String, String> properties) {
        return new AwsEnvironment(variables, properties, false);
    }

    /** True for {@link #process()}: credential sources the SDK reads from the real environment may be used. */
    boolean isProcess() {
        return process;
    }

    /** A variable, or null when unset or blank (an empty {@code AWS_REGION=} counts as unset, as in the aws CLI). */
    String get(String name) {
        String v = variables.get(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    /** An {@code aws.*} system property, or null when unset or blank. */
    String property(String name) {
        String v = properties.get(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    Path home() {
        String h = get("HOME");
        return Path.of(h != null ? h : System.getProperty("user.home"));
    }

    Path configFile() {
        String f = get("AWS_CONFIG_FILE");
        return f != null ? expand(f) : home().resolve(".aws").resolve("config");
    }

    Path credentialsFile() {
        String f = get("AWS_SHARED_CREDENTIALS_FILE");
        return f != null ? expand(f) : home().resolve(".aws").resolve("credentials");
    }

    private Path expand(String f) {
        if (f.equals("~") || f.startsWith("~/")) {
            return home().resolve(f.equals("~") ? "" : f.substring(2));
        }
        return Path.of(f);
    }

    /** The profile name from the environment: {@code AWS_PROFILE}, else {@code default}. */
    String profileName() {
        String p = get("AWS_PROFILE");
        return p != null ? p : "default";
    }

    /** The config and credentials files, parsed once; a file that cannot be parsed is a one-line error. */
    synchronized ProfileFile profileFile() {
        if (profileFile == null) {
            ProfileFile.Aggregator all = ProfileFile.aggregator();
            add(all, credentialsFile(), ProfileFile.Type.CREDENTIALS);
            add(all, configFile(), ProfileFile.Type.CONFIGURATION);
            profileFile = all.build();
        }
        return profileFile;
    }

    private static void add(ProfileFile.Aggregator all, Path file, ProfileFile.Type type) {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            all.addFile(ProfileFile.builder().content(file).type(type).build());
        } catch (RuntimeException e) {
            throw new CliException("Cannot read the AWS "
                    + (type == ProfileFile.Type.CONFIGURATION ? "config" : "credentials")
                    + " file " + file + ": " + CliErrors.oneLine(e.getMessage()));
        }
    }
}
