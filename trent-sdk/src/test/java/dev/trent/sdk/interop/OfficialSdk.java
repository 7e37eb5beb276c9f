package dev.trent.sdk.interop;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import com.amazonaws.encryptionsdk.CryptoAlgorithm;
import dev.trent.sdk.AlgorithmSuite;
import dev.trent.sdk.keyring.PemKeys;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.List;
import software.amazon.cryptography.materialproviders.IKeyring;
import software.amazon.cryptography.materialproviders.MaterialProviders;
import software.amazon.cryptography.materialproviders.model.AesWrappingAlg;
import software.amazon.cryptography.materialproviders.model.CreateMultiKeyringInput;
import software.amazon.cryptography.materialproviders.model.CreateRawAesKeyringInput;
import software.amazon.cryptography.materialproviders.model.CreateRawRsaKeyringInput;
import software.amazon.cryptography.materialproviders.model.MaterialProvidersConfig;
import software.amazon.cryptography.materialproviders.model.PaddingScheme;

/** Helpers around the official AWS Encryption SDK for Java (test scope only). */
public final class OfficialSdk {
    private static final MaterialProviders MPL = MaterialProviders.builder()
            .MaterialProvidersConfig(MaterialProvidersConfig.builder().build())
            .build();

    private OfficialSdk() {}

    public static CryptoAlgorithm algorithm(AlgorithmSuite suite) {
        return CryptoAlgorithm.valueOf("ALG_" + suite.name());
    }

    public static CommitmentPolicy policyFor(AlgorithmSuite suite) {
        return suite.isCommitting()
                ? CommitmentPolicy.RequireEncryptRequireDecrypt
                : CommitmentPolicy.ForbidEncryptAllowDecrypt;
    }

    public static AwsCrypto crypto(AlgorithmSuite suite, int frameLength) {
        return AwsCrypto.builder()
                .withCommitmentPolicy(policyFor(suite))
                .withEncryptionAlgorithm(algorithm(suite))
                .withEncryptionFrameSize(frameLength)
                .build();
    }

    public static AwsCrypto decryptor() {
        return AwsCrypto.builder()
                .withCommitmentPolicy(CommitmentPolicy.RequireEncryptAllowDecrypt)
                .build();
    }

    public static IKeyring rawAes(String namespace, String name, byte[] key) {
        AesWrappingAlg alg = switch (key.length) {
            case 16 -> AesWrappingAlg.ALG_AES128_GCM_IV12_TAG16;
            case 24 -> AesWrappingAlg.ALG_AES192_GCM_IV12_TAG16;
            default -> AesWrappingAlg.ALG_AES256_GCM_IV12_TAG16;
        };
        return MPL.CreateRawAesKeyring(CreateRawAesKeyringInput.builder()
                .keyNamespace(namespace)
                .keyName(name)
                .wrappingKey(ByteBuffer.wrap(key))
                .wrappingAlg(alg)
                .build());
    }

    public static IKeyring rawRsa(String namespace, String name, KeyPair pair, String padding) {
        return MPL.CreateRawRsaKeyring(CreateRawRsaKeyringInput.builder()
                .keyNamespace(namespace)
                .keyName(name)
                .paddingScheme(PaddingScheme.valueOf(padding))
                .publicKey(ByteBuffer.wrap(PemKeys.toPem(pair.getPublic()).getBytes(StandardCharsets.UTF_8)))
                .privateKey(ByteBuffer.wrap(PemKeys.toPem(pair.getPrivate()).getBytes(StandardCharsets.UTF_8)))
                .build());
    }

    public static IKeyring multi(IKeyring generator, IKeyring... children) {
        return MPL.CreateMultiKeyring(CreateMultiKeyringInput.builder()
                .generator(generator)
                .childKeyrings(List.of(children))
                .build());
    }
}
