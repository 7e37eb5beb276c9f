package dev.trent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.trent.server.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * Start-up through the real launcher ({@code ./trent server} as a child process): data-directory safety (a missing
 * root key beside existing data, a file or a path under a file as the data directory, a missing parent, an
 * unwritable directory, root key permissions), the port checked before anything is written, the URL and
 * certificate for {@code 0.0.0.0}, plain HTTP on an HTTPS-only port, the log level, the shutdown line, and regions.
 * Every refusal is exit code 1 (2 for a bad setting) and exactly one line on standard error.
 */
class StartupTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void built() {
        Launcher.assumeBuilt();
    }

    /** Every file under {@code root} with its size, modification time and permissions. */
    static Map<String, String> snapshot(Path root) {
        Map<String, String> files = new TreeMap<>();
        if (!Files.exists(root)) return files;
        try (Stream<Path> s = Files.walk(root)) {
            s.forEach(p -> {
                try {
                    files.put(
                            root.relativize(p).toString(),
                            (Files.isDirectory(p) ? "dir" : Files.size(p) + " bytes") + " "
                                    + Files.getLastModifiedTime(p) + " "
                                    + PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    static void assertOneLine(Processes.Result r, int exit, String line) {
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(exit);
        assertThat(r.stderr()).as(r.toString()).isEqualTo(line + "\n");
        assertThat(r.stdout()).as(r.toString()).isEmpty();
    }

    @Test
    void aMissingRootKeyBesideExistingDataIsRefusedAndNothingIsWritten() throws Exception {
        Path data = dir.resolve("data");
        new RunningTrent(data).close(); // a data directory in use: database, root key, credentials, certificate
        Files.delete(data.resolve("root.key"));
        Map<String, String> before = snapshot(data);
        assertThat(before).containsKeys("trent.db", "admin-credentials.json");

        Processes.Result r = Launcher.run(dir, Map.of(), "server", "--port", "0", "--data-dir", data.toString());

        assertOneLine(
                r,
                1,
                "trent server: the root key " + data.resolve("root.key") + " is missing, but the data directory is not"
                        + " empty (it holds admin-credentials.json, audit, rollback.marker, trent.db), and its data cannot be"
                        + " read without the"
                        + " root key it was sealed with: restore root.key from your backup, or start on an empty"
                        + " --data-dir");
        assertThat(snapshot(data)).isEqualTo(before);
    }

    @Test
    void aFileAsTheDataDirectoryIsOneLine() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        Processes.Result r = Launcher.run(dir, Map.of(), "server", "--port", "0", "--data-dir", file.toString());
        assertOneLine(
                r,
                1,
                "trent server: the data directory " + file + " is a file, not a directory; choose another --data-dir");
        assertThat(Files.readString(file)).isEqualTo("x");
    }

    @Test
    void aDataDirectoryUnderAFileOrUnderAMissingDirectoryIsOneLine() throws Exception {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        Processes.Result r = Launcher.run(
                dir,
                Map.of(),
                "server",
                "--port",
                "0",
                "--data-dir",
                file.resolve("data").toString());
        assertOneLine(
                r,
                1,
                "trent server: cannot create the data directory " + file.resolve("data") + ": " + file
                        + " is a file, not a directory; choose another --data-dir");

        Path missing = dir.resolve("no-such-parent/data");
        r = Launcher.run(dir, Map.of(), "server", "--port", "0", "--data-dir", missing.toString());
        assertOneLine(
                r,
                1,
                "trent server: cannot create the data directory " + missing + ": its parent directory "
                        + missing.getParent() + " does not exist; create it first or choose another --data-dir");
        assertThat(missing.getParent()).doesNotExist();
    }

    @Test
    void anUnwritableDataDirectoryIsOneLine() throws Exception {
        Path data = Files.createDirectory(dir.resolve("read-only"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("r-x------"));
        try {
            assumeFalse(
                    Files.isWritable(data),
                    "running as root, which may write to any directory whatever its permissions: an unwritable data"
                            + " directory cannot be made here (a data directory under a file is tested instead)");
            Processes.Result r = Launcher.run(dir, Map.of(), "server", "--port", "0", "--data-dir", data.toString());
            assertOneLine(
                    r,
                    1,
                    "trent server: the data directory " + data + " is not writable by this user; fix its owner or"
                            + " permissions, or choose another --data-dir");
            assertThat(snapshot(data)).containsOnlyKeys("");
        } finally {
            Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void aPortInUseIsFoundBeforeAnythingIsWritten() throws Exception {
        Path fresh = dir.resolve("fresh");
        Path empty = Files.createDirectory(dir.resolve("empty"));
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            int port = taken.getLocalPort();
            for (Path data : List.of(fresh, empty)) {
                Processes.Result r = Launcher.run(
                        dir, Map.of(), "server", "--port", Integer.toString(port), "--data-dir", data.toString());
                assertOneLine(
                        r,
                        1,
                        "trent server: cannot listen on 127.0.0.1:" + port + ": the address is already in use"
                                + " (another Trent, or another program, listens there); stop it or choose another"
                                + " --port");
            }
        }
        assertThat(fresh).doesNotExist();
        assertThat(snapshot(empty)).containsOnlyKeys("");
    }

    @Test
    void aRootKeyReadableByOthersIsRefusedWhenConfiguredSo() throws Exception {
        Path data = Files.createDirectory(dir.resolve("data"));
        Path key = Files.write(data.resolve("root.key"), new byte[32]);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        Path config = Files.writeString(dir.resolve("trent.json"), "{\"rootKeyPermissions\": \"refuse\"}");
        Map<String, String> before = snapshot(data);
        String refusal = "trent server: the root key " + key + " is accessible to group or others (rw-r--r--);"
                + " restrict it with: chmod 600 " + key + " (rootKeyPermissions is refuse)";

        Processes.Result r = Launcher.run(
                dir, Map.of(), "server", "--port", "0", "--data-dir", data.toString(), "--config", config.toString());
        assertOneLine(r, 1, refusal);
        r = Launcher.run(
                dir,
                Map.of(),
                "server",
                "--port",
                "0",
                "--data-dir",
                data.toString(),
                "--root-key-permissions",
                "refuse");
        assertOneLine(r, 1, refusal);
        assertThat(snapshot(data)).isEqualTo(before);

        r = Launcher.run(
                dir,
                Map.of(),
                "server",
                "--port",
                "0",
                "--data-dir",
                data.toString(),
                "--root-key-permissions",
                "never");
        assertOneLine(r, 2, "trent server: rootKeyPermissions must be warn or refuse, not 'never'");
    }

    /**
     * {@code --host 0.0.0.0}: the URL printed names this machine, not 0.0.0.0; the self-signed certificate names the
     * loopback names, the host name, the interface addresses and {@code --tls-san}s; plain HTTP gets a one-line
     * hint; a group-readable root key is a warning (the default); stopping logs the uptime.
     */
    @Test
    void onTheWildcardAddressTheUrlAndCertificateNameThisMachine() throws Exception {
        Path data = Files.createDirectory(dir.resolve("data"));
        Path key = Files.write(data.resolve("root.key"), new byte[32]);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r-----"));
        Launcher.Server trent = new Launcher.Server(
                dir,
                Map.of(),
                "--host",
                "0.0.0.0",
                "--port",
                "0",
                "--data-dir",
                data.toString(),
                "--tls-san",
                "kms.example.internal",
                "--tls-san",
                "10.1.2.3");
        try (trent) {
            URI url = URI.create(trent.url);
            assertThat(url.getScheme()).isEqualTo("https");
            assertThat(url.getHost()).isNotIn("0.0.0.0", "[::]", "::");
            assertThat(trent.stderr())
                    .contains("WARN  TrentServer - the root key " + key + " is accessible to group or others"
                            + " (rw-r-----); restrict it with: chmod 600 " + key);

            X509Certificate cert = TlsTest.certificate(data.resolve("tls/server.crt"));
            List<String> names = cert.getSubjectAlternativeNames().stream()
                    .map(l -> normalize(String.valueOf(l.get(1))))
                    .toList();
            assertThat(names).contains("localhost", "127.0.0.1", normalize("::1"), "kms.example.internal", "10.1.2.3");
            assertThat(names).contains(normalize(url.getHost()));
            // the host name, when the machine has one other than localhost
            String host = InetAddress.getLocalHost().getHostName();
            if (!host.equals("localhost")) assertThat(names).contains(host.toLowerCase(java.util.Locale.ROOT));
            TlsTest.nonLoopbackAddress().ifPresent(a -> assertThat(names).contains(normalize(a.getHostAddress())));

            // HTTPS on the URL printed, trusting the certificate, with the host checked as a browser would
            SSLContext ctx = TlsTest.sslContext(cert);
            try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket()) {
                s.connect(new InetSocketAddress(url.getHost(), url.getPort()), 5000);
                s.setSoTimeout(10_000);
                var params = s.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                s.setSSLParameters(params);
                s.startHandshake();
                assertThat(exchange(s, "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
                        .startsWith("HTTP/1.1 200");
            }

            // plain HTTP on the HTTPS-only port: a 400 that says what to do
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", trent.port()), 5000);
                s.setSoTimeout(10_000);
                String reply = exchange(s, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
                assertThat(reply)
                        .startsWith("HTTP/1.1 400 Bad Request\r\n")
                        .contains("Connection: close\r\n")
                        .endsWith("\r\n\r\nThis port speaks HTTPS; use " + trent.url + "/\n");
            }

            assertThat(trent.stop()).isEqualTo(143); // SIGTERM, after a clean shutdown
            assertThat(trent.stderr()).containsPattern("INFO  TrentServer - Trent stopped \\(uptime [0-9.]+ s\\)\n");
        }

        // a restart with another --tls-san makes the certificate again, and says so
        byte[] before = Files.readAllBytes(data.resolve("tls/server.crt"));
        try (Launcher.Server again = new Launcher.Server(
                dir,
                Map.of(),
                "--host",
                "0.0.0.0",
                "--port",
                "0",
                "--data-dir",
                data.toString(),
                "--tls-san",
                "other.example.internal")) {
            assertThat(again.stderr())
                    .contains(
                            "WARN  TrentServer - Made the self-signed TLS certificate " + data.resolve("tls/server.crt")
                                    + " again because it did not name other.example.internal;");
            assertThat(Files.readAllBytes(data.resolve("tls/server.crt"))).isNotEqualTo(before);
        }
    }

    /**
     * {@code --log-level} and {@code TRENT_LOG_LEVEL}; credential scopes: a configured private region works, an
     * unknown one gets AWS's InvalidSignatureException through the AWS SDK.
     */
    @Test
    void theLogLevelAndTheRegions() throws Exception {
        Path data = dir.resolve("data");
        Path config = Files.writeString(dir.resolve("trent.json"), "{\"extraRegions\": [\"on-prem-1\"]}");
        try (Launcher.Server trent = new Launcher.Server(
                dir,
                Map.of(),
                "--port",
                "0",
                "--data-dir",
                data.toString(),
                "--log-level",
                "warn",
                "--config",
                config.toString(),
                "--region",
                "lab-2")) {
            RunningTrent.Credentials admin = RunningTrent.readAdmin(data);
            URI endpoint = URI.create(trent.url);
            for (String region : List.of("on-prem-1", "lab-2", "us-east-1")) {
                try (KmsClient kms = RunningTrent.client(
                        endpoint, Region.of(region), admin.accessKeyId(), admin.secretAccessKey())) {
                    String arn = kms.createKey(b -> b.description(region))
                            .keyMetadata()
                            .arn();
                    assertThat(arn).startsWith("arn:aws:kms:" + region + ":" + admin.accountId() + ":key/");
                }
            }
            try (KmsClient mars =
                    RunningTrent.client(endpoint, Region.of("mars-1"), admin.accessKeyId(), admin.secretAccessKey())) {
                assertThatThrownBy(() -> mars.listKeys(b -> {})).isInstanceOfSatisfying(KmsException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                    assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("Credential should be scoped to a valid region, not 'mars-1'. ");
                });
            }
            // warn: nothing at info, not even the start-up lines
            assertThat(trent.stderr()).doesNotContain("INFO");
            trent.stop();
            assertThat(trent.stderr()).doesNotContain("Trent stopped");
        }

        // debug: a start-up failure is still one line for the operator, with the whole story in the debug log
        Path file = Files.writeString(dir.resolve("file"), "x");
        Processes.Result r = Launcher.run(
                dir, Map.of("TRENT_LOG_LEVEL", "debug"), "server", "--port", "0", "--data-dir", file.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr())
                .contains(
                        "DEBUG ServerCommand - start-up failed\ndev.trent.server.StartupException: the data directory")
                .endsWith("\ntrent server: the data directory " + file
                        + " is a file, not a directory; choose another --data-dir\n");

        assertOneLine(
                Launcher.run(dir, Map.of("TRENT_LOG_LEVEL", "verbose"), "server", "--port", "0"),
                2,
                "trent: TRENT_LOG_LEVEL must be one of error, warn, info, debug, trace; not 'verbose'");
        assertOneLine(
                Launcher.run(dir, Map.of(), "server", "--port", "0", "--log-level", "loud"),
                2,
                "trent server: --log-level must be one of error, warn, info, debug, trace; not 'loud'");
        assertOneLine(
                Launcher.run(dir, Map.of(), "server", "--port", "0", "--region", "Mars_1"),
                2,
                "trent server: region 'Mars_1' is not a valid region name: use 1 to 32 lowercase letters, digits and"
                        + " hyphens, starting and ending with a letter or digit (e.g. on-prem-1)");
    }

    /** Settings are checked for type in the config file, and the flags win over it. */
    @Test
    void configFileSettingsAreTypeChecked() throws Exception {
        Path config = Files.writeString(dir.resolve("bad.json"), "{\"tlsSubjectAlternativeNames\": \"a.example\"}");
        assertOneLine(
                Launcher.run(dir, Map.of(), "server", "--config", config.toString()),
                2,
                "trent server: config file " + config
                        + ": setting 'tlsSubjectAlternativeNames' must be a list of strings, not \"a.example\"");
        ServerConfig c = ServerConfig.fromFile(
                Files.writeString(
                        dir.resolve("good.json"),
                        "{\"rootKeyPermissions\": \"refuse\", \"tlsSubjectAlternativeNames\": [\"a.example\","
                                + " \"10.0.0.1\"], \"extraRegions\": [\"lab-1\"], \"logLevel\": \"DEBUG\"}"),
                ServerConfig.defaults());
        assertThat(c.rootKeyPermissions()).isEqualTo(ServerConfig.RootKeyPermissions.REFUSE);
        assertThat(c.tlsSubjectAlternativeNames()).containsExactly("a.example", "10.0.0.1");
        assertThat(c.extraRegions()).containsExactly("lab-1");
        assertThat(c.logLevel()).isEqualTo("debug");
    }

    /** An IP address in the JDK's full form, a DNS name in lowercase. */
    private static String normalize(String name) {
        try {
            if (name.matches("[0-9.]+|\\[?[0-9a-fA-F:]*:[0-9a-fA-F:.]*]?")) {
                return InetAddress.getByName(name).getHostAddress();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return name.toLowerCase(java.util.Locale.ROOT);
    }

    private static String exchange(Socket s, String request) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = s.getInputStream();
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
}
