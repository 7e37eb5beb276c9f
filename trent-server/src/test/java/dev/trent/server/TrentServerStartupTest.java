package dev.trent.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up in process: a configured certificate is used as it is. */
class TrentServerStartupTest {
    @TempDir
    Path dir;

    @Test
    void aConfiguredCertificateIsUsedAsItIsEvenWithTlsSans() throws Exception {
        SelfSignedCertificate.Generated own = SelfSignedCertificate.ensure(
                dir.resolve("own"), List.of("localhost"), List.of(), Clock.systemUTC(), new SecureRandom());
        byte[] pem = Files.readAllBytes(own.certificate());
        byte[] key = Files.readAllBytes(own.privateKey());
        Path data = dir.resolve("data");
        ServerConfig config =
                ServerConfig.defaults()
                        .withPort(0)
                        .withDataDir(data)
                        .withTls(own.certificate(), own.privateKey())
                        .toBuilder()
                        .tlsSubjectAlternativeNames(List.of("kms.example.internal"))
                        .build();
        try (TrentServer server = TrentServer.start(config)) {
            assertThat(server.certificate()).isEqualTo(own.certificate());
            assertThat(server.certificateNames()).containsExactly("localhost");
            assertThat(server.url("http")).isEqualTo("http://127.0.0.1:" + server.port());
        }
        assertThat(Files.readAllBytes(own.certificate())).isEqualTo(pem);
        assertThat(Files.readAllBytes(own.privateKey())).isEqualTo(key);
        assertThat(data.resolve("tls")).doesNotExist();
    }

    @Test
    void uptimeReadsWell() {
        assertThat(TrentServer.uptime(java.time.Duration.ofMillis(12_345))).isEqualTo("12.3 s");
        assertThat(TrentServer.uptime(java.time.Duration.ofSeconds(125))).isEqualTo("2 min 05 s");
        assertThat(TrentServer.uptime(java.time.Duration.ofSeconds(3 * 3600 + 7 * 60)))
                .isEqualTo("3 h 07 min");
        assertThat(TrentServer.uptime(java.time.Duration.ofHours(50))).isEqualTo("2 d 02 h");
    }
}
