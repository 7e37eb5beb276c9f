package dev.trent.server;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Creates the server's self-signed TLS certificate (ECDSA P-256, valid for localhost, the loopback addresses
 * and this host's name) the first time Trent starts without a configured certificate.
 */
final class SelfSignedCertificate {
    private SelfSignedCertificate() {}

    record Generated(Path certificate, Path privateKey, boolean created) {}

    static Generated ensure(Path dir, Clock clock, SecureRandom random) throws IOException {
        Path cert = dir.resolve("server.crt");
        Path key = dir.resolve("server.key");
        if (Files.exists(cert) && Files.exists(key)) return new Generated(cert, key, false);
        Files.createDirectories(dir);
        try {
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
            kpg.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair kp = kpg.generateKeyPair();
            Instant now = clock.instant();
            X500Name subject = new X500Name("CN=Trent self-signed");
            byte[] serial = new byte[16];
            random.nextBytes(serial);
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                    subject,
                    new BigInteger(1, serial),
                    Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(825))),
                    subject,
                    kp.getPublic());
            List<GeneralName> names = new ArrayList<>(List.of(
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                    new GeneralName(GeneralName.iPAddress, "::1")));
            try {
                String host = InetAddress.getLocalHost().getHostName();
                if (!host.equals("localhost")) names.add(new GeneralName(GeneralName.dNSName, host));
            } catch (IOException ignored) {
                // no host name: localhost and loopback addresses only
            }
            b.addExtension(
                    Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate());
            X509Certificate x509 = new JcaX509CertificateConverter().getCertificate(b.build(signer));
            writePem(key, "PRIVATE KEY", kp.getPrivate().getEncoded(), true);
            writePem(cert, "CERTIFICATE", x509.getEncoded(), false);
            return new Generated(cert, key, true);
        } catch (java.security.GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IOException("cannot create a self-signed certificate: " + e.getMessage(), e);
        }
    }

    private static void writePem(Path file, String type, byte[] der, boolean secret) throws IOException {
        String pem = "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END " + type + "-----\n";
        AtomicFiles.write(file, pem.getBytes(StandardCharsets.US_ASCII), secret);
    }
}
