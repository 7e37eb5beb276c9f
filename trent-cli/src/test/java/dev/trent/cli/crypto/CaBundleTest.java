package dev.trent.cli.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaBundleTest {
    @TempDir
    Path dir;

    @Test
    void trustsEveryCertificateOfABundleWithCommentsBetween() throws Exception {
        TestTls a = TestTls.selfSigned("first");
        TestTls b = TestTls.selfSigned("second");
        Path pem = dir.resolve("bundle.pem");
        Files.writeString(pem, "# Issuer: first\n" + a.pem() + "\nsome text\n# Issuer: second\r\n" + b.pem());
        CaBundle bundle = CaBundle.load(pem, "--ca-bundle");
        assertThat(bundle.certificates()).containsExactly(a.certificate(), b.certificate());
        X509TrustManager tm = (X509TrustManager) Arrays.stream(bundle.trustManagers())
                .filter(X509TrustManager.class::isInstance)
                .findFirst()
                .orElseThrow();
        assertThat(tm.getAcceptedIssuers()).containsExactlyInAnyOrder(a.certificate(), b.certificate());
        tm.checkServerTrusted(new java.security.cert.X509Certificate[] {b.certificate()}, "ECDHE_ECDSA");
        assertThatThrownBy(() -> tm.checkServerTrusted(
                        new java.security.cert.X509Certificate[] {
                            TestTls.selfSigned("stranger").certificate()
                        },
                        "ECDHE_ECDSA"))
                .isInstanceOf(java.security.cert.CertificateException.class);
    }

    @Test
    void problemsAreOneLineErrorsNamingTheFileAndWhereItCameFrom() throws Exception {
        Path missing = dir.resolve("missing.pem");
        assertThatThrownBy(() -> CaBundle.load(missing, "AWS_CA_BUNDLE"))
                .isInstanceOf(CliException.class)
                .hasMessage("CA bundle " + missing + " (from AWS_CA_BUNDLE) does not exist");

        Path empty = Files.writeString(dir.resolve("empty.pem"), "nothing here\n");
        assertThatThrownBy(() -> CaBundle.load(empty, "--ca-bundle"))
                .hasMessage("CA bundle " + empty + " (from --ca-bundle) holds no PEM certificate "
                        + "(-----BEGIN CERTIFICATE-----)");

        Path broken = Files.writeString(
                dir.resolve("broken.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> CaBundle.load(broken, "profile dev"))
                .hasMessageStartingWith(
                        "CA bundle " + broken + " (from profile dev) holds a certificate that cannot be")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));

        assertThatThrownBy(() -> CaBundle.load(dir, "--ca-bundle"))
                .hasMessageStartingWith("CA bundle " + dir + " (from --ca-bundle) cannot be read");
    }

    @Test
    void anUnreadableBundleIsOneLine() throws Exception {
        Path unreadable = TestTls.selfSigned("x").writePem(dir.resolve("unreadable.pem"));
        Files.setPosixFilePermissions(unreadable, PosixFilePermissions.fromString("---------"));
        Assumptions.assumeFalse(Files.isReadable(unreadable), "running as a user who reads any file (root)");
        assertThatThrownBy(() -> CaBundle.load(unreadable, "--ca-bundle"))
                .hasMessage("CA bundle " + unreadable + " (from --ca-bundle) is not readable: permission denied");
    }
}
