package dev.trent.sdk.keyring;

import dev.trent.sdk.CannotUnwrapDataKeyException;
import dev.trent.sdk.TrentCryptoException;
import dev.trent.sdk.materials.DecryptionMaterials;
import dev.trent.sdk.materials.EncryptedDataKey;
import dev.trent.sdk.materials.EncryptionMaterials;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Decrypt-only AWS KMS discovery keyring (framework/aws-kms/aws-kms-discovery-keyring.md): tries every
 * {@code aws-kms} encrypted data key, calling KMS Decrypt with the key ARN from the message, optionally limited by
 * a {@link DiscoveryFilter} (partition and account allow-list) and/or an allow-list of key ARNs.
 */
public final class KmsDiscoveryKeyring implements Keyring {
    private final Function<String, KmsClient> clientForRegion;
    private final DiscoveryFilter filter;
    private final Set<String> allowedKeyArns;
    private final List<String> grantTokens;

    private KmsDiscoveryKeyring(Builder b) {
        this.clientForRegion = Objects.requireNonNull(b.clientForRegion, "a KMS client or client supplier is required");
        this.filter = b.filter;
        this.allowedKeyArns = b.allowedKeyArns == null ? null : Set.copyOf(b.allowedKeyArns);
        this.grantTokens = List.copyOf(b.grantTokens);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link KmsDiscoveryKeyring}. */
    public static final class Builder {
        private Function<String, KmsClient> clientForRegion;
        private DiscoveryFilter filter;
        private Set<String> allowedKeyArns;
        private List<String> grantTokens = List.of();

        /** One client used for every region. */
        public Builder client(KmsClient client) {
            Objects.requireNonNull(client);
            this.clientForRegion = region -> client;
            return this;
        }

        /** A client per region of the key ARN (the function may cache clients). */
        public Builder clientSupplier(Function<String, KmsClient> clientForRegion) {
            this.clientForRegion = clientForRegion;
            return this;
        }

        public Builder discoveryFilter(DiscoveryFilter filter) {
            this.filter = filter;
            return this;
        }

        public Builder discoveryFilter(String partition, Set<String> accounts) {
            return discoveryFilter(new DiscoveryFilter(partition, accounts));
        }

        /** Only these key ARNs are tried. */
        public Builder allowedKeyArns(Set<String> keyArns) {
            for (String arn : keyArns) {
                KmsArn a = KmsArn.parse(arn);
                if (!a.isKey()) {
                    throw new IllegalArgumentException("Allowed keys must be key ARNs, not aliases: " + arn);
                }
            }
            this.allowedKeyArns = keyArns;
            return this;
        }

        public Builder grantTokens(List<String> tokens) {
            this.grantTokens = tokens;
            return this;
        }

        public KmsDiscoveryKeyring build() {
            return new KmsDiscoveryKeyring(this);
        }
    }

    @Override
    public EncryptionMaterials onEncrypt(EncryptionMaterials materials) {
        throw new TrentCryptoException("A KMS discovery keyring cannot encrypt");
    }

    @Override
    public DecryptionMaterials onDecrypt(DecryptionMaterials materials, List<EncryptedDataKey> edks) {
        if (materials.hasPlaintextDataKey()) {
            throw new IllegalStateException("Decryption materials already contain a plaintext data key");
        }
        List<Exception> errors = new ArrayList<>();
        int candidates = 0;
        for (EncryptedDataKey edk : edks) {
            if (!edk.providerId().equals(KmsKeyring.PROVIDER_ID)) {
                continue;
            }
            String info = edk.providerInfoString();
            KmsArn arn = KmsArn.parseOrNull(info);
            if (arn == null || !arn.isKey()) {
                throw new TrentCryptoException("Encrypted data key has an invalid aws-kms key ARN: " + info);
            }
            if (filter != null && !filter.matches(arn)) {
                continue;
            }
            if (allowedKeyArns != null && !allowedKeyArns.contains(info)) {
                continue;
            }
            candidates++;
            KmsClient client;
            try {
                client = clientForRegion.apply(arn.region());
            } catch (RuntimeException e) {
                errors.add(new TrentCryptoException(
                        "No KMS client for region " + arn.region() + ": " + e.getMessage(), e));
                continue;
            }
            DecryptionMaterials out = KmsDecrypt.attempt(client, info, edk, materials, grantTokens, errors);
            if (out != null) {
                return out;
            }
        }
        throw new CannotUnwrapDataKeyException(
                "KMS discovery keyring could not decrypt any encrypted data key"
                        + (candidates == 0 ? " (no aws-kms encrypted data key passed the discovery filter)" : ""),
                errors);
    }
}
