package dev.trent.sdk.keyring;

import dev.trent.sdk.CannotUnwrapDataKeyException;
import dev.trent.sdk.TrentCryptoException;
import dev.trent.sdk.materials.DecryptionMaterials;
import dev.trent.sdk.materials.EncryptedDataKey;
import dev.trent.sdk.materials.EncryptionMaterials;
import java.util.ArrayList;
import java.util.List;

/**
 * Multi-keyring (framework/multi-keyring.md): the generator creates the data key and every child keyring adds its
 * own encrypted copy; on decrypt the generator, then each child, is tried until one succeeds.
 */
public final class MultiKeyring implements Keyring {
    private final Keyring generator;
    private final List<Keyring> children;

    public MultiKeyring(Keyring generator, List<? extends Keyring> children) {
        this.generator = generator;
        this.children = List.copyOf(children);
        if (generator == null && this.children.isEmpty()) {
            throw new IllegalArgumentException("A multi-keyring needs a generator or at least one child keyring");
        }
    }

    public static MultiKeyring of(Keyring generator, Keyring... children) {
        return new MultiKeyring(generator, List.of(children));
    }

    public Keyring generator() {
        return generator;
    }

    public List<Keyring> children() {
        return children;
    }

    @Override
    public EncryptionMaterials onEncrypt(EncryptionMaterials materials) {
        EncryptionMaterials m = materials;
        if (generator != null) {
            if (m.hasPlaintextDataKey()) {
                throw new TrentCryptoException(
                        "Multi-keyring with a generator received materials that already have a data key");
            }
            m = generator.onEncrypt(m);
            if (m == null || !m.hasPlaintextDataKey()) {
                throw new TrentCryptoException("The generator keyring did not produce a plaintext data key");
            }
        } else if (!m.hasPlaintextDataKey()) {
            throw new TrentCryptoException(
                    "Multi-keyring without a generator needs materials that already have a data key");
        }
        try {
            for (Keyring child : children) {
                m = child.onEncrypt(m);
            }
        } catch (RuntimeException e) {
            if (generator != null) {
                m.destroy();
            }
            throw e;
        }
        return m;
    }

    @Override
    public DecryptionMaterials onDecrypt(DecryptionMaterials materials, List<EncryptedDataKey> edks) {
        if (materials.hasPlaintextDataKey()) {
            throw new IllegalStateException("Decryption materials already contain a plaintext data key");
        }
        List<Exception> errors = new ArrayList<>();
        List<Keyring> all = new ArrayList<>();
        if (generator != null) {
            all.add(generator);
        }
        all.addAll(children);
        for (Keyring k : all) {
            try {
                DecryptionMaterials out = k.onDecrypt(materials, edks);
                if (out != null && out.hasPlaintextDataKey()) {
                    return out;
                }
            } catch (RuntimeException e) {
                errors.add(e);
            }
        }
        throw new CannotUnwrapDataKeyException("No keyring in the multi-keyring could decrypt a data key", errors);
    }
}
