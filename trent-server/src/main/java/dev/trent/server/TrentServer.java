package dev.trent.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trent.core.auth.KmsAuthorizer;
import dev.trent.core.barrier.Barrier;
import dev.trent.core.barrier.KeyFileRootKeyProvider;
import dev.trent.core.barrier.KeyringRecord;
import dev.trent.core.barrier.PassphraseRootKeyProvider;
import dev.trent.core.barrier.RollbackDetectedException;
import dev.trent.core.barrier.RootKeyProvider;
import dev.trent.core.barrier.RootOfTrust;
import dev.trent.core.barrier.SealedStore;
import dev.trent.core.iam.IdentityStore;
import dev.trent.core.kms.Alias;
import dev.trent.core.kms.DeletionScheduler;
import dev.trent.core.kms.GrantRegistry;
import dev.trent.core.kms.KeyLifecycle;
import dev.trent.core.kms.KeyMaintenanceScheduler;
import dev.trent.core.kms.KeyMaterialOperations;
import dev.trent.core.kms.KeyRegistry;
import dev.trent.core.kms.KmsKey;
import dev.trent.core.kms.KmsOperations;
import dev.trent.core.quota.KmsRequestQuotas;
import dev.trent.core.quota.RequestQuotas;
import dev.trent.core.store.Store;
import dev.trent.core.store.StoreProvider;
import dev.trent.server.access.AccessControl;
import dev.trent.server.access.AccessRules;
import dev.trent.server.access.IamAccessRules;
import dev.trent.server.access.KmsAccessRules;
import dev.trent.server.audit.AuditTrail;
import dev.trent.server.auth.Regions;
import dev.trent.server.auth.SigV4HeaderCheck;
import dev.trent.server.cloudtrail.CloudTrailService;
import dev.trent.server.iam.IamService;
import dev.trent.server.kms.KmsKeyLookup;
import dev.trent.server.kms.KmsQuotaClassifier;
import dev.trent.server.kms.KmsService;
import dev.trent.server.observe.AccessLog;
import dev.trent.server.observe.Gauges;
import dev.trent.server.observe.HealthChecks;
import dev.trent.server.observe.Observability;
import dev.trent.server.organizations.OrganizationsService;
import dev.trent.server.pipeline.Pipeline;
import dev.trent.server.pipeline.ServiceDefinition;
import dev.trent.server.pipeline.ServiceRegistry;
import dev.trent.server.pipeline.Stages;
import dev.trent.server.pipeline.WireJson;
import dev.trent.server.protocol.RequestValidator;
import dev.trent.server.protocol.ServiceModel;
import dev.trent.server.quota.QuotaSettings;
import dev.trent.server.quota.QuotaStage;
import dev.trent.server.ssm.ParametersAndSecrets;
import dev.trent.server.sts.StsService;
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
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Trent server: data directory, sealed store, key service, and the HTTP(S) listener.
 *
 * <p>On loopback one port serves both plain HTTP (for development) and HTTPS (detected from the first bytes);
 * on any other address only HTTPS, and a plain-HTTP request there gets a {@code 400} that says to use
 * {@code https://}. Without a configured certificate a self-signed one is kept in {@code <data-dir>/tls/}.
 *
 * <p>Start-up, in an order that writes nothing until everything that can be checked has been:
 * <ol>
 *   <li>the settings ({@link ServerConfig#validate}), the data directory ({@link DataDirectoryCheck}: a directory, or
 *       creatable, and writable) and the root key (missing is fine only for a directory without data; permissions
 *       for group or others are a warning or a refusal, {@code rootKeyPermissions});</li>
 *   <li>the listening socket is bound, accepting nothing yet, so a port in use fails here;</li>
 *   <li>the data directory, lock, root key, TLS certificate, store, identities and key service are set up;</li>
 *   <li>the socket starts accepting.</li>
 * </ol>
 * Every failure an operator can fix is a {@link StartupException} whose message is one line.
 */
public final class TrentServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TrentServer.class);
    public static final String ADMIN_CREDENTIALS_FILE = "admin-credentials.json";
    public static final String ROOT_KEY_FILE = "root.key";

    private final ServerConfig config;
    private final boolean acceptRestore;
    private final long startedNanos = System.nanoTime();
    private final String advertisedHost;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel channel;
    private final AtomicBoolean closed = new AtomicBoolean();
    // set up once the socket is bound (see the class documentation)
    private FileChannel lockChannel;
    private FileLock lock;
    private Store store;
    private IdentityStore identities;
    private KmsOperations keys;
    private KmsAuthorizer authorizer;
    private DeletionScheduler scheduler;
    private KeyMaterialOperations material;
    private KeyMaintenanceScheduler maintenance;
    private ExecutorService blocking;
    private Path certificate;
    private Set<String> certificateNames;
    private InFlightBodies inFlight;
    private QuotaStage quotas;
    private Observability observability;
    private final HealthChecks healthChecks = new HealthChecks();
    private AuditTrail audit;
    private ParametersAndSecrets parametersAndSecrets;
    private StoreHealth storeHealth;
    // the root of trust (see RootOfTrust) and what a sealed start defers until it is unsealed
    private final RootKeys roots;
    private Store backing;
    private RootOfTrust rootOfTrust;
    private Deferred deferred;
    private volatile boolean sealed;
    private Thread rotationWorker;

    /** What the set-up after the barrier needs, kept while the server is sealed. */
    private record Deferred(
            Path dir,
            Acceptor acceptor,
            Clock clock,
            SecureRandom random,
            CompletableFuture<SslContext> ssl,
            CompletableFuture<RequestValidator> validator) {}

    private TrentServer(ServerConfig config, Clock clock, SecureRandom random, boolean acceptRestore)
            throws IOException {
        this.config = config;
        this.acceptRestore = acceptRestore;
        Path dir = config.dataDir().toAbsolutePath();

        // 1. checks that write nothing
        DataDirectoryCheck data = DataDirectoryCheck.inspect(dir);
        roots = new RootKeys(config, random, System::getenv);
        KeyFileRootKeyProvider rootKeys = roots.keyFile();
        if (usesKeyFile()) checkRootKey(data, rootKeys);
        if (config.seed() != null) SeedFile.read(config.seed(), config.devAccount()); // a bad seed file stops here
        if (config.tlsCertificate() != null) {
            checkReadable(config.tlsCertificate(), "TLS certificate");
            checkReadable(config.tlsPrivateKey(), "TLS private key");
        }
        advertisedHost = LocalAddresses.advertisedHost(config.host(), config.isWildcard());

        // 2. the listening socket, accepting nothing until the server is set up
        Transport transport = Transport.resolve(config.transport());
        boss = transport.newEventLoopGroup(1);
        workers = transport.newEventLoopGroup(0);
        Acceptor acceptor = new Acceptor();
        try {
            channel = bind(transport, acceptor);
        } catch (RuntimeException e) {
            shutdownEventLoops();
            throw e;
        }
        // 3. set up, then 4. accept
        try {
            setUp(dir, data, rootKeys, acceptor, clock, random);
            // logs the transport, now that it serves (a start-up failure is the one line, alone)
            Transport.select(config.transport());
            channel.config().setAutoRead(true);
        } catch (RuntimeException | IOException | Error e) {
            closeAll();
            throw e;
        }
        boolean plaintextAllowed = config.isLoopback();
        LOG.info(
                "Trent listening on {} ({}); data directory {}; TLS certificate {}{}",
                url(plaintextAllowed ? "http" : "https"),
                plaintextAllowed ? "HTTP and HTTPS on one port" : "HTTPS only",
                dir,
                certificate,
                config.dev()
                        ? "; DEV MODE: any access key is accepted as the root of account " + config.devAccount()
                        : "");
    }

    /** A missing root key is created only for a data directory without data; its permissions are checked. */
    private void checkRootKey(DataDirectoryCheck data, KeyFileRootKeyProvider rootKeys) {
        if (!rootKeys.exists()) {
            List<String> found = data.data();
            if (!found.isEmpty()) {
                throw new StartupException("the root key " + config.rootKeyPath()
                        + " is missing, but the data directory is not empty (it holds "
                        + String.join(", ", found.subList(0, Math.min(found.size(), 5)))
                        + (found.size() > 5 ? ", ..." : "")
                        + "), and its data cannot be read without the root key it was sealed with: restore root.key"
                        + " from your backup, or start on an empty --data-dir");
            }
            return;
        }
        rootKeys.accessByGroupOrOthers().ifPresent(mode -> {
            Path file = config.rootKeyPath();
            String problem = "the root key " + file + " is accessible to group or others (" + mode
                    + "); restrict it with: chmod 600 " + file;
            if (config.rootKeyPermissions() == ServerConfig.RootKeyPermissions.REFUSE) {
                throw new StartupException(problem + " (rootKeyPermissions is refuse)");
            }
            LOG.warn("{} (set rootKeyPermissions to refuse to make this an error)", problem);
        });
    }

    private static void checkReadable(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new StartupException("the " + what + " " + file.toAbsolutePath()
                    + (Files.exists(file) ? " is not a file" : " does not exist") + "; check --tls-cert and --tls-key");
        }
        if (!Files.isReadable(file)) {
            throw new StartupException("the " + what + " " + file.toAbsolutePath() + " is not readable by this user");
        }
    }

    private Channel bind(Transport transport, Acceptor acceptor) {
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(transport.serverChannelClass())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(acceptor);
        String where = LocalAddresses.urlHost(config.host()) + ":" + config.port();
        try {
            return b.bind(new InetSocketAddress(config.host(), config.port()))
                    .syncUninterruptibly()
                    .channel();
        } catch (Exception e) { // the bind failure, rethrown as it came (a checked exception among them)
            String reason = String.valueOf(e.getMessage()).replaceFirst("^bind\\(\\.\\.\\) failed: ", "");
            if (reason.toLowerCase(java.util.Locale.ROOT).contains("address already in use")) {
                throw new StartupException(
                        "cannot listen on " + where + ": the address is already in use (another Trent, or another"
                                + " program, listens there); stop it or choose another --port",
                        e);
            }
            throw new StartupException("cannot listen on " + where + ": " + reason + "; check --host and --port", e);
        }
    }

    private void setUp(
            Path dir,
            DataDirectoryCheck data,
            KeyFileRootKeyProvider rootKeys,
            Acceptor acceptor,
            Clock clock,
            SecureRandom random)
            throws IOException {
        data.create();
        lockChannel = FileChannel.open(dir.resolve("trent.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        lock = lockChannel.tryLock();
        if (lock == null) {
            throw new StartupException("another Trent server is already using the data directory " + dir);
        }
        // under the lock: another server may have written data since the directory was first looked at
        if (usesKeyFile() && !rootKeys.exists()) checkRootKey(DataDirectoryCheck.inspect(dir), rootKeys);
        if (usesKeyFile() && rootKeys.initialize()) LOG.info("Created a new root key: {}", rootKeys.describe());

        // TLS and the service model take a while to load (class loading): do it beside opening the store.
        Path certFile = config.tlsCertificate();
        Path keyFile = config.tlsPrivateKey();
        if (certFile == null) {
            SelfSignedCertificate.Generated f =
                    SelfSignedCertificate.ensure(dir.resolve("tls"), requiredNames(), wantedNames(), clock, random);
            certFile = f.certificate();
            keyFile = f.privateKey();
            certificateNames = f.names();
            if (f.reason() != null) {
                LOG.warn(
                        "Made the self-signed TLS certificate {} again because {}; clients that trusted the old one"
                                + " must trust the new one. It names: {}",
                        certFile,
                        f.reason(),
                        String.join(", ", f.names()));
            } else if (f.created()) {
                LOG.info(
                        "Created a self-signed TLS certificate: {}; it names: {}",
                        certFile,
                        String.join(", ", f.names()));
            }
        } else {
            checkConfiguredCertificate(certFile);
        }
        certificate = certFile;
        File cert = certFile.toFile();
        File key = keyFile.toFile();
        CompletableFuture<SslContext> sslFuture = CompletableFuture.supplyAsync(() -> {
            try {
                return SslContextBuilder.forServer(cert, key).build();
            } catch (javax.net.ssl.SSLException | IllegalArgumentException e) {
                throw new StartupException(
                        "cannot load the TLS certificate " + cert + " and key " + key + ": " + e.getMessage(), e);
            }
        });
        CompletableFuture<RequestValidator> validatorFuture =
                CompletableFuture.supplyAsync(() -> new RequestValidator(ServiceModel.kms()));
        backing = StoreProvider.openStore(config.store(), dir);
        deferred = new Deferred(dir, acceptor, clock, random, sslFuture, validatorFuture);
        if (startsSealed()) {
            sealed = true;
            acceptor.sealed(
                    join(sslFuture),
                    config.isLoopback(),
                    url("https"),
                    new ConnectionLimits(config.maxConnections(), config.maxConnectionsPerClient(), clock),
                    config.idleTimeoutSeconds(),
                    config.requestTimeoutSeconds(),
                    new SealedGate(this::unseal, clock));
            LOG.warn(
                    "Trent is SEALED: its root key is derived from a passphrase. Unseal it with: trent unseal"
                            + " --endpoint {} (the passphrase on stdin or in {})",
                    url(config.isLoopback() ? "http" : "https"),
                    RootKeys.PASSPHRASE_VARIABLE);
            return;
        }
        unsealed(rootOfTrust != null ? rootOfTrust : openRootOfTrust(roots.provider(config.rootOfTrust())));
    }

    private boolean usesKeyFile() {
        return config.rootOfTrust().equals("file");
    }

    /**
     * Whether the server starts sealed: its root key is derived from a passphrase that is not in the environment.
     * On first start (no keyring yet) the passphrase is asked for on the terminal instead, twice.
     */
    private boolean startsSealed() {
        if (!config.rootOfTrust().equals("passphrase") || roots.hasPassphrase()) return false;
        if (KeyringRecord.read(backing).isPresent()) return true;
        java.io.Console console = System.console();
        if (console == null) {
            throw new StartupException("first start with --root-of-trust passphrase: set "
                    + RootKeys.PASSPHRASE_VARIABLE + " or start on a terminal to be asked for the passphrase");
        }
        char[] first = console.readPassword(
                "New unseal passphrase (at least %d characters): ", PassphraseRootKeyProvider.MIN_LENGTH);
        char[] again = console.readPassword("The same passphrase again: ");
        try {
            if (first == null || !java.util.Arrays.equals(first, again)) {
                throw new StartupException("the two passphrases differ; start again");
            }
            PassphraseRootKeyProvider p = roots.passphrase(first);
            try {
                rootOfTrust = openRootOfTrust(p);
            } finally {
                p.destroy();
            }
            return false;
        } finally {
            if (first != null) java.util.Arrays.fill(first, '\0');
            if (again != null) java.util.Arrays.fill(again, '\0');
        }
    }

    /** Opens the barrier's keys with {@code provider}; failures an operator can fix are one line. */
    private RootOfTrust openRootOfTrust(dev.trent.core.barrier.RootKeyProvider provider) {
        if (rootOfTrust != null) return rootOfTrust;
        try {
            return RootOfTrust.open(backing, provider, roots::provider, deferred.random());
        } catch (Barrier.BarrierException | dev.trent.crypto.Pkcs11Token.Pkcs11Exception e) {
            throw new StartupException(e.getMessage(), e);
        } catch (RootKeyProvider.WrongRootKeyException e) {
            throw new StartupException(e.getMessage() + " (" + RootKeys.PASSPHRASE_VARIABLE + ")", e);
        } catch (IllegalArgumentException e) {
            throw new StartupException(e.getMessage(), e);
        }
    }

    /** The unseal endpoint's attempt: null once unsealed, else why not. */
    private synchronized String unseal(char[] passphrase) {
        if (!sealed) return null;
        PassphraseRootKeyProvider p = roots.passphrase(passphrase);
        RootOfTrust opened;
        try {
            opened = RootOfTrust.open(backing, p, roots::provider, deferred.random());
        } catch (RootKeyProvider.WrongRootKeyException e) {
            LOG.warn("Unseal attempt with a wrong passphrase; Trent stays sealed");
            return "the passphrase is wrong";
        } catch (RuntimeException e) {
            LOG.error("Unseal failed: {}", e.getMessage());
            return "unsealing failed: " + e.getMessage();
        } finally {
            p.destroy();
        }
        try {
            unsealed(opened);
        } catch (RuntimeException | IOException e) {
            LOG.error("Unsealed, but the set-up failed: {}", e.getMessage());
            abandonUnsealed();
            return "the set-up after unsealing failed: " + e.getMessage();
        }
        sealed = false;
        LOG.info("Trent is unsealed and serves requests");
        return null;
    }

    /** Undoes a set-up that failed after unsealing, so the next attempt starts from the sealed state again. */
    private void abandonUnsealed() {
        if (maintenance != null) maintenance.close();
        if (scheduler != null) scheduler.close();
        if (identities != null) identities.close();
        if (keys != null) keys.close();
        if (store != null) store.close(); // and the backing store under it: opened again for the next attempt
        else backing.close();
        if (rootOfTrust != null) rootOfTrust.close();
        if (audit != null) audit.close();
        if (storeHealth != null) storeHealth.close();
        if (blocking != null) blocking.shutdown();
        blocking = null;
        maintenance = null;
        scheduler = null;
        identities = null;
        keys = null;
        store = null;
        rootOfTrust = null;
        audit = null;
        storeHealth = null;
        backing = StoreProvider.openStore(config.store(), deferred.dir());
    }

    /** Whether the server waits to be unsealed ({@code trent unseal}). */
    public boolean sealed() {
        return sealed;
    }

    /**
     * Rotates the root key: a new keyring term, every record re-sealed under it while the server serves, the old
     * term dropped (see {@link RootOfTrust}). Returns the number of records re-sealed.
     */
    public int rotateRootKey() {
        if (sealed || rootOfTrust == null) throw new IllegalStateException("Trent is sealed");
        rootOfTrust.beginRotation();
        return rootOfTrust.finishRotation(
                (SealedStore) store, rotationBatch(), n -> LOG.debug("re-sealed {} records", n));
    }

    /**
     * Waits {@code trent.rootKeyRotation.pauseMillis} (a system property, 0 by default) between re-sealing
     * batches: lets tests stop a rotation in the middle, and an operator spread one over time.
     */
    private static void pauseBetweenBatches() {
        long ms = Long.getLong("trent.rootKeyRotation.pauseMillis", 0);
        if (ms <= 0) return;
        try {
            Thread.sleep(Math.min(ms, 60_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    /** Records per re-sealing batch: {@link RootOfTrust#DEFAULT_BATCH}, or the system property (tests). */
    private static int rotationBatch() {
        return Math.max(1, Integer.getInteger("trent.rootKeyRotation.batch", RootOfTrust.DEFAULT_BATCH));
    }

    /** The barrier's keys (tests look at the keyring term). */
    public RootOfTrust rootOfTrust() {
        return rootOfTrust;
    }

    /** The set-up that needs the barrier: everything that reads or writes the store. */
    private void unsealed(RootOfTrust opened) throws IOException {
        rootOfTrust = opened;
        Path dir = deferred.dir();
        Clock clock = deferred.clock();
        SecureRandom random = deferred.random();
        Acceptor acceptor = deferred.acceptor();
        CompletableFuture<SslContext> sslFuture = deferred.ssl();
        CompletableFuture<RequestValidator> validatorFuture = deferred.validator();
        store = sealedStore(dir, opened.barrier());
        storeHealth = StoreHealth.watch(store);
        audit = AuditTrail.open(config.audit(), dir, store, opened.barrier(), clock, random);
        identities = identities(dir, clock, random);
        // The authorizer needs the grants (made by KmsOperations) and the aliases of a key (in its registry).
        AtomicReference<KmsOperations> kmsRef = new AtomicReference<>();
        Function<KmsKey, List<String>> aliases = k -> aliasNames(kmsRef.get(), k);
        keys = KmsOperations.create(
                store,
                grantAccess -> authorizer = new KmsAuthorizer(identities.directory(), grantAccess, aliases),
                clock,
                random);
        kmsRef.set(keys);
        keys.registry().serviceEvents(audit::recordKeyEvent);
        material = KeyMaterialOperations.create(keys, store, clock, random);
        if (config.seed() != null) {
            SeedFile.apply(config.seed(), seedAccount(dir), keys.registry(), clock, random);
        }
        String nodeId = "node-" + java.util.UUID.randomUUID();
        maintenance =
                KeyMaintenanceScheduler.start(store, material, clock, nodeId, KeyMaintenanceScheduler.DEFAULT_PERIOD);
        scheduler = DeletionScheduler.start(
                store, keys.lifecycle(), clock, nodeId, Duration.ofSeconds(config.deletionCheckSeconds()));

        SslContext ssl = join(sslFuture);
        RequestValidator validator = join(validatorFuture);
        Regions regions = Regions.awsAnd(config.extraRegions());
        Authenticator auth = new Authenticator(identities, clock, config.dev(), config.devAccount(), regions);
        Stages.PreAuthentication preAuth = DevHostCheck.wrap(
                new PreAuthCheck(new SigV4HeaderCheck(clock, regions), PreAuthCheck.of(identities, config.dev())),
                config.dev(),
                config.devHosts());
        parametersAndSecrets = ParametersAndSecrets.create(store, keys, authorizer, clock, random)
                .startDeletions(store, clock, nodeId, Duration.ofSeconds(config.deletionCheckSeconds()));
        List<ServiceDefinition> definitions = new ArrayList<>(List.of(
                KmsService.definition(validator.model(), validator, keys, material),
                IamService.definition(identities),
                StsService.definition(identities),
                OrganizationsService.definition(identities),
                CloudTrailService.definition(audit.lookup(), clock)));
        ServiceDefinition kmsService = definitions.get(0);
        parametersAndSecrets.kmsOnBehalf().listen(call -> audit.recordOnBehalf(kmsService, call));
        definitions.addAll(parametersAndSecrets.services());
        ServiceRegistry services = new ServiceRegistry(definitions);
        Map<String, AccessRules> accessRules = new java.util.HashMap<>(Map.of(
                "kms",
                new KmsAccessRules(),
                "iam",
                new IamAccessRules(identities),
                "organizations",
                (ctx, op) -> "*",
                "cloudtrail",
                (ctx, op) -> "*"));
        accessRules.putAll(parametersAndSecrets.accessRules());
        quotas = quotaStage();
        blocking = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("trent-op-", 0).factory());
        Pipeline pipeline = new Pipeline(
                services,
                preAuth,
                DevHostCheck.wrap(auth, config.dev(), config.devHosts()),
                quotas,
                new AccessControl(authorizer, accessRules),
                audit.sink(),
                blocking,
                this::health,
                observability = observability(services));
        acceptor.ready(
                ssl,
                config.isLoopback(),
                url("https"),
                config.maxRequestBytes(),
                pipeline,
                clock,
                new ConnectionLimits(config.maxConnections(), config.maxConnectionsPerClient(), clock),
                config.idleTimeoutSeconds(),
                config.requestTimeoutSeconds(),
                inFlight = new InFlightBodies(config.maxInFlightRequestBytes(), clock));
        keys.registry().startRefreshing(KeyRegistry.DEFAULT_REFRESH_INTERVAL);
        keys.grants().registry().startRefreshing(GrantRegistry.DEFAULT_REFRESH_INTERVAL);
        identities.startRefreshing(IdentityStore.DEFAULT_REFRESH_INTERVAL);
        if (opened.rotating()) {
            rotationWorker = Thread.ofVirtual().name("trent-root-key-rotation").start(() -> {
                try {
                    LOG.info(
                            "Resuming the root-key rotation: re-sealing records under keyring term {}",
                            opened.activeTerm());
                    opened.finishRotation((SealedStore) store, rotationBatch(), n -> pauseBetweenBatches());
                } catch (RuntimeException e) {
                    if (!closed.get()) LOG.error("The root-key rotation stopped: {}", e.getMessage());
                }
            });
        }
    }

    /**
     * Metrics, the access log and readiness, as configured (see docs/operations.md), with the audit journal's
     * pending events and health.
     */
    private Observability observability(ServiceRegistry services) {
        KmsKeyLookup lookup = new KmsKeyLookup(keys.registry());
        AccessLog.KeyNamer namer = (service, account, region, ref) -> {
            if (!"kms".equals(service)) return null;
            var e = lookup.find(account, region, ref);
            return e == null ? null : e.key().arn();
        };
        // a database server is watched by StoreHealth (which logs when it stops and starts answering); an embedded
        // store is probed with a cheap read
        if (store.shared()) {
            healthChecks.register(HealthChecks.STORE, storeHealth::reachable);
        } else {
            healthChecks.probeStore(store::revision, Duration.ofSeconds(5), System::nanoTime);
        }
        AccessLog accessLog;
        try {
            accessLog = AccessLog.open(config.accessLog(), namer);
        } catch (java.io.UncheckedIOException e) {
            throw new StartupException(e.getMessage(), e);
        }
        Observability o = new Observability(services, config.metrics(), accessLog, quotas);
        o.gauges()
                .register(
                        Gauges.AUDIT_JOURNAL_LAG,
                        "Audit events accepted but not yet written to the journal.",
                        () -> audit.pending());
        healthChecks.register(HealthChecks.AUDIT, audit::healthy);
        return o;
    }

    /** The gauges {@code /metrics} shows besides the request metrics (the audit journal's lag registers here). */
    public Gauges gauges() {
        return observability.gauges();
    }

    /** The readiness checks {@code /health} asks (the audit trail registers its own here). */
    public HealthChecks healthChecks() {
        return healthChecks;
    }

    /** AWS KMS's request quotas, as configured, on the caller's account and Region (IAM, STS: not limited). */
    private QuotaStage quotaStage() {
        QuotaSettings s = config.requestQuotas();
        return new QuotaStage(
                new RequestQuotas(KmsRequestQuotas.catalogue(), s.enabled(), s.overrides(), System::nanoTime),
                Map.of("kms", new KmsQuotaClassifier(new KmsKeyLookup(keys.registry()))));
    }

    /** The request quotas in force; their overrides can be changed while the server runs. */
    public RequestQuotas requestQuotas() {
        return quotas.quotas();
    }

    /** The alias names ({@code alias/...}) of {@code key}, for {@code kms:ResourceAliases}. */
    private static List<String> aliasNames(KmsOperations kms, KmsKey key) {
        if (kms == null) return List.of();
        List<String> names = new ArrayList<>();
        for (Alias a : kms.registry().aliases(key.accountId(), key.region())) {
            if (a.targetKeyId().value().equals(key.keyId())) names.add(a.name());
        }
        return names;
    }

    /**
     * The configured store behind the barrier, checked for a rollback (see {@link SealedStore}): a store older than
     * its marker or than the data directory's high-water mark stops the start with one line, unless the restore is
     * accepted ({@code --accept-restore}).
     */
    private Store sealedStore(Path dir, Barrier barrier) {
        try {
            return new SealedStore(
                    backing,
                    barrier,
                    new SealedStore.Options(dir.resolve(SealedStore.HIGH_WATER_FILE), true, acceptRestore));
        } catch (RollbackDetectedException e) {
            throw new StartupException(
                    "rollback detected: " + e.getMessage() + ". If the data was restored on purpose, start once with"
                            + " --accept-restore to accept it as it is (see Backups and restores in"
                            + " docs/operations.md)",
                    e);
        } catch (Barrier.BarrierException e) {
            throw new StartupException(e.getMessage(), e);
        }
    }

    /**
     * The identities: the store of accounts and access keys, and on first start the admin credentials (in dev
     * mode, of the dev account).
     */
    private IdentityStore identities(Path dir, Clock clock, SecureRandom random) {
        IdentityStore ids = new IdentityStore(store, clock, random);
        AdminCredentials.atStart(ids, dir, config.dev(), config.devAccount());
        return ids;
    }

    /** The account seeded keys belong to unless the seed file names one: the dev account, else the admin's. */
    private String seedAccount(Path dir) {
        if (config.dev()) return config.devAccount();
        try {
            return WireJson.MAPPER
                    .readTree(Files.readAllBytes(dir.resolve(ADMIN_CREDENTIALS_FILE)))
                    .path("AccountId")
                    .asText(config.devAccount());
        } catch (IOException | RuntimeException e) {
            return config.devAccount();
        }
    }

    /**
     * Names the self-signed certificate must hold, or it is made again: the loopback names, the host bound (for a
     * wildcard address, the host in the URL Trent prints) and the configured names.
     */
    private Set<String> requiredNames() {
        Set<String> names = new LinkedHashSet<>(SelfSignedCertificate.LOOPBACK_NAMES);
        names.add(config.isWildcard() ? advertisedHost : config.host());
        names.addAll(config.tlsSubjectAlternativeNames());
        return names;
    }

    /** Names a new self-signed certificate holds besides the required ones: this machine's name and addresses. */
    private static Set<String> wantedNames() {
        Set<String> names = new LinkedHashSet<>();
        LocalAddresses.hostName().ifPresent(names::add);
        for (InetAddress a : LocalAddresses.interfaceAddresses()) names.add(SubjectNames.of(a));
        return names;
    }

    /** A certificate the operator configured is used as it is; a warning when it does not name the host. */
    private void checkConfiguredCertificate(Path certFile) {
        if (!config.tlsSubjectAlternativeNames().isEmpty()) {
            LOG.warn(
                    "tlsSubjectAlternativeNames applies to the self-signed certificate only; the configured"
                            + " certificate {} is used as it is",
                    certFile);
        }
        java.security.cert.X509Certificate x509 = SelfSignedCertificate.read(certFile);
        if (x509 == null) return; // loading it below says what is wrong
        certificateNames = SubjectNames.of(x509);
        String host = SubjectNames.normalize(advertisedHost);
        if (!certificateNames.contains(host) && !SubjectNames.isIpAddress(host) && !coveredByWildcard(host)) {
            LOG.warn(
                    "The TLS certificate {} does not name {}; clients connecting to https://{}:... will refuse it",
                    certFile,
                    host,
                    host);
        } else if (!certificateNames.contains(host) && SubjectNames.isIpAddress(host)) {
            LOG.warn("The TLS certificate {} does not name the address {}", certFile, host);
        }
    }

    private boolean coveredByWildcard(String host) {
        int dot = host.indexOf('.');
        return dot > 0 && certificateNames.contains("*" + host.substring(dot));
    }

    /** Adds each connection's handlers once the server is set up (the socket accepts nothing before). */
    private static final class Acceptor extends ChannelInitializer<SocketChannel> {
        private volatile SslContext ssl;
        private volatile boolean plaintextAllowed;
        private volatile String httpsUrl;
        private volatile int maxBody;
        private volatile Pipeline pipeline;
        private volatile Clock clock;
        private volatile ConnectionLimits limits;
        private volatile int idleSeconds;
        private volatile int requestSeconds;
        private volatile InFlightBodies bodies;
        private volatile SealedGate gate;

        /** Serves the sealed server's few answers ({@link SealedGate}) until {@link #ready}. */
        void sealed(
                SslContext ssl,
                boolean plaintextAllowed,
                String httpsUrl,
                ConnectionLimits limits,
                int idleSeconds,
                int requestSeconds,
                SealedGate gate) {
            this.limits = limits;
            this.idleSeconds = idleSeconds;
            this.requestSeconds = requestSeconds;
            this.ssl = ssl;
            this.plaintextAllowed = plaintextAllowed;
            this.httpsUrl = httpsUrl;
            this.gate = gate;
        }

        void ready(
                SslContext ssl,
                boolean plaintextAllowed,
                String httpsUrl,
                int maxBody,
                Pipeline pipeline,
                Clock clock,
                ConnectionLimits limits,
                int idleSeconds,
                int requestSeconds,
                InFlightBodies bodies) {
            this.bodies = bodies;
            this.limits = limits;
            this.idleSeconds = idleSeconds;
            this.requestSeconds = requestSeconds;
            this.ssl = ssl;
            this.plaintextAllowed = plaintextAllowed;
            this.httpsUrl = httpsUrl;
            this.maxBody = maxBody;
            this.clock = clock;
            this.pipeline = pipeline;
            this.gate = null;
        }

        @Override
        protected void initChannel(SocketChannel ch) {
            ChannelPipeline p = ch.pipeline();
            Pipeline pipeline = this.pipeline;
            p.addLast(limits);
            if (plaintextAllowed) {
                p.addLast(new OptionalSslHandler(ssl));
            } else {
                p.addLast(new HttpsOnlyHandler(ssl, httpsUrl));
            }
            p.addLast(new HttpServerCodec(8192, 16384, 16384));
            p.addLast(new ConnectionTimeouts(idleSeconds, requestSeconds));
            SealedGate gate = this.gate;
            if (pipeline == null && gate != null) {
                p.addLast(new io.netty.handler.codec.http.HttpObjectAggregator(SealedGate.MAX_BODY));
                p.addLast(gate.handler());
                return;
            }
            p.addLast(new RequestAdmission(pipeline, clock, bodies, maxBody));
            p.addLast(new HttpServerKeepAliveHandler());
            p.addLast(new BoundedAggregator(maxBody, pipeline, clock));
            p.addLast(new HttpHandler(pipeline, clock));
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
        return start(config, clock, random, false);
    }

    /**
     * Starts a server; with {@code acceptRestore} a data directory whose store went back to an older state (a
     * deliberate restore from a backup) is accepted as it is and re-marked, instead of refused.
     */
    public static TrentServer start(ServerConfig config, boolean acceptRestore) throws IOException {
        return start(config, Clock.systemUTC(), new dev.trent.crypto.ThreadLocalSecureRandom(), acceptRestore);
    }

    public static TrentServer start(ServerConfig config, Clock clock, SecureRandom random, boolean acceptRestore)
            throws IOException {
        config.validate();
        return new TrentServer(config, clock, random, acceptRestore);
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /**
     * The URL a client can use: the host bound, or for a wildcard address ({@code 0.0.0.0}, {@code ::}) this
     * machine's name or one of its addresses.
     */
    public String url(String scheme) {
        return scheme + "://" + LocalAddresses.urlHost(advertisedHost) + ":" + port();
    }

    public Path certificate() {
        return certificate;
    }

    /** The names the TLS certificate holds (normalized: canonical IP addresses, lowercase DNS names). */
    public Set<String> certificateNames() {
        return certificateNames == null ? Set.of() : Set.copyOf(certificateNames);
    }

    /** The background steps of rotation, imported material and multi-Region keys (tests run a pass through it). */
    public KeyMaintenanceScheduler keyMaintenance() {
        return maintenance;
    }

    /**
     * The bytes of request bodies being read or handled now, over all connections (bounded by
     * {@code maxInFlightRequestBytes}).
     */
    public long inFlightRequestBytes() {
        return inFlight == null ? 0 : inFlight.used();
    }

    /** The audit trail: its health and lag for {@code /health} and {@code /metrics}. */
    public AuditTrail audit() {
        return audit;
    }

    /**
     * Parameter Store and Secrets Manager: their {@code kmsOnBehalf().listen(...)} hook hears every KMS call they
     * make on a caller's behalf (for the audit trail).
     */
    public ParametersAndSecrets parametersAndSecrets() {
        return parametersAndSecrets;
    }

    /** The key lifecycle operations (tests purge expired keys through it). */
    public KeyLifecycle keyService() {
        return keys.lifecycle();
    }

    private ObjectNode health() {
        // Unauthenticated: status (and which parts fail) only, nothing about what the server holds. A store out of
        // reach makes the node not ready (503 on /health and /health/ready); /health/live stays 200, the keys in
        // memory keep serving.
        if (sealed) return WireJson.MAPPER.createObjectNode().put("status", "sealed");
        return healthChecks.document();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        closeAll();
        LOG.info("Trent stopped (uptime {})", uptime(Duration.ofNanos(System.nanoTime() - startedNanos)));
    }

    static String uptime(Duration d) {
        long s = d.toSeconds();
        if (s < 60) return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
        if (s < 3600) return String.format(java.util.Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        if (s < 86400) return String.format(java.util.Locale.ROOT, "%d h %02d min", s / 3600, s % 3600 / 60);
        return String.format(java.util.Locale.ROOT, "%d d %02d h", s / 86400, s % 86400 / 3600);
    }

    /** Stops whatever was started, in reverse order; parts never started are skipped. */
    private void closeAll() {
        try {
            channel.close().syncUninterruptibly();
            shutdownEventLoops();
            if (blocking != null) {
                blocking.shutdown();
                blocking.awaitTermination(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            healthChecks.close();
            if (observability != null) observability.close();
            if (maintenance != null) maintenance.close();
            if (scheduler != null) scheduler.close();
            if (parametersAndSecrets != null) parametersAndSecrets.close();
            if (identities != null) identities.close();
            if (keys != null) keys.close();
            if (audit != null) audit.close();
            if (storeHealth != null) storeHealth.close();
            if (rotationWorker != null) rotationWorker.interrupt();
            if (store != null) store.close();
            else if (backing != null) backing.close();
            if (rootOfTrust != null) rootOfTrust.close();
            try {
                if (lock != null) lock.release();
                if (lockChannel != null) lockChannel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private void shutdownEventLoops() {
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
