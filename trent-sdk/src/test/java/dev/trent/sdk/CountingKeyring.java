package dev.trent.sdk;

import dev.trent.sdk.keyring.Keyring;
import dev.trent.sdk.materials.DecryptionMaterials;
import dev.trent.sdk.materials.EncryptedDataKey;
import dev.trent.sdk.materials.EncryptionMaterials;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Wraps a keyring and counts calls. */
public final class CountingKeyring implements Keyring {
    public final AtomicInteger encrypts = new AtomicInteger();
    public final AtomicInteger decrypts = new AtomicInteger();
    private final Keyring delegate;

    public CountingKeyring(Keyring delegate) {
        this.delegate = delegate;
    }

    @Override
    public EncryptionMaterials onEncrypt(EncryptionMaterials materials) {
        encrypts.incrementAndGet();
        return delegate.onEncrypt(materials);
    }

    @Override
    public DecryptionMaterials onDecrypt(DecryptionMaterials materials, List<EncryptedDataKey> edks) {
        decrypts.incrementAndGet();
        return delegate.onDecrypt(materials, edks);
    }
}
