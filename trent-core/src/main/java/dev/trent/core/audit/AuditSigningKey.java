package dev.trent.core.audit;

import dev.trent.core.barrier.Barrier;
import dev.trent.core.store.PreconditionFailedException;
import dev.trent.core.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.List;
import java.util.Optional;

/**
 * The key that signs the audit journal's digest files: Ed25519 (the JDK's own implementation; deterministic
 * signatures, no nonce to get wrong).
 *
 * <p>Its private key is a record of the store behind the {@link Barrier}, sealed under the root key like key material
 * (useless without the root key, re-sealed when the root key rotates); its public key is
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

    /**
     * The signing key, made on first use and kept in {@code store} (a store behind the barrier: the private key is
     * sealed under the root key like key material, re-sealed by a root-key rotation, in backups, and shared by the
     * nodes of a cluster); its public half is published in {@code auditDir}. A key sealed in the file {@code
     * <auditDir>/signing-key.sealed} by an earlier build moves into the store; one that cannot be opened any more is
     * replaced by a new key (the digests name the key that signed them, whose public half stays in {@code keys/}).
     */
    public static AuditSigningKey loadOrCreate(Path auditDir, Store store, Barrier barrier, SecureRandom random) {
        try {
            Files.createDirectories(auditDir.resolve(KEYS_DIR));
            Optional<Store.Entry> stored = store.get(IDENTITY);
            byte[] record = stored.isPresent() ? stored.get().value().clone() : null;
            if (record == null) {
                record = fromLegacyFile(auditDir, barrier);
                if (record == null) record = generate(random);
                try {
                    store.apply(List.of(Store.Mutation.create(IDENTITY, record)));
                } catch (PreconditionFailedException another) {
                    // another node of the cluster made one at the same time: use that one
                    Arrays.fill(record, (byte) 0);
                    record = store.get(IDENTITY).orElseThrow().value().clone();
                }
                Files.deleteIfExists(auditDir.resolve(SEALED_FILE));
            }
            try {
                AuditSigningKey key = decode(record);
                key.checkPair();
                key.publish(auditDir);
                return key;
            } finally {
                Arrays.fill(record, (byte) 0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up the audit signing key in " + auditDir, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the audit signing key in the store is unusable", e);
        }
    }

    /** The record of the key in {@code <auditDir>/signing-key.sealed} of an earlier build, or null. */
    private static byte[] fromLegacyFile(Path auditDir, Barrier barrier) throws IOException {
        Path sealed = auditDir.resolve(SEALED_FILE);
        if (!Files.exists(sealed)) return null;
        byte[] pkcs8;
        try {
            pkcs8 = barrier.unseal(IDENTITY, Files.readAllBytes(sealed));
        } catch (Barrier.BarrierException e) {
            return null; // sealed under a root key this server no longer holds: a new key signs from now on
        }
        try {
            PrivateKey priv = KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            PublicKey pub = readPublicKey(Files.readString(auditDir.resolve(PUBLIC_FILE)));
            return encode(priv, pub);
        } catch (GeneralSecurityException | IOException e) {
            return null;
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    private static byte[] generate(SecureRandom random) throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance(ALGORITHM);
        g.initialize(255, random);
        KeyPair pair = g.generateKeyPair();
        return encode(pair.getPrivate(), pair.getPublic());
    }

    /** The record: the PKCS#8 private key's length (2 bytes), the key, then the X.509 public key. */
    private static byte[] encode(PrivateKey priv, PublicKey pub) {
        byte[] pkcs8 = priv.getEncoded();
        byte[] x509 = pub.getEncoded();
        byte[] out = new byte[2 + pkcs8.length + x509.length];
        out[0] = (byte) (pkcs8.length >>> 8);
        out[1] = (byte) pkcs8.length;
        System.arraycopy(pkcs8, 0, out, 2, pkcs8.length);
        System.arraycopy(x509, 0, out, 2 + pkcs8.length, x509.length);
        Arrays.fill(pkcs8, (byte) 0);
        return out;
    }

    private static AuditSigningKey decode(byte[] record) throws GeneralSecurityException {
        if (record.length < 2) throw new GeneralSecurityException("truncated");
        int n = ((record[0] & 0xff) << 8) | (record[1] & 0xff);
        if (record.length < 2 + n) throw new GeneralSecurityException("truncated");
        byte[] pkcs8 = Arrays.copyOfRange(record, 2, 2 + n);
        try {
            KeyFactory f = KeyFactory.getInstance(ALGORITHM);
            return new AuditSigningKey(
                    f.generatePrivate(new PKCS8EncodedKeySpec(pkcs8)),
                    f.generatePublic(new X509EncodedKeySpec(Arrays.copyOfRange(record, 2 + n, record.length))));
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
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
