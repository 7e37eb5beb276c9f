package dev.trent.cli.crypto;

import dev.trent.cli.crypto.KeyValueGroups.Group;
import dev.trent.sdk.CommitmentPolicy;
import dev.trent.sdk.MessageHeader;
import dev.trent.sdk.TrentCrypto;
import dev.trent.sdk.TrentCryptoException;
import dev.trent.sdk.caching.CachingCryptoMaterialsManager;
import dev.trent.sdk.caching.LocalCryptoMaterialsCache;
import dev.trent.sdk.keyring.Keyring;
import dev.trent.sdk.materials.CryptoMaterialsManager;
import dev.trent.sdk.materials.DefaultCryptoMaterialsManager;
import dev.trent.sdk.materials.EncryptedDataKey;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Options and file handling shared by {@code trent encrypt} and {@code trent decrypt}. */
abstract class CryptoCommand implements Callable<Integer> {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CryptoCommand.class);
    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;
    static final long PROGRESS_THRESHOLD = 64L * 1024 * 1024;
    private static final int IO_BUFFER = 1 << 20;

    @Spec
    CommandSpec spec;

    @Option(
            names = {"-i", "--input"},
            required = true,
            paramLabel = "PATH",
            description = "Input file or directory (with --recursive), or - for standard input.")
    String input;

    @Option(
            names = {"-o", "--output"},
            required = true,
            paramLabel = "PATH",
            description = "Output file or directory, or - for standard output.")
    String output;

    @Option(
            names = {"-r", "-R", "--recursive"},
            description = "Process every file under the input directory.")
    boolean recursive;

    @Option(
            names = {"-w", "--wrapping-keys"},
            required = true,
            parameterConsumer = KeyValueGroups.class,
            paramLabel = "ATTR=VALUE",
            description = "Wrapping keys: key=KEY (a key ARN, alias/NAME, alias ARN or key id; repeatable) [region=R] "
                    + "[profile=P]; "
                    + "provider=raw-aes key=KEYFILE name=NAME [namespace=NS] for a local AES key. Repeat the option for "
                    + "more groups. On decrypt also discovery=true [discovery-partition=aws discovery-account=ID...].")
    List<Group> wrappingKeys;

    @Option(
            names = {"-c", "--encryption-context"},
            arity = "1..*",
            paramLabel = "KEY=VALUE",
            description = "Encryption context pairs.")
    List<String> encryptionContext = new ArrayList<>();

    @Option(
            names = "--commitment-policy",
            paramLabel = "POLICY",
            description = "forbid-encrypt-allow-decrypt, "
                    + "require-encrypt-allow-decrypt or require-encrypt-require-decrypt (default).")
    String commitmentPolicy;

    @Option(
            names = "--max-encrypted-data-keys",
            paramLabel = "N",
            description = "Refuse messages with more encrypted data keys than this.")
    Integer maxEncryptedDataKeys;

    @Option(
            names = "--suffix",
            paramLabel = "SUFFIX",
            description = "Suffix of output file names when the output is a directory.")
    String suffix;

    @Option(
            names = "--metadata-output",
            paramLabel = "PATH",
            description = "Append one JSON line of metadata per processed file to PATH (- for standard output).")
    String metadataOutput;

    @Option(names = "--overwrite-metadata", description = "Truncate the metadata output file instead of appending.")
    boolean overwriteMetadata;

    @Option(
            names = "--caching",
            parameterConsumer = KeyValueGroups.class,
            paramLabel = "ATTR=VALUE",
            description =
                    "Data key caching: capacity=N max_age=SECONDS [max_messages_encrypted=N] [max_bytes_encrypted=N].")
    List<Group> caching;

    @Option(
            names = "--endpoint-url",
            paramLabel = "URL",
            description = "KMS endpoint, e.g. http://localhost:4599 for a local Trent server. "
                    + "Default: AWS_ENDPOINT_URL_KMS, AWS_ENDPOINT_URL, the profile's endpoint_url, else AWS KMS.")
    URI endpointUrl;

    @Option(
            names = "--ca-bundle",
            paramLabel = "PEM",
            description =
                    "Trust the certificates in this PEM file for HTTPS (e.g. a Trent server's "
                            + "<data-dir>/tls/server.crt) instead of the JDK's. Default: AWS_CA_BUNDLE, the profile's ca_bundle.")
    Path caBundle;

    @Option(
            names = "--profile",
            paramLabel = "NAME",
            description = "AWS profile for credentials, region, endpoint_url and ca_bundle. Default: AWS_PROFILE, else"
                    + " default.")
    String profile;

    @Option(
            names = "--region",
            paramLabel = "REGION",
            description = "AWS region for keys given by alias or key id (a key ARN names its own). "
                    + "Default: AWS_REGION, AWS_DEFAULT_REGION, the profile's region.")
    String region;

    @Option(
            names = {"-q", "--quiet"},
            description = "Print nothing but errors.")
    boolean quiet;

    @Option(names = "--no-overwrite", description = "Never replace existing output files (they are skipped).")
    boolean noOverwrite;

    @Option(
            names = "--progress",
            negatable = true,
            description = "Show a progress bar on stderr (default: when stderr is a terminal and the input is large).")
    Boolean progress;

    @Option(names = "--encode", description = "Base64-encode the output.")
    boolean encode;

    @Option(names = "--decode", description = "Base64-decode the input.")
    boolean decode;

    private InputStream stdin = System.in;
    private OutputStream stdout = System.out;
    private PrintStream stderr = System.err;
    private AwsEnvironment environment = AwsEnvironment.process();

    /** Replaces the process streams (for tests and embedding). */
    public CryptoCommand withStreams(InputStream in, OutputStream out, PrintStream err) {
        this.stdin = in;
        this.stdout = out;
        this.stderr = err;
        return this;
    }

    /**
     * Reads AWS settings ({@code AWS_REGION}, {@code AWS_PROFILE}, {@code AWS_CONFIG_FILE}, {@code AWS_CA_BUNDLE},
     * {@code AWS_ENDPOINT_URL_KMS}, credentials, {@code HOME}, ...) from {@code variables} instead of the process
     * environment (for tests and embedding).
     */
    public CryptoCommand withEnvironment(Map<String, String> variables) {
        this.environment = AwsEnvironment.of(variables);
        return this;
    }

    abstract String mode();

    abstract String defaultSuffix();

    abstract TrentCrypto.Builder configure(TrentCrypto.Builder b);

    abstract Keyring keyring(KeyringFactory factory) throws IOException;

    /** Processes one message; returns the header for the metadata line. */
    abstract MessageHeader process(
            TrentCrypto crypto, CryptoMaterialsManager cmm, InputStream in, OutputStream out, long inputSize)
            throws IOException;

    PrintStream err() {
        return stderr;
    }

    @Override
    public Integer call() {
        List<Job> jobs;
        TrentCrypto crypto;
        try {
            if (metadataOutput != null && metadataOutput.equals("-") && output.equals("-")) {
                throw new CliException("--metadata-output - and --output - cannot both use standard output");
            }
            TrentCrypto.Builder b = TrentCrypto.builder();
            if (commitmentPolicy != null) {
                b.commitmentPolicy(CommitmentPolicy.parse(commitmentPolicy));
            }
            if (maxEncryptedDataKeys != null) {
                b.maxEncryptedDataKeys(maxEncryptedDataKeys);
            }
            crypto = configure(b).build();
            jobs = jobs();
        } catch (CliException | IllegalArgumentException | TrentCryptoException e) {
            error(e.getMessage());
            return EXIT_USAGE;
        } catch (IOException e) {
            error(e.getMessage());
            return EXIT_FAILED;
        }
        int failures = 0;
        AwsSettings settings = new AwsSettings(environment, profile, region, endpointUrl, caBundle);
        try (KeyringFactory factory = new KeyringFactory(settings);
                Metadata metadata = openMetadata()) {
            CryptoMaterialsManager cmm;
            try {
                AwsSettings.checkEndpoint(endpointUrl);
                cmm = cmm(keyring(factory));
            } catch (RuntimeException e) {
                fail(null, e);
                return EXIT_USAGE;
            }
            for (int i = 0; i < jobs.size(); i++) {
                Job job = jobs.get(i);
                try {
                    run(job, crypto, cmm, metadata);
                } catch (IOException | RuntimeException e) {
                    failures++;
                    fail(job, e);
                    if (CliErrors.configurationProblem(e) != null) {
                        // Not this input's fault: every other one would fail the same way.
                        if (i + 1 < jobs.size()) {
                            error((jobs.size() - i - 1) + " more input(s) not processed");
                        }
                        return EXIT_USAGE;
                    }
                }
            }
        } catch (IOException e) {
            error(CliErrors.describe(e));
            return EXIT_FAILED;
        }
        return failures == 0 ? EXIT_OK : EXIT_FAILED;
    }

    /** Prints the one line for {@code e} (naming the input unless it is a configuration problem); details at debug. */
    private void fail(Job job, Exception e) {
        String line = CliErrors.describe(e);
        error(job == null || CliErrors.configurationProblem(e) != null ? line : job.describe() + ": " + line);
        LOG.debug("trent {} failed{}", mode(), job == null ? "" : " on " + job.describe(), e);
    }

    void error(String message) {
        stderr.println("trent " + mode() + ": error: " + message);
        stderr.flush();
    }

    void info(String message) {
        if (!quiet) {
            stderr.println("trent " + mode() + ": " + message);
        }
    }

    private CryptoMaterialsManager cmm(Keyring keyring) {
        CryptoMaterialsManager base = new DefaultCryptoMaterialsManager(keyring);
        if (caching == null || caching.isEmpty()) {
            return base;
        }
        if (caching.size() > 1) {
            throw new CliException("--caching may be given only once");
        }
        Map<String, String> c = caching.get(0).asMap();
        for (String k : c.keySet()) {
            if (!List.of("capacity", "max_age", "max_messages_encrypted", "max_bytes_encrypted")
                    .contains(k)) {
                throw new CliException("Unknown --caching attribute '" + k + "'");
            }
        }
        if (!c.containsKey("capacity") || !c.containsKey("max_age")) {
            throw new CliException("--caching needs capacity= and max_age=");
        }
        try {
            double age = Double.parseDouble(c.get("max_age"));
            CachingCryptoMaterialsManager.Builder b = CachingCryptoMaterialsManager.builder()
                    .underlyingCmm(base)
                    .cache(new LocalCryptoMaterialsCache(Integer.parseInt(c.get("capacity"))))
                    .maxAge(Duration.ofNanos((long) (age * 1e9)));
            if (c.containsKey("max_messages_encrypted")) {
                b.maxMessagesEncrypted(Long.parseLong(c.get("max_messages_encrypted")));
            }
            if (c.containsKey("max_bytes_encrypted")) {
                b.maxBytesEncrypted(Long.parseLong(c.get("max_bytes_encrypted")));
            }
            return b.build();
        } catch (NumberFormatException e) {
            throw new CliException("Invalid number in --caching: " + e.getMessage());
        }
    }

    /** Encryption context pairs from -c; {@code keysOnly} collects bare keys (decrypt only). */
    Map<String, String> contextPairs(List<String> keysOnly) {
        Map<String, String> ec = new LinkedHashMap<>();
        for (String tok : encryptionContext) {
            int eq = tok.indexOf('=');
            if (eq < 0) {
                if (keysOnly == null) {
                    throw new CliException("Encryption context entries must be KEY=VALUE: '" + tok + "'");
                }
                keysOnly.add(tok);
                continue;
            }
            String k = tok.substring(0, eq);
            if (k.isEmpty()) {
                throw new CliException("Encryption context key must not be empty: '" + tok + "'");
            }
            if (ec.put(k, tok.substring(eq + 1)) != null) {
                throw new CliException("Encryption context key given twice: " + k);
            }
        }
        return ec;
    }

    // ---------------------------------------------------------------- jobs

    /** One input to process: source (null = stdin) and destination (null = stdout). */
    record Job(Path source, Path destination) {
        String describe() {
            return source == null ? "<stdin>" : source.toString();
        }
    }

    private List<Job> jobs() throws IOException {
        String sfx = suffix != null ? suffix : defaultSuffix();
        Path out = output.equals("-") ? null : Path.of(output);
        if (input.equals("-")) {
            if (recursive) {
                throw new CliException("--recursive needs a directory input, not standard input");
            }
            if (out != null && Files.isDirectory(out)) {
                throw new CliException(
                        "Output " + out + " is a directory; name an output file when reading standard input");
            }
            return List.of(new Job(null, out));
        }
        Path in = Path.of(input);
        if (!Files.exists(in)) {
            throw new CliException("Input " + in + " does not exist");
        }
        if (Files.isDirectory(in)) {
            if (!recursive) {
                throw new CliException("Input " + in + " is a directory: use --recursive");
            }
            if (out == null || (Files.exists(out) && !Files.isDirectory(out))) {
                throw new CliException("With a directory input the output must be a directory");
            }
            Files.createDirectories(out);
            Path outAbs = out.toAbsolutePath().normalize();
            List<Job> jobs = new ArrayList<>();
            try (Stream<Path> files = Files.walk(in)) {
                for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                    if (p.toAbsolutePath().normalize().startsWith(outAbs)
                            && !outAbs.equals(in.toAbsolutePath().normalize())) {
                        continue; // don't re-process our own outputs when the output is inside the input
                    }
                    Path rel = in.relativize(p);
                    Path dest = out.resolve(rel.toString() + sfx);
                    jobs.add(new Job(p, dest));
                }
            }
            return jobs;
        }
        if (out == null) {
            return List.of(new Job(in, null));
        }
        Path dest = Files.isDirectory(out) ? out.resolve(in.getFileName().toString() + sfx) : out;
        if (Files.exists(dest) && Files.isSameFile(in, dest)) {
            throw new CliException("Input and output are the same file: " + in);
        }
        return List.of(new Job(in, dest));
    }

    private void run(Job job, TrentCrypto crypto, CryptoMaterialsManager cmm, Metadata metadata) throws IOException {
        if (job.destination() != null && noOverwrite && Files.exists(job.destination())) {
            info("skipping " + job.describe() + ": " + job.destination() + " exists (--no-overwrite)");
            return;
        }
        long size = job.source() == null ? -1 : Files.size(job.source());
        boolean showProgress =
                progress != null ? progress : !quiet && size >= PROGRESS_THRESHOLD && ProgressBar.stderrIsTerminal();
        ProgressBar bar = showProgress
                ? new ProgressBar(
                        stderr,
                        mode() + " "
                                + (job.source() == null
                                        ? "<stdin>"
                                        : job.source().getFileName()),
                        size)
                : null;
        InputStream rawIn = job.source() == null ? stdin : Files.newInputStream(job.source());
        MessageHeader header;
        try (InputStream counted = bar == null ? rawIn : bar.wrap(rawIn)) {
            InputStream in =
                    new BufferedInputStream(decode ? Base64.getMimeDecoder().wrap(counted) : counted, IO_BUFFER);
            long knownSize = decode ? -1 : size;
            if (job.destination() == null) {
                OutputStream out = new NonClosing(stdout);
                header = process(crypto, cmm, in, encodeIfAsked(out), knownSize);
                stdout.flush();
            } else {
                header = writeAtomically(
                        job.destination(), out -> process(crypto, cmm, in, encodeIfAsked(out), knownSize));
            }
        } finally {
            if (bar != null) {
                bar.finish();
            }
        }
        metadata.write(job, header, mode());
    }

    private OutputStream encodeIfAsked(OutputStream out) {
        return encode ? new Base64Out(out) : out;
    }

    @FunctionalInterface
    interface Body {
        MessageHeader write(OutputStream out) throws IOException;
    }

    /**
     * Writes to a temporary file in the destination's directory, then renames it over the destination; on failure
     * the temporary file is deleted, so a half-written file never appears under the destination name.
     */
    static MessageHeader writeAtomically(Path dest, Body body) throws IOException {
        Path dir = dest.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + dest.getFileName() + ".", ".partial");
        boolean ok = false;
        try {
            MessageHeader h;
            try (FileOutputStream fos = new FileOutputStream(tmp.toFile());
                    BufferedOutputStream out = new BufferedOutputStream(fos, IO_BUFFER)) {
                h = body.write(new NonClosing(out));
                out.flush();
                fos.getChannel().force(true);
            }
            try {
                Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dest, StandardCopyOption.REPLACE_EXISTING);
            }
            ok = true;
            return h;
        } finally {
            if (!ok) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    // ---------------------------------------------------------------- metadata

    private Metadata openMetadata() throws IOException {
        if (metadataOutput == null) {
            return new Metadata(null, false);
        }
        if (metadataOutput.equals("-")) {
            return new Metadata(new NonClosing(stdout), true);
        }
        Path p = Path.of(metadataOutput);
        if (p.toAbsolutePath().getParent() != null) {
            Files.createDirectories(p.toAbsolutePath().getParent());
        }
        OutputStream os = overwriteMetadata
                ? Files.newOutputStream(
                        p, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)
                : Files.newOutputStream(
                        p, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        return new Metadata(os, false);
    }

    /** JSON-lines metadata in the layout of aws-encryption-cli. */
    static final class Metadata implements AutoCloseable {
        private final OutputStream out;
        private final boolean stdout;

        Metadata(OutputStream out, boolean stdout) {
            this.out = out;
            this.stdout = stdout;
        }

        void write(Job job, MessageHeader h, String mode) throws IOException {
            if (out == null) {
                return;
            }
            Map<String, Object> line = new TreeMap<>();
            line.put("header", header(h));
            line.put(
                    "input",
                    job.source() == null
                            ? "<stdin>"
                            : job.source().toAbsolutePath().toString());
            line.put("mode", mode);
            line.put(
                    "output",
                    job.destination() == null
                            ? "<stdout>"
                            : job.destination().toAbsolutePath().toString());
            out.write((Json.write(line) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        static Map<String, Object> header(MessageHeader h) {
            Map<String, Object> m = new TreeMap<>();
            Base64.Encoder b64 = Base64.getEncoder();
            m.put("algorithm", h.algorithmSuite().name());
            m.put("algorithm_id", "0x" + h.algorithmSuite().hexId());
            m.put("content_type", h.contentType().code());
            List<Object> edks = new ArrayList<>();
            for (EncryptedDataKey edk : h.encryptedDataKeys()) {
                Map<String, Object> provider = new TreeMap<>();
                provider.put("key_info", b64.encodeToString(edk.providerInfo()));
                provider.put("provider_id", edk.providerId());
                Map<String, Object> e = new TreeMap<>();
                e.put("encrypted_data_key", b64.encodeToString(edk.ciphertext()));
                e.put("key_provider", provider);
                edks.add(e);
            }
            m.put("encrypted_data_keys", edks);
            m.put("encryption_context", new TreeMap<>(h.encryptionContext()));
            m.put("frame_length", h.frameLength());
            m.put("header_iv_length", h.algorithmSuite().ivLength());
            m.put("message_id", b64.encodeToString(h.messageId()));
            if (h.version() == 1) {
                m.put("type", 128);
            }
            m.put("version", h.version() + ".0");
            return m;
        }

        @Override
        public void close() throws IOException {
            if (out != null && !stdout) {
                out.close();
            } else if (out != null) {
                out.flush();
            }
        }
    }

    /** Shields a stream from close(). */
    static final class NonClosing extends FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }

    /** Base64 encoding that finishes (writes padding) on close without closing the target. */
    static final class Base64Out extends FilterOutputStream {
        Base64Out(OutputStream target) {
            super(Base64.getEncoder().wrap(new NonClosing(target)));
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }
    }
}
