package dev.trent.cli;

import dev.trent.core.store.StoreProvider;
import dev.trent.server.ServerConfig;
import dev.trent.server.StartupException;
import dev.trent.server.TrentServer;
import dev.trent.server.quota.QuotaSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code trent server}: runs the KMS endpoint until interrupted. A start-up failure is one line on standard error
 * (the whole failure at debug level) and exit code 2 for settings, 1 for anything else.
 */
@Command(
        name = "server",
        mixinStandardHelpOptions = true,
        description = "Start the Trent server on the embedded store in the data directory.")
final class ServerCommand implements Callable<Integer> {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ServerCommand.class);

    @Option(
            names = "--port",
            paramLabel = "N",
            description = "Port to listen on (default " + ServerConfig.DEFAULT_PORT + "; 0 = any free port).")
    Integer port;

    @Option(
            names = "--host",
            paramLabel = "ADDR",
            description = "Address to bind (default 127.0.0.1). A non-loopback address serves HTTPS only.")
    String host;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (default ./trent-data).")
    Path dataDir;

    @Option(
            names = "--dev",
            description = "Development mode (loopback only): accept any access key as the root of the dev account.")
    boolean dev;

    @Option(
            names = "--dev-account",
            paramLabel = "ACCOUNT_ID",
            description = "Account id for --dev callers (default 000000000000).")
    String devAccount;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "JSON config file; flags given on the command line win.")
    Path config;

    @Option(
            names = "--tls-cert",
            paramLabel = "PEM",
            description = "TLS certificate chain (PEM). Default: a self-signed one in <data-dir>/tls/.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "TLS private key (PKCS#8 PEM) for --tls-cert.")
    Path tlsKey;

    @Option(
            names = "--store",
            paramLabel = "LOCATION",
            description = "Where keys are stored (default sqlite: <data-dir>/trent.db; sqlite:PATH for another file;"
                    + " postgresql://USER[:PASSWORD]@HOST[:PORT]/DB for a cluster of nodes on one PostgreSQL database,"
                    + " the password also from TRENT_STORE_PASSWORD).")
    String store;

    @Option(
            names = "--dev-host",
            paramLabel = "NAME",
            description = "With --dev: also answer requests addressed to this host name (repeatable). Loopback names"
                    + " (localhost, 127.0.0.1, [::1]) are always answered.")
    java.util.List<String> devHosts;

    @Option(
            names = "--transport",
            paramLabel = "KIND",
            description = "Network transport: auto (default: the fastest that loads here), epoll, io_uring or nio.")
    String transport;

    @Option(
            names = "--tls-san",
            paramLabel = "NAME",
            description = "Another DNS name or IP address for the self-signed certificate (repeatable; added to"
                    + " the config file's tlsSubjectAlternativeNames and to the names Trent finds).")
    List<String> tlsSans = new ArrayList<>();

    @Option(
            names = "--region",
            paramLabel = "NAME",
            description = "A private region to accept in credential scopes besides the AWS regions (repeatable;"
                    + " added to the config file's extraRegions).")
    List<String> extraRegions = new ArrayList<>();

    @Option(
            names = "--root-key-permissions",
            paramLabel = "MODE",
            description = "When root.key is accessible to group or others: warn (default) or refuse to start.")
    String rootKeyPermissions;

    @picocli.CommandLine.Mixin
    RootOfTrustOptions rootOfTrust = new RootOfTrustOptions();

    @Option(
            names = "--accept-restore",
            description = "Accept a data directory whose database went back to an older state (a deliberate restore"
                    + " from a backup) and mark it as it is now; without it such a start is refused.")
    boolean acceptRestore;

    @Option(
            names = "--log-level",
            paramLabel = "LEVEL",
            description = "error, warn, info (default), debug or trace; else the config file's logLevel, else"
                    + " TRENT_LOG_LEVEL.")
    String logLevel;

    @Option(
            names = "--seed",
            paramLabel = "FILE",
            description = "YAML file of keys (fixed ids and material), aliases, policies, tags and rotation settings"
                    + " to create at start if they do not exist (see docs/configuration.md).")
    Path seed;

    @Option(
            names = "--access-log",
            paramLabel = "off|logger|FILE",
            description = "One line per request: off (default), logger (the trent.access logger, on standard"
                    + " error) or a file to append to.")
    String accessLog;

    @Option(
            names = "--no-request-quotas",
            description = "Do not enforce AWS KMS's request quotas (they are on by default, at AWS's values).")
    boolean noRequestQuotas;

    @Override
    public Integer call() throws Exception {
        ServerConfig c = ServerConfig.defaults();
        try {
            if (logLevel != null) Logging.setLevel(ServerConfig.parseLogLevel(logLevel, "--log-level"));
            if (config != null) c = ServerConfig.fromFile(config, c);
            if (port != null) c = c.withPort(port);
            if (host != null) c = c.withHost(host);
            if (dataDir != null) c = c.withDataDir(dataDir);
            if (dev || devAccount != null)
                c = c.withDev(dev || c.dev(), devAccount != null ? devAccount : c.devAccount());
            if (tlsCert != null || tlsKey != null) c = c.withTls(tlsCert, tlsKey);
            if (store != null) c = c.toBuilder().store(store).build();
            if (seed != null) c = c.toBuilder().seed(seed).build();
            if (accessLog != null) c = c.toBuilder().accessLog(accessLog).build();
            if (noRequestQuotas) {
                c = c.toBuilder()
                        .requestQuotas(
                                new QuotaSettings(false, c.requestQuotas().overrides()))
                        .build();
            }
            c = rootOfTrust.applyTo(c);
            if (transport != null) c = c.toBuilder().transport(transport).build();
            if (devHosts != null) c = c.toBuilder().devHosts(devHosts).build();
            if (!tlsSans.isEmpty())
                c = c.toBuilder()
                        .tlsSubjectAlternativeNames(concat(c.tlsSubjectAlternativeNames(), tlsSans))
                        .build();
            if (!extraRegions.isEmpty())
                c = c.toBuilder()
                        .extraRegions(concat(c.extraRegions(), extraRegions))
                        .build();
            if (rootKeyPermissions != null) {
                c = c.toBuilder()
                        .rootKeyPermissions(ServerConfig.RootKeyPermissions.parse(rootKeyPermissions))
                        .build();
            }
            if (logLevel == null && c.logLevel() != null) Logging.setLevel(c.logLevel());
            c.validate();
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            LOG.debug("invalid settings", e);
            System.err.println("trent server: " + firstLine(e.getMessage()));
            return 2;
        }
        TrentServer server;
        try {
            server = TrentServer.start(c, acceptRestore);
        } catch (Exception e) {
            // one line, never a stack trace; the whole failure at debug level
            LOG.debug("start-up failed", e);
            System.err.println("trent server: " + oneLine(e));
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            stopped.countDown();
                        },
                        "trent-shutdown"));
        String url = server.url(c.isLoopback() ? "http" : "https");
        if (server.sealed()) {
            System.out.println("Trent is sealed at " + url + ": unseal it with: trent unseal --endpoint " + url);
        } else {
            System.out.println(
                    "Trent is ready at " + url + " (data: " + c.dataDir().toAbsolutePath()
                            + (c.store().equals("sqlite") ? "" : "; store: " + StoreProvider.redact(c.store()))
                            + ")");
        }
        System.out.flush();
        stopped.await();
        return 0;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        for (String s : b) if (!all.contains(s)) all.add(s);
        return all;
    }

    /** A start-up failure in one line: Trent's own message, else what the JDK or a library said. */
    static String oneLine(Throwable e) {
        if (e instanceof StartupException
                || e instanceof IllegalStateException
                || e instanceof IllegalArgumentException
                || e instanceof dev.trent.core.store.StoreException
                || e instanceof java.io.UncheckedIOException) {
            String m = e.getMessage();
            if (e.getCause() instanceof java.io.IOException io && !(e instanceof StartupException)) {
                m = m + ": " + describe(io);
            }
            return firstLine(m);
        }
        if (e instanceof java.io.IOException io) return firstLine(describe(io));
        return firstLine("cannot start: " + e);
    }

    private static String describe(java.io.IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException a) return a.getFile() + ": permission denied";
        if (e instanceof java.nio.file.NoSuchFileException n) return n.getFile() + ": no such file or directory";
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getFile() + ": " + f.getReason();
        }
        return String.valueOf(e.getMessage());
    }

    private static String firstLine(String m) {
        if (m == null) return "cannot start";
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
