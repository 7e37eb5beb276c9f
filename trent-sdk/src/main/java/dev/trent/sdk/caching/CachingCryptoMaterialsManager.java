package dev.trent.sdk.caching;

import dev.trent.sdk.AlgorithmSuite;
import dev.trent.sdk.internal.EncryptionContextCodec;
import dev.trent.sdk.keyring.Keyring;
import dev.trent.sdk.materials.CryptoMaterialsManager;
import dev.trent.sdk.materials.DecryptionMaterials;
import dev.trent.sdk.materials.DecryptionMaterialsRequest;
import dev.trent.sdk.materials.DefaultCryptoMaterialsManager;
import dev.trent.sdk.materials.EncryptedDataKey;
import dev.trent.sdk.materials.EncryptionMaterials;
import dev.trent.sdk.materials.EncryptionMaterialsRequest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Caching cryptographic materials manager (framework/caching-cmm.md): reuses data keys across messages to cut
 * calls to KMS, within limits on age, messages and bytes per data key.
 *
 * <p>Cache entries are identified by the spec's formulas (Appendix A): SHA-512 over the partition name, the
 * requested suite and the serialized encryption context for encryption; over the partition, the suite, the sorted
 * encrypted data key hashes and the encryption context for decryption. A data key is therefore never shared
 * between different encryption contexts. Suites without key derivation are never cached. Encryption requests of
 * unknown plaintext length bypass the cache when a byte limit is set.
 */
public final class CachingCryptoMaterialsManager implements CryptoMaterialsManager {
    /** Default maximum number of messages per data key (2^32). */
    public static final long DEFAULT_MAX_MESSAGES = 1L << 32;

    private final CryptoMaterialsManager underlying;
    private final LocalCryptoMaterialsCache cache;
    private final long maxAgeNanos;
    private final long maxBytes;
    private final long maxMessages;
    private final byte[] partitionHash;
    private final String partitionName;

    private CachingCryptoMaterialsManager(Builder b) {
        if (b.underlying == null) {
            throw new IllegalArgumentException("A caching CMM needs an underlying CMM or a keyring");
        }
        if (b.maxAge == null || b.maxAge.isNegative() || b.maxAge.isZero()) {
            throw new IllegalArgumentException("A caching CMM needs a positive max age");
        }
        if (b.maxBytes < 0 || b.maxMessages < 1 || b.maxMessages > DEFAULT_MAX_MESSAGES) {
            throw new IllegalArgumentException("max bytes must be >= 0 and max messages between 1 and 2^32");
        }
        this.underlying = b.underlying;
        this.cache = b.cache != null ? b.cache : new LocalCryptoMaterialsCache(b.capacity);
        this.maxAgeNanos = b.maxAge.toNanos();
        this.maxBytes = b.maxBytes;
        this.maxMessages = b.maxMessages;
        this.partitionName =
                b.partitionName != null ? b.partitionName : UUID.randomUUID().toString();
        this.partitionHash = sha512(partitionName.getBytes(StandardCharsets.UTF_8));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link CachingCryptoMaterialsManager}. */
    public static final class Builder {
        private CryptoMaterialsManager underlying;
        private LocalCryptoMaterialsCache cache;
        private int capacity = 100;
        private Duration maxAge;
        private long maxBytes = Long.MAX_VALUE;
        private long maxMessages = DEFAULT_MAX_MESSAGES;
        private String partitionName;

        public Builder underlyingCmm(CryptoMaterialsManager cmm) {
            this.underlying = Objects.requireNonNull(cmm);
            return this;
        }

        /** Uses a {@link DefaultCryptoMaterialsManager} around this keyring. */
        public Builder keyring(Keyring keyring) {
            this.underlying = new DefaultCryptoMaterialsManager(keyring);
            return this;
        }

        /** A cache to use (possibly shared); otherwise a new local cache of {@link #capacity} entries. */
        public Builder cache(LocalCryptoMaterialsCache cache) {
            this.cache = cache;
            return this;
        }

        public Builder capacity(int capacity) {
            this.capacity = capacity;
            return this;
        }

        /** Required: how long a data key may be used. */
        public Builder maxAge(Duration maxAge) {
            this.maxAge = maxAge;
            return this;
        }

        public Builder maxBytesEncrypted(long maxBytes) {
            this.maxBytes = maxBytes;
            return this;
        }

        public Builder maxMessagesEncrypted(long maxMessages) {
            this.maxMessages = maxMessages;
            return this;
        }

        /** CMMs sharing a cache share entries only if their partition names are equal (default: a random UUID). */
        public Builder partitionName(String name) {
            this.partitionName = name;
            return this;
        }

        public CachingCryptoMaterialsManager build() {
            return new CachingCryptoMaterialsManager(this);
        }
    }

    public String partitionName() {
        return partitionName;
    }

    public LocalCryptoMaterialsCache cache() {
        return cache;
    }

    @Override
    public EncryptionMaterials getEncryptionMaterials(EncryptionMaterialsRequest request) {
        AlgorithmSuite requested = request.requestedSuite();
        long size = request.maxPlaintextLength();
        boolean cacheable = (requested == null || requested.kdf() != AlgorithmSuite.Kdf.IDENTITY)
                && !(size < 0 && maxBytes != Long.MAX_VALUE)
                && size <= maxBytes;
        if (!cacheable) {
            return underlying.getEncryptionMaterials(request);
        }
        long charged = Math.max(size, 0);
        String id = encryptionId(request);
        EncryptionMaterials hit = cache.useEncryption(id, charged, maxAgeNanos, maxMessages, maxBytes);
        if (hit != null && request.commitmentPolicy().allowsEncrypt(hit.algorithmSuite())) {
            return hit;
        }
        EncryptionMaterials fresh = underlying.getEncryptionMaterials(request);
        if (fresh.algorithmSuite().kdf() != AlgorithmSuite.Kdf.IDENTITY) {
            cache.putEncryption(id, fresh, charged);
        }
        return fresh;
    }

    @Override
    public DecryptionMaterials decryptMaterials(DecryptionMaterialsRequest request) {
        if (request.algorithmSuite().kdf() == AlgorithmSuite.Kdf.IDENTITY) {
            return underlying.decryptMaterials(request);
        }
        String id = decryptionId(request);
        DecryptionMaterials hit = cache.getDecryption(id, maxAgeNanos);
        if (hit != null) {
            return hit;
        }
        DecryptionMaterials fresh = underlying.decryptMaterials(request);
        cache.putDecryption(id, fresh);
        return fresh;
    }

    /** Cache entry id for encryption requests (caching-cmm.md, Appendix A). */
    String encryptionId(EncryptionMaterialsRequest request) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(200);
        out.writeBytes(partitionHash);
        if (request.requestedSuite() == null) {
            out.write(0);
        } else {
            out.write(1);
            short id = request.requestedSuite().id();
            out.write(id >>> 8);
            out.write(id);
        }
        out.writeBytes(sha512(EncryptionContextCodec.serialize(request.encryptionContext())));
        return HexFormat.of().formatHex(sha512(out.toByteArray()));
    }

    /** Cache entry id for decryption requests (caching-cmm.md, Appendix A). */
    String decryptionId(DecryptionMaterialsRequest request) {
        List<byte[]> hashes = new ArrayList<>();
        for (EncryptedDataKey edk : request.encryptedDataKeys()) {
            hashes.add(sha512(serialize(edk)));
        }
        hashes.sort(Arrays::compareUnsigned);
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + 64 * hashes.size());
        out.writeBytes(partitionHash);
        short id = request.algorithmSuite().id();
        out.write(id >>> 8);
        out.write(id);
        hashes.forEach(out::writeBytes);
        out.writeBytes(new byte[64]);
        out.writeBytes(sha512(EncryptionContextCodec.serialize(request.encryptionContext())));
        return HexFormat.of().formatHex(sha512(out.toByteArray()));
    }

    private static byte[] serialize(EncryptedDataKey edk) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] f :
                new byte[][] {edk.providerId().getBytes(StandardCharsets.UTF_8), edk.providerInfo(), edk.ciphertext()
                }) {
            out.write(f.length >>> 8);
            out.write(f.length);
            out.writeBytes(f);
        }
        return out.toByteArray();
    }

    private static byte[] sha512(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-512").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
