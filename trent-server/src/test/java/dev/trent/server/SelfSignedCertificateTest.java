package dev.trent.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The self-signed certificate: the names it holds, and when it is made again. */
class SelfSignedCertificateTest {
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final List<String> REQUIRED = List.of("localhost", "127.0.0.1", "::1", "10.0.0.5");
    static final List<String> WANTED = List.of("vm.example", "192.0.2.2", "fd00:0:0:0:0:0:0:2");

    @TempDir
    Path dir;

    SelfSignedCertificate.Generated ensure(List<String> required, Clock clock) throws Exception {
        return SelfSignedCertificate.ensure(dir, required, WANTED, clock, new SecureRandom());
    }

    @Test
    void aNewCertificateNamesTheRequiredAndTheWantedNames() throws Exception {
        SelfSignedCertificate.Generated g = ensure(REQUIRED, CLOCK);
        assertThat(g.created()).isTrue();
        assertThat(g.reason()).isNull();
        X509Certificate cert = SelfSignedCertificate.read(g.certificate());
        assertThat(SubjectNames.of(cert))
                .containsExactly("localhost", "127.0.0.1", "::1", "10.0.0.5", "vm.example", "192.0.2.2", "fd00::2");
        assertThat(g.names()).isEqualTo(SubjectNames.of(cert));
        assertThat(cert.getNotAfter().toInstant()).isAfter(NOW.plus(Duration.ofDays(800)));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(g.privateKey())))
                .isEqualTo("rw-------");
    }

    @Test
    void itIsKeptWhileItNamesWhatIsRequired() throws Exception {
        SelfSignedCertificate.Generated first = ensure(REQUIRED, CLOCK);
        byte[] pem = Files.readAllBytes(first.certificate());
        // fewer names required, names in another form, a later day: the same certificate
        SelfSignedCertificate.Generated again =
                ensure(List.of("LOCALHOST", "0:0:0:0:0:0:0:1", "192.0.2.2"), Clock.offset(CLOCK, Duration.ofDays(300)));
        assertThat(again.created()).isFalse();
        assertThat(Files.readAllBytes(again.certificate())).isEqualTo(pem);
    }

    @Test
    void itIsMadeAgainWhenANameIsMissing() throws Exception {
        byte[] pem = Files.readAllBytes(ensure(REQUIRED, CLOCK).certificate());
        SelfSignedCertificate.Generated g = ensure(List.of("localhost", "kms.example.internal", "10.9.9.9"), CLOCK);
        assertThat(g.created()).isTrue();
        assertThat(g.reason()).isEqualTo("it did not name kms.example.internal, 10.9.9.9");
        assertThat(Files.readAllBytes(g.certificate())).isNotEqualTo(pem);
        assertThat(SubjectNames.of(SelfSignedCertificate.read(g.certificate())))
                .contains("kms.example.internal", "10.9.9.9", "vm.example");
    }

    @Test
    void itIsMadeAgainWhenExpiredOrUnreadable() throws Exception {
        ensure(REQUIRED, CLOCK);
        SelfSignedCertificate.Generated g = ensure(REQUIRED, Clock.offset(CLOCK, Duration.ofDays(900)));
        assertThat(g.created()).isTrue();
        assertThat(g.reason()).startsWith("it expired on 2029-");

        Files.writeString(g.certificate(), "not a certificate");
        g = ensure(REQUIRED, CLOCK);
        assertThat(g.reason()).isEqualTo("it could not be read");
        assertThat(SelfSignedCertificate.read(g.certificate())).isNotNull();
    }
}
