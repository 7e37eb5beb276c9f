package dev.trent.sdk.keyring;

import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DecryptRequest;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.EncryptRequest;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyRequest;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;

/** A {@link KmsClient} that counts the calls the keyrings make. */
final class CountingKmsClient implements KmsClient {
    final AtomicInteger generateDataKey = new AtomicInteger();
    final AtomicInteger encrypt = new AtomicInteger();
    final AtomicInteger decrypt = new AtomicInteger();
    private final KmsClient delegate;

    CountingKmsClient(KmsClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public GenerateDataKeyResponse generateDataKey(GenerateDataKeyRequest request) {
        generateDataKey.incrementAndGet();
        return delegate.generateDataKey(request);
    }

    @Override
    public EncryptResponse encrypt(EncryptRequest request) {
        encrypt.incrementAndGet();
        return delegate.encrypt(request);
    }

    @Override
    public DecryptResponse decrypt(DecryptRequest request) {
        decrypt.incrementAndGet();
        return delegate.decrypt(request);
    }

    @Override
    public String serviceName() {
        return delegate.serviceName();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
