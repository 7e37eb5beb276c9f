package dev.trent.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How a Trent server runs. Built from command-line flags, optionally on top of a JSON config file whose
 * members have the same names as the fields here (e.g. {@code {"port": 4599, "dataDir": "/var/lib/trent"}}).
 *
 * <p>{@code transport} is the Netty I/O transport, {@code auto|nio|epoll|io_uring}; the default comes from the
 * {@code trent.transport} system property or the {@code TRENT_TRANSPORT} environment variable, else
 * {@code auto} (see {@link Transport}).
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
        String transport) {

    public static final int DEFAULT_PORT = 4599;
    public static final String DEFAULT_DEV_ACCOUNT = "000000000000";

    public static ServerConfig defaults() {
        return new ServerConfig(
                "127.0.0.1",
                DEFAULT_PORT,
                Path.of("trent-data"),
                false,
                DEFAULT_DEV_ACCOUNT,
                null,
                null,
                1 << 20,
                60,
                Transport.configured());
    }

    /** Reads a JSON config file over {@code base}. Unknown members are an error, so typos don't go unnoticed. */
    public static ServerConfig fromFile(Path file, ServerConfig base) {
        JsonNode n;
        try {
            n = new ObjectMapper().readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        if (n == null || !n.isObject())
            throw new IllegalArgumentException("config file " + file + " must hold a JSON object");
        var known = java.util.Set.of(
                "host",
                "port",
                "dataDir",
                "dev",
                "devAccount",
                "tlsCertificate",
                "tlsPrivateKey",
                "maxRequestBytes",
                "deletionCheckSeconds",
                "transport");
        n.fieldNames().forEachRemaining(f -> {
            if (!known.contains(f)) {
                throw new IllegalArgumentException(
                        "config file " + file + ": unknown setting '" + f + "'; known: " + known);
            }
        });
        return new ServerConfig(
                n.path("host").asText(base.host()),
                n.path("port").asInt(base.port()),
                n.hasNonNull("dataDir") ? Path.of(n.get("dataDir").asText()) : base.dataDir(),
                n.path("dev").asBoolean(base.dev()),
                n.path("devAccount").asText(base.devAccount()),
                n.hasNonNull("tlsCertificate") ? Path.of(n.get("tlsCertificate").asText()) : base.tlsCertificate(),
                n.hasNonNull("tlsPrivateKey") ? Path.of(n.get("tlsPrivateKey").asText()) : base.tlsPrivateKey(),
                n.path("maxRequestBytes").asInt(base.maxRequestBytes()),
                n.path("deletionCheckSeconds").asInt(base.deletionCheckSeconds()),
                n.path("transport").asText(base.transport()));
    }

    public ServerConfig withPort(int p) {
        return new ServerConfig(
                host,
                p,
                dataDir,
                dev,
                devAccount,
                tlsCertificate,
                tlsPrivateKey,
                maxRequestBytes,
                deletionCheckSeconds,
                transport);
    }

    public ServerConfig withDataDir(Path d) {
        return new ServerConfig(
                host,
                port,
                d,
                dev,
                devAccount,
                tlsCertificate,
                tlsPrivateKey,
                maxRequestBytes,
                deletionCheckSeconds,
                transport);
    }

    public ServerConfig withDev(boolean on, String account) {
        return new ServerConfig(
                host,
                port,
                dataDir,
                on,
                account,
                tlsCertificate,
                tlsPrivateKey,
                maxRequestBytes,
                deletionCheckSeconds,
                transport);
    }

    public ServerConfig withHost(String h) {
        return new ServerConfig(
                h,
                port,
                dataDir,
                dev,
                devAccount,
                tlsCertificate,
                tlsPrivateKey,
                maxRequestBytes,
                deletionCheckSeconds,
                transport);
    }

    public ServerConfig withTls(Path cert, Path key) {
        return new ServerConfig(
                host, port, dataDir, dev, devAccount, cert, key, maxRequestBytes, deletionCheckSeconds, transport);
    }

    public ServerConfig withDeletionCheckSeconds(int s) {
        return new ServerConfig(
                host, port, dataDir, dev, devAccount, tlsCertificate, tlsPrivateKey, maxRequestBytes, s, transport);
    }

    public ServerConfig withTransport(String t) {
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
                t);
    }

    /** Checks the settings make sense together; throws IllegalArgumentException with an actionable message. */
    public void validate() {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535, not " + port);
        if (!devAccount.matches("\\d{12}")) {
            throw new IllegalArgumentException("dev account must be 12 digits, not '" + devAccount + "'");
        }
        if ((tlsCertificate == null) != (tlsPrivateKey == null)) {
            throw new IllegalArgumentException("give both a TLS certificate and its private key, or neither");
        }
        if (maxRequestBytes < 64 * 1024) throw new IllegalArgumentException("maxRequestBytes must be at least 65536");
        Transport.parse(transport);
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
}
