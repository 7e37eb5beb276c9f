package dev.trent.cli.crypto;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * A CA bundle: a PEM file of one or more certificates that HTTPS connections trust instead of the JDK's trust store
 * (as {@code aws --ca-bundle} and {@code AWS_CA_BUNDLE} do). Text around the certificate blocks (comments, other
 * PEM blocks) is ignored. Hostnames are still verified.
 */
final class CaBundle {
    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]*?)-----END CERTIFICATE-----");

    private final Path file;
    private final List<X509Certificate> certificates;

    private CaBundle(Path file, List<X509Certificate> certificates) {
        this.file = file;
        this.certificates = List.copyOf(certificates);
    }

    /**
     * Reads the certificates in {@code file}; {@code source} (e.g. "--ca-bundle", "AWS_CA_BUNDLE") names where the
     * path came from in the one-line error when the file is missing, unreadable or holds no certificate.
     */
    static CaBundle load(Path file, String source) {
        String what = "CA bundle " + file + " (from " + source + ")";
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new CliException(what + " does not exist");
        } catch (AccessDeniedException e) {
            throw new CliException(what + " is not readable: permission denied");
        } catch (IOException e) {
            throw new CliException(what + " cannot be read: " + CliErrors.oneLine(String.valueOf(e.getMessage())));
        }
        List<X509Certificate> certs = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            Matcher m = BLOCK.matcher(pem);
            while (m.find()) {
                byte[] der = Base64.getMimeDecoder().decode(m.group(1));
                certs.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der)));
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new CliException(what + " holds a certificate that cannot be parsed: "
                    + CliErrors.oneLine(String.valueOf(e.getMessage())));
        }
        if (certs.isEmpty()) {
            throw new CliException(what + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return new CaBundle(file, certs);
    }

    Path file() {
        return file;
    }

    List<X509Certificate> certificates() {
        return certificates;
    }

    /** Trust managers (PKIX) that trust exactly these certificates as anchors. */
    TrustManager[] trustManagers() {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            for (int i = 0; i < certificates.size(); i++) {
                ks.setCertificateEntry("ca-" + i, certificates.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(ks);
            return tmf.getTrustManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot build a trust manager for " + file, e);
        }
    }
}
