package dev.trent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.trent.server.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collections;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsClientBuilder;

/** TLS: the generated self-signed certificate, HTTP and HTTPS on one loopback port, HTTPS only elsewhere. */
class TlsTest {
    @TempDir
    Path dir;

    static X509Certificate certificate(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    static TrustManagerFactory trusting(X509Certificate cert) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        ks.setCertificateEntry("trent", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        return tmf;
    }

    static SSLContext sslContext(X509Certificate cert) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, trusting(cert).getTrustManagers(), null);
        return ctx;
    }

    static KmsClientBuilder client(URI endpoint, RunningTrent t) {
        return KmsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        t.admin().accessKeyId(), t.admin().secretAccessKey())))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(b -> b.maxAttempts(1))
                        .build());
    }

    @Test
    void selfSignedCertificateServesHttpsAndHttpOnOneLoopbackPort() throws Exception {
        try (RunningTrent t = new RunningTrent(dir)) {
            Path pem = dir.resolve("tls/server.crt");
            assertThat(pem).exists();
            assertThat(t.server().certificate()).isEqualTo(pem.toAbsolutePath());
            X509Certificate cert = certificate(pem);
            cert.checkValidity();
            assertThat(cert.getSubjectAlternativeNames().stream()
                            .map(l -> String.valueOf(l.get(1)))
                            .toList())
                    .contains("localhost", "127.0.0.1");
            TrustManagerFactory tmf = trusting(cert);

            URI https = URI.create("https://127.0.0.1:" + t.port());
            URI httpsByName = URI.create("https://localhost:" + t.port());
            try (KmsClient apache = client(https, t)
                            .httpClient(ApacheHttpClient.builder()
                                    .tlsTrustManagersProvider(tmf::getTrustManagers)
                                    .socketTimeout(Duration.ofSeconds(30))
                                    .build())
                            .build();
                    KmsClient urlConnection = client(httpsByName, t)
                            .httpClient(UrlConnectionHttpClient.builder()
                                    .tlsTrustManagersProvider(tmf::getTrustManagers)
                                    .socketTimeout(Duration.ofSeconds(30))
                                    .build())
                            .build();
                    KmsClient plain = t.kms()) {
                String id = apache.createKey(b -> b.description("over TLS"))
                        .keyMetadata()
                        .keyId();
                SdkBytes blob = urlConnection
                        .encrypt(b -> b.keyId(id).plaintext(SdkBytes.fromUtf8String("tls")))
                        .ciphertextBlob();
                assertThat(plain.decrypt(b -> b.ciphertextBlob(blob))
                                .plaintext()
                                .asUtf8String())
                        .isEqualTo("tls");
                assertThat(apache.describeKey(b -> b.keyId(id)).keyMetadata().description())
                        .isEqualTo("over TLS");
            }

            // a client that does not trust the certificate refuses the server
            try (KmsClient untrusting = client(https, t)
                    .httpClient(UrlConnectionHttpClient.create())
                    .build()) {
                assertThatThrownBy(() -> untrusting.listKeys(b -> b.build())).hasStackTraceContaining("PKIX");
            }

            // the certificate is made once and kept across restarts
            byte[] before = Files.readAllBytes(pem);
            t.restart();
            assertThat(Files.readAllBytes(pem)).isEqualTo(before);
        }
    }

    @Test
    void devModeIsRefusedOffLoopback() {
        for (String host : new String[] {"0.0.0.0", "192.0.2.1"}) {
            ServerConfig c = ServerConfig.defaults()
                    .withPort(0)
                    .withDataDir(dir)
                    .withHost(host)
                    .withDev(true, "000000000000");
            assertThatThrownBy(c::validate)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--dev")
                    .hasMessageContaining("loopback")
                    .hasMessageContaining(host);
        }
        // the same settings on loopback are fine
        ServerConfig.defaults()
                .withPort(0)
                .withDataDir(dir)
                .withHost("127.0.0.1")
                .withDev(true, "000000000000")
                .validate();
        ServerConfig.defaults()
                .withPort(0)
                .withDataDir(dir)
                .withHost("::1")
                .withDev(true, "000000000000")
                .validate();
        RunningTrent.testConfig(dir).withHost("0.0.0.0").validate();
    }

    static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!ni.isUp() || ni.isLoopback()) continue;
            for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                    return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    @Test
    void offLoopbackOnlyHttpsIsServed() throws Exception {
        Optional<InetAddress> address = nonLoopbackAddress();
        assumeTrue(address.isPresent(), "this machine has no non-loopback IPv4 address");
        String host = address.get().getHostAddress();
        ServerConfig config = RunningTrent.testConfig(dir).withHost(host);
        try (RunningTrent t = new RunningTrent(dir, config)) {
            int port = t.port();
            SSLContext ctx = sslContext(certificate(t.server().certificate()));

            // HTTPS works (raw TLS socket: the self-signed certificate names only loopback and the host name)
            try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket()) {
                s.connect(new InetSocketAddress(host, port), 5000);
                s.setSoTimeout(10_000);
                s.startHandshake();
                String reply = exchange(s, "GET /health HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
                assertThat(reply).startsWith("HTTP/1.1 200").contains("\"status\":\"ok\"");
            }

            // plain HTTP gets no HTTP answer
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 5000);
                s.setSoTimeout(10_000);
                String reply;
                try {
                    reply = exchange(s, "GET /health HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
                } catch (IOException reset) {
                    reply = "";
                }
                assertThat(reply).doesNotStartWith("HTTP/1.1 200").doesNotContain("\"status\":\"ok\"");
            }

            // nor is it served on loopback
            try (Socket s = new Socket()) {
                assertThatThrownBy(() -> s.connect(new InetSocketAddress("127.0.0.1", port), 2000))
                        .isInstanceOf(IOException.class);
            }
        }
    }

    private static String exchange(Socket s, String request) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        InputStream in = s.getInputStream();
        byte[] b = new byte[4096];
        for (int n; (n = in.read(b)) > 0; ) buf.write(b, 0, n);
        return buf.toString(StandardCharsets.ISO_8859_1);
    }
}
