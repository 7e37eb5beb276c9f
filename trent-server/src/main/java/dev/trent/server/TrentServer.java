package dev.trent.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trent.core.auth.Authorizer;
import dev.trent.core.iam.IdentityStore;
import dev.trent.core.kms.DeletionScheduler;
import dev.trent.core.kms.KeyLifecycle;
import dev.trent.core.kms.KeyRegistry;
import dev.trent.core.kms.KmsOperations;
import dev.trent.core.store.Store;
import dev.trent.server.kms.KmsService;
import dev.trent.server.pipeline.Pipeline;
import dev.trent.server.pipeline.ServiceRegistry;
import dev.trent.server.pipeline.Stages;
import dev.trent.server.pipeline.WireJson;
import dev.trent.server.protocol.RequestValidator;
import dev.trent.server.protocol.ServiceModel;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.ssl.OptionalSslHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Trent server: data directory, sealed store, key service, and the HTTP(S) listener.
 *
 * <p>On loopback one port serves both plain HTTP (for development) and HTTPS (detected from the first bytes);
 * on any other address only HTTPS. Without a configured certificate a self-signed one is created in
 * {@code <data-dir>/tls/} on first start.
 */
public final class TrentServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TrentServer.class);
    public static final String ADMIN_CREDENTIALS_FILE = "admin-credentials.json";

    private final ServerConfig config;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Store store;
    private final IdentityStore identities;
    private final KmsOperations keys;
    private final DeletionScheduler scheduler;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ExecutorService blocking;
    private final Channel channel;
    private final Path certificate;

    private TrentServer(ServerConfig config, Clock clock, SecureRandom random) throws IOException {
        this.config = config;
        Path dir = config.dataDir().toAbsolutePath();
        createPrivateDirectory(dir);
        lockChannel = FileChannel.open(dir.resolve("trent.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        lock = lockChannel.tryLock();
        if (lock == null) {
            lockChannel.close();
            throw new IllegalStateException("another Trent server is already using the data directory " + dir);
        }
        Store opened = null;
        try {
            // TLS and the service model take a while to load (class loading): do it beside opening the store.
            Path certFile = config.tlsCertificate();
            Path keyFile = config.tlsPrivateKey();
            if (certFile == null) {
                SelfSignedCertificate.Generated f = SelfSignedCertificate.ensure(dir.resolve("tls"), clock, random);
                certFile = f.certificate();
                keyFile = f.privateKey();
                if (f.created()) LOG.info("Created a self-signed TLS certificate: {}", certFile);
            }
            certificate = certFile;
            File cert = certFile.toFile();
            File key = keyFile.toFile();
            CompletableFuture<SslContext> sslFuture = CompletableFuture.supplyAsync(() -> {
                try {
                    return SslContextBuilder.forServer(cert, key).build();
                } catch (javax.net.ssl.SSLException e) {
                    throw new IllegalStateException(
                            "cannot load the TLS certificate " + cert + " and key " + key + ": " + e.getMessage(), e);
                }
            });
            CompletableFuture<RequestValidator> validatorFuture =
                    CompletableFuture.supplyAsync(() -> new RequestValidator(ServiceModel.kms()));
            opened = DataDirectory.openForServer(dir, config.store(), random);
            store = opened;
            identities = new IdentityStore(store, clock, random);
            AdminCredentials.atStart(identities, dir, config.dev(), config.devAccount());
            keys = KmsOperations.create(store, Authorizer.ALLOW_ALL, clock, random);
            scheduler = DeletionScheduler.start(
                    store,
                    keys.lifecycle(),
                    clock,
                    "node-" + java.util.UUID.randomUUID(),
                    Duration.ofSeconds(config.deletionCheckSeconds()));

            SslContext ssl = join(sslFuture);
            RequestValidator validator = join(validatorFuture);
            Authenticator auth = new Authenticator(identities, clock, config.dev(), config.devAccount());
            ServiceRegistry services =
                    new ServiceRegistry(List.of(KmsService.definition(validator.model(), validator, keys)));
            blocking = Executors.newThreadPerTaskExecutor(
                    Thread.ofVirtual().name("trent-op-", 0).factory());
            Pipeline pipeline = new Pipeline(
                    services,
                    DevHostCheck.wrap(auth, config.dev(), config.devHosts()),
                    Stages.Quota.UNLIMITED,
                    Stages.Access.ALLOW_ALL,
                    Stages.AuditSink.NONE,
                    blocking,
                    this::health);

            Transport transport = Transport.select(config.transport());
            boss = transport.newEventLoopGroup(1);
            workers = transport.newEventLoopGroup(0);
            boolean plaintextAllowed = config.isLoopback();
            int maxBody = config.maxRequestBytes();
            ServerBootstrap b = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(transport.serverChannelClass())
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ChannelPipeline p = ch.pipeline();
                            if (plaintextAllowed) {
                                p.addLast(new OptionalSslHandler(ssl));
                            } else {
                                p.addLast(ssl.newHandler(ch.alloc()));
                            }
                            p.addLast(new HttpServerCodec(8192, 16384, 16384));
                            p.addLast(new HttpServerKeepAliveHandler());
                            p.addLast(new BoundedAggregator(maxBody, pipeline, clock));
                            p.addLast(new HttpHandler(pipeline, clock));
                        }
                    });
            channel = b.bind(new InetSocketAddress(config.host(), config.port()))
                    .syncUninterruptibly()
                    .channel();
            keys.registry().startRefreshing(KeyRegistry.DEFAULT_REFRESH_INTERVAL);
            identities.startRefreshing(IdentityStore.DEFAULT_REFRESH_INTERVAL);
            LOG.info(
                    "Trent listening on {} ({}); data directory {}; TLS certificate {}{}",
                    url(plaintextAllowed ? "http" : "https"),
                    plaintextAllowed ? "HTTP and HTTPS on one port" : "HTTPS only",
                    dir,
                    certificate,
                    config.dev()
                            ? "; DEV MODE: any access key is accepted as the root of account " + config.devAccount()
                            : "");
        } catch (RuntimeException | IOException e) {
            if (opened != null) opened.close();
            lock.release();
            lockChannel.close();
            throw e;
        }
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
    }

    public static TrentServer start(ServerConfig config) throws IOException {
        return start(config, Clock.systemUTC(), new dev.trent.crypto.ThreadLocalSecureRandom());
    }

    public static TrentServer start(ServerConfig config, Clock clock, SecureRandom random) throws IOException {
        config.validate();
        return new TrentServer(config, clock, random);
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    public String url(String scheme) {
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return scheme + "://" + host + ":" + port();
    }

    public Path certificate() {
        return certificate;
    }

    /** The key lifecycle operations (tests purge expired keys through it). */
    public KeyLifecycle keyService() {
        return keys.lifecycle();
    }

    private ObjectNode health() {
        // Unauthenticated: status only, nothing about what the server holds.
        return WireJson.MAPPER.createObjectNode().put("status", "ok");
    }

    private static void createPrivateDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) return;
        try {
            Files.createDirectories(
                    dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createDirectories(dir);
        }
    }

    @Override
    public void close() {
        try {
            channel.close().syncUninterruptibly();
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            blocking.shutdown();
            blocking.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            scheduler.close();
            identities.close();
            keys.close();
            store.close();
            try {
                lock.release();
                lockChannel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
