package dev.trent.core.audit;

import dev.trent.core.barrier.Barrier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * The key that signs the audit journal's digest files: Ed25519 (the JDK's own implementation; deterministic
 * signatures, no nonce to get wrong).
 *
 * <p>Its private key is sealed by the {@link Barrier} under the root key in {@code <audit-dir>/signing-key.sealed}
 * (so it is as safe as the key material in the store, and useless without {@code root.key}); its public key is
 * written beside it in {@code keys/<fingerprint>.pub} (X.509 SubjectPublicKeyInfo, base64), which is all that
 * {@code trent audit verify} needs. Keep a copy of the public key somewhere the server cannot write (the verifier
 * takes {@code --public-key}): someone who can write the data directory and read the root key could otherwise
 * replace both the key and the digests.
 */
public final class AuditSigningKey {
    public static final String ALGORITHM = "Ed25519";
    static final String SEALED_FILE = "signing-key.sealed";
    public static final String PUBLIC_FILE = "signing-key.pub";
    static final String KEYS_DIR = "keys";
    private static final String IDENTITY = "audit/signing-key";

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String fingerprint;

    private AuditSigningKey(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.fingerprint = fingerprint(publicKey);
    }

    /** The key of {@code auditDir}, made (and its public half published) on first use. */
    public static AuditSigningKey loadOrCreate(Path auditDir, Barrier barrier, SecureRandom random) {
        Path sealed = auditDir.resolve(SEALED_FILE);
        try {
            Files.createDirectories(auditDir.resolve(KEYS_DIR));
            if (Files.exists(sealed)) {
                byte[] pkcs8 = barrier.unseal(IDENTITY, Files.readAllBytes(sealed));
                try {
                    KeyFactory f = KeyFactory.getInstance(ALGORITHM);
                    PrivateKey priv = f.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
                    PublicKey pub = readPublicKey(Files.readString(auditDir.resolve(PUBLIC_FILE)));
                    AuditSigningKey key = new AuditSigningKey(priv, pub);
                    key.checkPair();
                    key.publish(auditDir);
                    return key;
                } finally {
                    Arrays.fill(pkcs8, (byte) 0);
                }
            }
            KeyPairGenerator g = KeyPairGenerator.getInstance(ALGORITHM);
            g.initialize(255, random);
            KeyPair pair = g.generateKeyPair();
            byte[] pkcs8 = pair.getPrivate().getEncoded();
            try {
                AuditSigningKey key = new AuditSigningKey(pair.getPrivate(), pair.getPublic());
                key.publish(auditDir);
                Path tmp = auditDir.resolve(SEALED_FILE + ".tmp");
                Files.write(tmp, barrier.seal(IDENTITY, 1, pkcs8));
                Files.move(tmp, sealed, StandardCopyOption.ATOMIC_MOVE);
                return key;
            } finally {
                Arrays.fill(pkcs8, (byte) 0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up the audit signing key in " + auditDir, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the audit signing key in " + auditDir + " is unusable", e);
        }
    }

    private void checkPair() throws GeneralSecurityException {
        byte[] probe = "trent audit signing key check".getBytes(StandardCharsets.US_ASCII);
        if (!verify(publicKey, probe, sign(probe))) {
            throw new GeneralSecurityException("the public key does not belong to the sealed private key");
        }
    }

    private void publish(Path auditDir) throws IOException {
        String text = encode(publicKey);
        Path named = auditDir.resolve(KEYS_DIR).resolve(fingerprint + ".pub");
        if (!Files.exists(named)) Files.writeString(named, text);
        Path current = auditDir.resolve(PUBLIC_FILE);
        if (!Files.exists(current) || !Files.readString(current).equals(text)) Files.writeString(current, text);
    }

    public byte[] sign(byte[] data) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(privateKey);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing an audit digest failed", e);
        }
    }

    public String fingerprint() {
        return fingerprint;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** Hex SHA-256 of the public key's SubjectPublicKeyInfo encoding. */
    public static String fingerprint(PublicKey key) {
        return JournalRecord.hex(JournalRecord.sha256().digest(key.getEncoded()));
    }

    public static boolean verify(PublicKey key, byte[] data, byte[] signature) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(key);
            s.update(data);
            return s.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    static String encode(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    /** Reads a public key in the PEM form written here. */
    public static PublicKey readPublicKey(String pem) throws GeneralSecurityException {
        String b64 = pem.replace("-----BEGIN PUBLIC KEY-----", "")
                .replace("-----END PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance(ALGORITHM)
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(b64)));
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("not a base64 public key");
        }
    }
}
