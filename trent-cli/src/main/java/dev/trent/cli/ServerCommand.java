package dev.trent.cli;

import dev.trent.server.ServerConfig;
import dev.trent.server.TrentServer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code trent server}: runs the KMS endpoint until interrupted. */
@Command(
        name = "server",
        mixinStandardHelpOptions = true,
        description = "Start the Trent server on the embedded store in the data directory.")
final class ServerCommand implements Callable<Integer> {
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
            description = "Where keys are stored (default sqlite: <data-dir>/trent.db; sqlite:PATH for another file).")
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

    @Override
    public Integer call() throws Exception {
        ServerConfig c = ServerConfig.defaults();
        try {
            if (config != null) c = ServerConfig.fromFile(config, c);
            if (port != null) c = c.withPort(port);
            if (host != null) c = c.withHost(host);
            if (dataDir != null) c = c.withDataDir(dataDir);
            if (dev || devAccount != null)
                c = c.withDev(dev || c.dev(), devAccount != null ? devAccount : c.devAccount());
            if (tlsCert != null || tlsKey != null) c = c.withTls(tlsCert, tlsKey);
            if (store != null) c = c.toBuilder().store(store).build();
            if (transport != null) c = c.toBuilder().transport(transport).build();
            if (devHosts != null) c = c.toBuilder().devHosts(devHosts).build();
            c.validate();
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            System.err.println("trent server: " + e.getMessage());
            return 2;
        }
        TrentServer server;
        try {
            server = TrentServer.start(c);
        } catch (IllegalStateException | dev.trent.core.store.StoreException e) {
            System.err.println("trent server: " + e.getMessage());
            return 1;
        } catch (io.netty.channel.unix.Errors.NativeIoException | java.net.BindException e) {
            System.err.println("trent server: cannot listen on " + c.host() + ":" + c.port() + ": " + e.getMessage());
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
        System.out.println("Trent is ready at " + server.url(c.isLoopback() ? "http" : "https") + " (data: "
                + c.dataDir().toAbsolutePath() + ")");
        System.out.flush();
        stopped.await();
        return 0;
    }
}
