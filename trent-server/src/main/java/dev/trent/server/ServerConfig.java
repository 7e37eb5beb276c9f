package dev.trent.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trent.server.auth.Regions;
import dev.trent.server.quota.QuotaSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How a Trent server runs. Built from command-line flags, optionally on top of a JSON config file whose
 * members have the same names as the fields here (e.g. {@code {"port": 4599, "dataDir": "/var/lib/trent"}}).
 *
 * @param store where keys live: {@code sqlite} (the embedded default, {@code <dataDir>/trent.db}) or another
 *     store's location (see {@code StoreProvider})
 * @param transport the network transport: {@code auto} (the fastest that loads here), {@code epoll},
 *     {@code io_uring} or {@code nio}; by default the system property {@code trent.transport}, else the
 *     environment variable {@code TRENT_TRANSPORT}, else {@code auto} (see {@link Transport})
 * @param rootKeyPermissions what to do when the root key file is accessible to group or others: warn (the default)
 *     or refuse to start
 * @param tlsSubjectAlternativeNames extra DNS names and IP addresses for the self-signed certificate
 * @param extraRegions private region names accepted in credential scopes besides the AWS regions
 * @param maxConnections open connections the server keeps at most; more are closed as they arrive
 * @param maxConnectionsPerClient open connections one client address may hold at most
 * @param idleTimeoutSeconds a connection idle this long between requests is closed
 * @param requestTimeoutSeconds a request that has not arrived whole this long after it began is dropped
 * @param maxInFlightRequestBytes the request bodies being read or handled, over all connections, take at most this
 *     many bytes; a request that would go over is answered 503 ServiceUnavailable (see {@code InFlightBodies})
 * @param devHosts host names besides the loopback ones that {@code --dev} mode answers (see {@code DevHostCheck})
 * @param logLevel Trent's log level ({@code error|warn|info|debug|trace}), or null for the default (the
 *     {@code TRENT_LOG_LEVEL} environment variable, else {@code info}); applied by the command line
 * @param rootOfTrust where the root key lives: {@code file} (the default), {@code passphrase} or {@code pkcs11}
 * @param rootKeyFile the root key file of {@code file}, or null for {@code <dataDir>/root.key}; the nodes of a
 *     cluster on one database share one root key (each names a copy of the same file)
 * @param pkcs11Library the PKCS#11 library of {@code pkcs11} (e.g. {@code /usr/lib/softhsm/libsofthsm2.so})
 * @param pkcs11TokenLabel the label of the token that holds the root key
 * @param pkcs11KeyLabel the label of the root key on the token ({@code trent-root} by default)
 * @param seed a YAML file of keys, aliases, policies, tags and rotation settings to create at start if they do not
 *     exist (see {@code docs/configuration.md}), or null
 * @param requestQuotas whether AWS's request quotas are enforced, and the overrides of their values
 * @param accessLog where the access log goes: {@code off}, {@code logger} (the {@code trent.access} logger) or a
 *     file path
 * @param metrics whether {@code GET /metrics} answers (Prometheus text format)
 * @param audit the audit journal's settings (see {@link Audit})
 */
public record ServerConfig(
        String host,
        int port,
        Path dataDir,
        boolean dev,
        String devAccount,
        Path tlsCertificate,
        Path tlsPrivateKey,
        int maxRequestBytes,
        int deletionCheckSeconds,
        String store,
        String transport,
        RootKeyPermissions rootKeyPermissions,
        List<String> tlsSubjectAlternativeNames,
        List<String> extraRegions,
        String logLevel,
        List<String> devHosts,
        int maxConnections,
        int maxConnectionsPerClient,
        int idleTimeoutSeconds,
        int requestTimeoutSeconds,
        Path seed,
        int maxInFlightRequestBytes,
        QuotaSettings requestQuotas,
        String accessLog,
        boolean metrics,
        Audit audit,
        String rootOfTrust,
        Path rootKeyFile,
        Path pkcs11Library,
        String pkcs11TokenLabel,
        String pkcs11KeyLabel) {

    /**
     * The audit trail's settings (config file only).
     *
     * @param sink {@code journal} (the default: every request is recorded in {@code <data-dir>/audit/}) or {@code none}
     *     (nothing is recorded; for benchmarks that measure what auditing costs)
     * @param digestIntervalSeconds how often a signed digest file is written (default 3600, as CloudTrail)
     * @param fsync whether each group commit is forced to disk before its requests are answered (default true)
     * @param segmentMaxBytes the size at which a journal segment file is closed and a new one begun
     */
    public record Audit(String sink, int digestIntervalSeconds, boolean fsync, long segmentMaxBytes) {
        public static final Audit DEFAULTS = new Audit("journal", 3600, true, 64L << 20);

        public boolean enabled() {
            return "journal".equals(sink);
        }

        void validate() {
            if (!"journal".equals(sink) && !"none".equals(sink)) {
                throw new IllegalArgumentException("auditSink must be journal or none, not '" + sink + "'");
            }
            if (digestIntervalSeconds < 1) {
                throw new IllegalArgumentException(
                        "auditDigestIntervalSeconds must be at least 1, not " + digestIntervalSeconds);
            }
            if (segmentMaxBytes < 1) {
                throw new IllegalArgumentException("auditSegmentMaxBytes must be at least 1, not " + segmentMaxBytes);
            }
        }
    }

    public static final int DEFAULT_PORT = 4599;
    public static final String DEFAULT_DEV_ACCOUNT = "000000000000";
    /**
     * 64 MiB: 64 request bodies of the largest size at once, or tens of thousands of ordinary KMS requests (a few KB
     * each), far more than the event loops have in hand at any moment under benign load.
     */
    public static final int DEFAULT_MAX_IN_FLIGHT_REQUEST_BYTES = 64 << 20;
    /** The log levels, from the fewest messages to the most. */
    public static final List<String> LOG_LEVELS = List.of("error", "warn", "info", "debug", "trace");
    /** The values of {@code rootOfTrust}. */
    public static final List<String> ROOTS_OF_TRUST = List.of("file", "passphrase", "pkcs11");

    public ServerConfig {
        tlsSubjectAlternativeNames = List.copyOf(tlsSubjectAlternativeNames);
        extraRegions = List.copyOf(extraRegions);
        devHosts = devHosts == null ? List.of() : List.copyOf(devHosts);
        audit = audit == null ? Audit.DEFAULTS : audit;
    }

    /** What to do when the root key file can be read or changed by group or others. */
    public enum RootKeyPermissions {
        /** Start, and log a warning that says how to fix it. */
        WARN,
        /** Do not start. */
        REFUSE;

        public static RootKeyPermissions parse(String v) {
            for (RootKeyPermissions p : values()) {
                if (p.name().equalsIgnoreCase(v)) return p;
            }
            throw new IllegalArgumentException("rootKeyPermissions must be warn or refuse, not '" + v + "'");
        }

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * A log level as Trent takes it: one of {@link #LOG_LEVELS}, in any case.
     *
     * @param source what the value came from, for the message (e.g. {@code --log-level})
     * @return the level in lowercase
     */
    public static String parseLogLevel(String value, String source) {
        String v = value.strip().toLowerCase(java.util.Locale.ROOT);
        if (!LOG_LEVELS.contains(v)) {
            throw new IllegalArgumentException(
                    source + " must be one of " + String.join(", ", LOG_LEVELS) + "; not '" + value + "'");
        }
        return v;
    }

    public static ServerConfig defaults() {
        return new Builder().build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Reads a JSON config file over {@code base}. Unknown members and wrong types are errors. */
    public static ServerConfig fromFile(Path file, ServerConfig base) {
        JsonNode n;
        try {
            n = new ObjectMapper().readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        if (n == null || !n.isObject())
            throw new IllegalArgumentException("config file " + file + " must hold a JSON object");
        var known = new java.util.TreeSet<>(java.util.Set.of(
                "host",
                "port",
                "dataDir",
                "dev",
                "devAccount",
                "tlsCertificate",
                "tlsPrivateKey",
                "maxRequestBytes",
                "deletionCheckSeconds",
                "store",
                "transport",
                "rootKeyPermissions",
                "tlsSubjectAlternativeNames",
                "extraRegions",
                "logLevel",
                "devHosts",
                "maxConnections",
                "maxConnectionsPerClient",
                "idleTimeoutSeconds",
                "requestTimeoutSeconds",
                "seed",
                "maxInFlightRequestBytes",
                "requestQuotas",
                "accessLog",
                "metrics",
                "auditSink",
                "auditDigestIntervalSeconds",
                "auditFsync",
                "auditSegmentMaxBytes",
                "rootOfTrust",
                "rootKeyFile",
                "pkcs11Library",
                "pkcs11TokenLabel",
                "pkcs11KeyLabel"));
        n.fieldNames().forEachRemaining(f -> {
            if (!known.contains(f)) {
                throw new IllegalArgumentException(
                        "config file " + file + ": unknown setting '" + f + "'; known: " + known);
            }
        });
        ConfigReader r = new ConfigReader(file, n);
        Builder b = base.toBuilder();
        r.text("host").ifPresent(b::host);
        r.integer("port").ifPresent(b::port);
        r.text("dataDir").map(Path::of).ifPresent(b::dataDir);
        r.bool("dev").ifPresent(b::dev);
        r.text("devAccount").ifPresent(b::devAccount);
        r.text("tlsCertificate").map(Path::of).ifPresent(b::tlsCertificate);
        r.text("tlsPrivateKey").map(Path::of).ifPresent(b::tlsPrivateKey);
        r.integer("maxRequestBytes").ifPresent(b::maxRequestBytes);
        r.integer("deletionCheckSeconds").ifPresent(b::deletionCheckSeconds);
        r.text("store").ifPresent(b::store);
        r.text("transport").ifPresent(b::transport);
        r.text("rootKeyPermissions")
                .ifPresent(v -> b.rootKeyPermissions(r.parse("rootKeyPermissions", () -> RootKeyPermissions.parse(v))));
        r.texts("tlsSubjectAlternativeNames").ifPresent(b::tlsSubjectAlternativeNames);
        r.texts("extraRegions").ifPresent(b::extraRegions);
        r.texts("devHosts").ifPresent(b::devHosts);
        r.integer("maxConnections").ifPresent(b::maxConnections);
        r.integer("maxConnectionsPerClient").ifPresent(b::maxConnectionsPerClient);
        r.integer("idleTimeoutSeconds").ifPresent(b::idleTimeoutSeconds);
        r.integer("requestTimeoutSeconds").ifPresent(b::requestTimeoutSeconds);
        // a relative seed path is taken from the config file's directory
        r.text("seed").map(v -> resolveBeside(file, v)).ifPresent(b::seed);
        r.integer("maxInFlightRequestBytes").ifPresent(b::maxInFlightRequestBytes);
        r.object("requestQuotas")
                .ifPresent(v -> b.requestQuotas(r.parse("requestQuotas", () -> QuotaSettings.parse(v))));
        r.text("accessLog").ifPresent(b::accessLog);
        r.bool("metrics").ifPresent(b::metrics);
        Audit a = base.audit();
        a = new Audit(
                r.text("auditSink").orElse(a.sink()),
                r.integer("auditDigestIntervalSeconds").orElse(a.digestIntervalSeconds()),
                r.bool("auditFsync").orElse(a.fsync()),
                r.integer("auditSegmentMaxBytes").map(Integer::longValue).orElse(a.segmentMaxBytes()));
        b.audit(a);
        r.text("rootOfTrust").ifPresent(b::rootOfTrust);
        r.text("rootKeyFile").map(v -> resolveBeside(file, v)).ifPresent(b::rootKeyFile);
        r.text("pkcs11Library").map(Path::of).ifPresent(b::pkcs11Library);
        r.text("pkcs11TokenLabel").ifPresent(b::pkcs11TokenLabel);
        r.text("pkcs11KeyLabel").ifPresent(b::pkcs11KeyLabel);
        r.text("logLevel").ifPresent(v -> b.logLevel(r.parse("logLevel", () -> parseLogLevel(v, "logLevel"))));
        return b.build();
    }

    private static Path resolveBeside(Path file, String value) {
        Path p = Path.of(value);
        Path dir = file.toAbsolutePath().getParent();
        return p.isAbsolute() || dir == null ? p : dir.resolve(p);
    }

    /** Reads typed members of a config file; a member of the wrong type is an error naming it. */
    private record ConfigReader(Path file, JsonNode n) {
        java.util.Optional<String> text(String name) {
            JsonNode v = n.get(name);
            if (v == null || v.isNull()) return java.util.Optional.empty();
            if (!v.isTextual()) throw wrongType(name, "a string");
            return java.util.Optional.of(v.asText());
        }

        java.util.Optional<Integer> integer(String name) {
            JsonNode v = n.get(name);
            if (v == null || v.isNull()) return java.util.Optional.empty();
            if (!v.isIntegralNumber() || !v.canConvertToInt()) throw wrongType(name, "a whole number");
            return java.util.Optional.of(v.asInt());
        }

        java.util.Optional<JsonNode> object(String name) {
            JsonNode v = n.get(name);
            if (v == null || v.isNull()) return java.util.Optional.empty();
            if (!v.isObject()) throw wrongType(name, "an object");
            return java.util.Optional.of(v);
        }

        java.util.Optional<List<String>> texts(String name) {
            JsonNode v = n.get(name);
            if (v == null || v.isNull()) return java.util.Optional.empty();
            if (!v.isArray()) throw wrongType(name, "a list of strings");
            List<String> out = new java.util.ArrayList<>();
            for (JsonNode e : v) {
                if (!e.isTextual()) throw wrongType(name, "a list of strings");
                out.add(e.asText());
            }
            return java.util.Optional.of(out);
        }

        /** A value parsed from a setting; a parse error names the config file. */
        <T> T parse(String name, java.util.function.Supplier<T> parser) {
            try {
                return parser.get();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("config file " + file + ": " + e.getMessage(), e);
            }
        }

        java.util.Optional<Boolean> bool(String name) {
            JsonNode v = n.get(name);
            if (v == null || v.isNull()) return java.util.Optional.empty();
            if (!v.isBoolean()) throw wrongType(name, "true or false");
            return java.util.Optional.of(v.asBoolean());
        }

        private IllegalArgumentException wrongType(String name, String expected) {
            return new IllegalArgumentException(
                    "config file " + file + ": setting '" + name + "' must be " + expected + ", not " + n.get(name));
        }
    }

    public ServerConfig withPort(int p) {
        return toBuilder().port(p).build();
    }

    public ServerConfig withDataDir(Path d) {
        return toBuilder().dataDir(d).build();
    }

    public ServerConfig withDev(boolean on, String account) {
        return toBuilder().dev(on).devAccount(account).build();
    }

    public ServerConfig withHost(String h) {
        return toBuilder().host(h).build();
    }

    public ServerConfig withTls(Path cert, Path key) {
        return toBuilder().tlsCertificate(cert).tlsPrivateKey(key).build();
    }

    public ServerConfig withTransport(String t) {
        return toBuilder().transport(t).build();
    }

    public ServerConfig withDeletionCheckSeconds(int s) {
        return toBuilder().deletionCheckSeconds(s).build();
    }

    /** Builds a {@link ServerConfig}; starts from the defaults. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = DEFAULT_PORT;
        private Path dataDir = Path.of("trent-data");
        private boolean dev;
        private String devAccount = DEFAULT_DEV_ACCOUNT;
        private Path tlsCertificate;
        private Path tlsPrivateKey;
        private int maxRequestBytes = 1 << 20;
        private int deletionCheckSeconds = 60;
        private String store = "sqlite";
        private String transport = Transport.configured();
        private RootKeyPermissions rootKeyPermissions = RootKeyPermissions.WARN;
        private List<String> tlsSubjectAlternativeNames = List.of();
        private List<String> extraRegions = List.of();
        private String logLevel;
        private List<String> devHosts = List.of();
        private int maxConnections = 10_000;
        private int maxConnectionsPerClient = 1_000;
        private int idleTimeoutSeconds = 60;
        private int requestTimeoutSeconds = 30;
        private Path seed;
        private int maxInFlightRequestBytes = DEFAULT_MAX_IN_FLIGHT_REQUEST_BYTES;
        private QuotaSettings requestQuotas = QuotaSettings.DEFAULTS;
        private String accessLog = "off";
        private boolean metrics = true;
        private Audit audit = Audit.DEFAULTS;
        private String rootOfTrust = "file";
        private Path rootKeyFile;
        private Path pkcs11Library;
        private String pkcs11TokenLabel;
        private String pkcs11KeyLabel = "trent-root";

        public Builder() {}

        private Builder(ServerConfig c) {
            host = c.host;
            port = c.port;
            dataDir = c.dataDir;
            dev = c.dev;
            devAccount = c.devAccount;
            tlsCertificate = c.tlsCertificate;
            tlsPrivateKey = c.tlsPrivateKey;
            maxRequestBytes = c.maxRequestBytes;
            deletionCheckSeconds = c.deletionCheckSeconds;
            store = c.store;
            transport = c.transport;
            rootKeyPermissions = c.rootKeyPermissions;
            tlsSubjectAlternativeNames = c.tlsSubjectAlternativeNames;
            extraRegions = c.extraRegions;
            logLevel = c.logLevel;
            devHosts = c.devHosts;
            maxConnections = c.maxConnections;
            maxConnectionsPerClient = c.maxConnectionsPerClient;
            idleTimeoutSeconds = c.idleTimeoutSeconds;
            rootKeyFile = c.rootKeyFile;
            requestTimeoutSeconds = c.requestTimeoutSeconds;
            seed = c.seed;
            maxInFlightRequestBytes = c.maxInFlightRequestBytes;
            audit = c.audit;
            requestQuotas = c.requestQuotas;
            accessLog = c.accessLog;
            metrics = c.metrics;
            rootOfTrust = c.rootOfTrust;
            pkcs11Library = c.pkcs11Library;
            pkcs11TokenLabel = c.pkcs11TokenLabel;
            pkcs11KeyLabel = c.pkcs11KeyLabel;
        }

        /** Whether request quotas are enforced, and their overrides. */
        public Builder requestQuotas(QuotaSettings v) {
            requestQuotas = v;
            return this;
        }

        /** {@code off}, {@code logger} or a file path. */
        public Builder accessLog(String v) {
            accessLog = v;
            return this;
        }

        public Builder metrics(boolean v) {
            metrics = v;
            return this;
        }

        /** {@code file}, {@code passphrase} or {@code pkcs11}. */
        public Builder rootOfTrust(String v) {
            rootOfTrust = v;
            return this;
        }

        public Builder pkcs11Library(Path v) {
            pkcs11Library = v;
            return this;
        }

        public Builder pkcs11TokenLabel(String v) {
            pkcs11TokenLabel = v;
            return this;
        }

        public Builder pkcs11KeyLabel(String v) {
            pkcs11KeyLabel = v;
            return this;
        }

        /** A YAML seed file to apply at start, or null. */
        public Builder seed(Path v) {
            seed = v;
            return this;
        }

        public Builder host(String v) {
            host = v;
            return this;
        }

        public Builder port(int v) {
            port = v;
            return this;
        }

        public Builder dataDir(Path v) {
            dataDir = v;
            return this;
        }

        public Builder dev(boolean v) {
            dev = v;
            return this;
        }

        public Builder devAccount(String v) {
            devAccount = v;
            return this;
        }

        public Builder tlsCertificate(Path v) {
            tlsCertificate = v;
            return this;
        }

        public Builder tlsPrivateKey(Path v) {
            tlsPrivateKey = v;
            return this;
        }

        public Builder maxRequestBytes(int v) {
            maxRequestBytes = v;
            return this;
        }

        public Builder deletionCheckSeconds(int v) {
            deletionCheckSeconds = v;
            return this;
        }

        public Builder store(String v) {
            store = v;
            return this;
        }

        public Builder transport(String v) {
            transport = v;
            return this;
        }

        public Builder rootKeyPermissions(RootKeyPermissions v) {
            rootKeyPermissions = v;
            return this;
        }

        /** DNS names and IP addresses the self-signed certificate must name besides the ones Trent finds. */
        public Builder tlsSubjectAlternativeNames(List<String> v) {
            tlsSubjectAlternativeNames = List.copyOf(v);
            return this;
        }

        /** Private region names accepted besides the AWS regions. */
        public Builder extraRegions(List<String> v) {
            extraRegions = List.copyOf(v);
            return this;
        }

        /** Host names besides the loopback ones that {@code --dev} mode answers ({@code DevHostCheck}). */
        public Builder devHosts(List<String> v) {
            devHosts = List.copyOf(v);
            return this;
        }

        public Builder maxConnections(int v) {
            maxConnections = v;
            return this;
        }

        public Builder maxConnectionsPerClient(int v) {
            maxConnectionsPerClient = v;
            return this;
        }

        public Builder idleTimeoutSeconds(int v) {
            idleTimeoutSeconds = v;
            return this;
        }

        public Builder requestTimeoutSeconds(int v) {
            requestTimeoutSeconds = v;
            return this;
        }

        public Builder audit(Audit v) {
            audit = v;
            return this;
        }

        public Builder maxInFlightRequestBytes(int v) {
            maxInFlightRequestBytes = v;
            return this;
        }

        /** The root key file, or null for {@code <dataDir>/root.key}. */
        public Builder rootKeyFile(Path v) {
            rootKeyFile = v;
            return this;
        }

        /** The log level, or null for the default. */
        public Builder logLevel(String v) {
            logLevel = v;
            return this;
        }

        public ServerConfig build() {
            return new ServerConfig(
                    host,
                    port,
                    dataDir,
                    dev,
                    devAccount,
                    tlsCertificate,
                    tlsPrivateKey,
                    maxRequestBytes,
                    deletionCheckSeconds,
                    store,
                    transport,
                    rootKeyPermissions,
                    tlsSubjectAlternativeNames,
                    extraRegions,
                    logLevel,
                    devHosts,
                    maxConnections,
                    maxConnectionsPerClient,
                    idleTimeoutSeconds,
                    requestTimeoutSeconds,
                    seed,
                    maxInFlightRequestBytes,
                    requestQuotas,
                    accessLog,
                    metrics,
                    audit,
                    rootOfTrust,
                    rootKeyFile,
                    pkcs11Library,
                    pkcs11TokenLabel,
                    pkcs11KeyLabel);
        }
    }

    /** The root key file: the configured one, or {@code <dataDir>/root.key}. */
    public Path rootKeyPath() {
        return rootKeyFile != null
                ? rootKeyFile.toAbsolutePath()
                : dataDir.toAbsolutePath().resolve(TrentServer.ROOT_KEY_FILE);
    }

    /** Checks the settings make sense together; throws IllegalArgumentException with an actionable message. */
    public void validate() {
        audit.validate();
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535, not " + port);
        if (!devAccount.matches("\\d{12}")) {
            throw new IllegalArgumentException("dev account must be 12 digits, not '" + devAccount + "'");
        }
        if ((tlsCertificate == null) != (tlsPrivateKey == null)) {
            throw new IllegalArgumentException("give both a TLS certificate and its private key, or neither");
        }
        if (maxRequestBytes < 64 * 1024) throw new IllegalArgumentException("maxRequestBytes must be at least 65536");
        if (maxConnections < 1) throw new IllegalArgumentException("maxConnections must be at least 1");
        if (maxConnectionsPerClient < 1 || maxConnectionsPerClient > maxConnections) {
            throw new IllegalArgumentException("maxConnectionsPerClient must be 1.." + maxConnections);
        }
        if (idleTimeoutSeconds < 1) throw new IllegalArgumentException("idleTimeoutSeconds must be at least 1");
        if (requestTimeoutSeconds < 1) throw new IllegalArgumentException("requestTimeoutSeconds must be at least 1");
        if (maxInFlightRequestBytes < maxRequestBytes) {
            throw new IllegalArgumentException("maxInFlightRequestBytes must be at least maxRequestBytes ("
                    + maxRequestBytes + "), not " + maxInFlightRequestBytes);
        }
        if (deletionCheckSeconds < 1) {
            throw new IllegalArgumentException("deletionCheckSeconds must be at least 1, not " + deletionCheckSeconds);
        }
        if (store == null || store.isBlank())
            throw new IllegalArgumentException("store must name a store, e.g. sqlite");
        Transport.parse(transport);
        if (!ROOTS_OF_TRUST.contains(rootOfTrust)) {
            throw new IllegalArgumentException(
                    "rootOfTrust must be file, passphrase or pkcs11, not '" + rootOfTrust + "'");
        }
        if ("pkcs11".equals(rootOfTrust) && (pkcs11Library == null || pkcs11TokenLabel == null)) {
            throw new IllegalArgumentException(
                    "--root-of-trust pkcs11 needs --pkcs11-library and --pkcs11-token-label (PIN in TRENT_PKCS11_PIN)");
        }
        if (pkcs11KeyLabel == null || pkcs11KeyLabel.isBlank()) {
            throw new IllegalArgumentException("pkcs11KeyLabel must not be empty");
        }
        if (rootKeyPermissions == null) throw new IllegalArgumentException("rootKeyPermissions must be warn or refuse");
        for (String name : tlsSubjectAlternativeNames) SubjectNames.check(name);
        for (String region : extraRegions) Regions.checkName(region);
        if (logLevel != null) parseLogLevel(logLevel, "logLevel");
        if (requestQuotas == null) throw new IllegalArgumentException("requestQuotas must be given");
        if (accessLog == null || accessLog.isBlank()) {
            throw new IllegalArgumentException("accessLog must be off, logger or a file path");
        }
        if (dev && !isLoopback()) {
            throw new IllegalArgumentException("--dev accepts any access key, so it only binds to a loopback address"
                    + " (127.0.0.1, ::1, localhost), not " + host);
        }
    }

    public boolean isLoopback() {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (!a.isLoopbackAddress()) return false;
            }
            return true;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve host '" + host + "'", e);
        }
    }

    /** Whether the host is a wildcard address ({@code 0.0.0.0} or {@code ::}): every address of this machine. */
    public boolean isWildcard() {
        try {
            return InetAddress.getByName(host).isAnyLocalAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve host '" + host + "'", e);
        }
    }
}
