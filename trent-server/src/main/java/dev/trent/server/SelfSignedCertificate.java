package dev.trent.server;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
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
 * The server's self-signed TLS certificate (ECDSA P-256) in {@code <data-dir>/tls/}, made the first time Trent starts
 * without a configured certificate. It names localhost, 127.0.0.1, ::1, this host's name, the addresses of this
 * machine's interfaces, the bound address and any names configured ({@code tlsSubjectAlternativeNames}). It is kept
 * across restarts (clients trust it by its file), and made again only when it no longer names what is required (the
 * loopback names, the bound host, the configured names), has expired, or cannot be read.
 */
final class SelfSignedCertificate {
    private static final Duration VALIDITY = Duration.ofDays(825);

    private SelfSignedCertificate() {}

    /**
     * @param created whether the certificate was written by this call
     * @param reason why an existing certificate was replaced, or null
     * @param names the names it holds
     */
    record Generated(Path certificate, Path privateKey, boolean created, String reason, Set<String> names) {}

    /** The names every self-signed certificate holds. */
    static final List<String> LOOPBACK_NAMES = List.of("localhost", "127.0.0.1", "::1");

    /**
     * Returns the certificate in {@code dir}, made (again) when missing, expired, unreadable or not naming every one
     * of {@code required}.
     *
     * @param required names the certificate must hold (compared normalized, see {@link SubjectNames})
     * @param wanted further names a new certificate holds (this machine's name and addresses)
     */
    static Generated ensure(
            Path dir, Collection<String> required, Collection<String> wanted, Clock clock, SecureRandom random)
            throws IOException {
        Path cert = dir.resolve("server.crt");
        Path key = dir.resolve("server.key");
        Set<String> need = SubjectNames.normalizeAll(required);
        String reason = null;
        if (Files.exists(cert) && Files.exists(key)) {
            X509Certificate existing = read(cert);
            if (existing == null) {
                reason = "it could not be read";
            } else if (existing.getNotAfter().toInstant().isBefore(clock.instant())) {
                reason = "it expired on " + existing.getNotAfter().toInstant();
            } else {
                Set<String> has = SubjectNames.of(existing);
                List<String> missing =
                        need.stream().filter(n -> !has.contains(n)).toList();
                if (missing.isEmpty()) return new Generated(cert, key, false, null, has);
                reason = "it did not name " + String.join(", ", missing);
            }
        }
        Set<String> names = new LinkedHashSet<>(need);
        names.addAll(SubjectNames.normalizeAll(wanted));
        create(cert, key, names, clock, random);
        return new Generated(cert, key, true, reason, names);
    }

    /** The certificate in a PEM file, or null when it cannot be read. */
    static X509Certificate read(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | java.security.cert.CertificateException | ClassCastException e) {
            return null;
        }
    }

    private static void create(Path cert, Path key, Set<String> names, Clock clock, SecureRandom random)
            throws IOException {
        Files.createDirectories(cert.getParent());
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
                    Date.from(now.plus(VALIDITY)),
                    subject,
                    kp.getPublic());
            List<GeneralName> sans = new ArrayList<>();
            for (String n : names) {
                sans.add(
                        SubjectNames.isIpAddress(n)
                                ? new GeneralName(GeneralName.iPAddress, n)
                                : new GeneralName(GeneralName.dNSName, n));
            }
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)));
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate());
            X509Certificate x509 = new JcaX509CertificateConverter().getCertificate(b.build(signer));
            writePem(key, "PRIVATE KEY", kp.getPrivate().getEncoded(), true);
            writePem(cert, "CERTIFICATE", x509.getEncoded(), false);
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
