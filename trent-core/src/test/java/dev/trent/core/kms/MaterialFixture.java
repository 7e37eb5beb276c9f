package dev.trent.core.kms;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trent.core.Caller;
import dev.trent.core.RequestContext;
import dev.trent.core.ServiceException;
import dev.trent.core.auth.Authorizer;
import dev.trent.core.store.InMemoryStore;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import org.assertj.core.api.AbstractThrowableAssert;

/** One node over an in-memory store with a clock the tests move, and helpers the material tests share. */
class MaterialFixture {
    static final Caller EAST = new Caller("111122223333", "us-east-1", "arn:aws:iam::111122223333:root", "AKIA1");
    static final Caller WEST = new Caller("111122223333", "us-west-2", "arn:aws:iam::111122223333:root", "AKIA1");

    final InMemoryStore store = new InMemoryStore();
    final KeyOperationsTest.MutableClock clock = new KeyOperationsTest.MutableClock();
    final SecureRandom random = new SecureRandom();
    final KmsOperations kms = KmsOperations.create(store, Authorizer.ALLOW_ALL, clock, random);
    final KeyMaterialOperations material = KeyMaterialOperations.create(kms, store, clock, random);

    RequestContext ctx(Caller c) {
        return RequestContext.internal(c, clock.now);
    }

    void advance(Duration d) {
        clock.now = clock.now.plus(d);
    }

    KmsKey create(Caller c, KeySpec spec, KeyUsage usage, Origin origin, boolean multiRegion) {
        return kms.lifecycle()
                .createKey(
                        ctx(c),
                        new LifecycleRequests.CreateKey(
                                "test", usage, spec, null, origin, null, List.of(), multiRegion, null, null));
    }

    KmsKey symmetric() {
        return create(EAST, null, null, null, false);
    }

    KmsKey describe(Caller c, String keyId) {
        return kms.lifecycle().describeKey(ctx(c), new LifecycleRequests.DescribeKey(keyId));
    }

    CryptoRequests.Encrypted encrypt(Caller c, String keyId, String text) {
        return kms.cryptography()
                .encrypt(
                        ctx(c),
                        new CryptoRequests.Encrypt(
                                keyId, text.getBytes(StandardCharsets.UTF_8), Map.of("a", "b"), null, false));
    }

    CryptoRequests.Decrypted decrypt(Caller c, byte[] blob) {
        return kms.cryptography()
                .decrypt(ctx(c), new CryptoRequests.Decrypt(blob, Map.of("a", "b"), null, null, false));
    }

    String decryptText(Caller c, byte[] blob) {
        return new String(decrypt(c, blob).plaintext(), StandardCharsets.UTF_8);
    }

    static AbstractThrowableAssert<?, ? extends Throwable> fails(Runnable r, String code) {
        return assertThatThrownBy(r::run)
                .isInstanceOf(ServiceException.class)
                .matches(e -> ((ServiceException) e).errorCode().equals(code), "error code " + code);
    }

    /** The parameters for an import, and {@code material} wrapped the way the AWS docs show (JCA, not Trent). */
    record Wrapped(byte[] token, byte[] encrypted) {}

    Wrapped wrap(Caller c, String keyId, byte[] plain) {
        try {
            return wrapOaep(c, keyId, plain);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private Wrapped wrapOaep(Caller c, String keyId, byte[] plain) throws java.security.GeneralSecurityException {
        ImportRequests.ImportParameters p = material.imports()
                .getParametersForImport(
                        ctx(c), new ImportRequests.GetParametersForImport(keyId, "RSAES_OAEP_SHA_256", "RSA_2048"));
        PublicKey pub = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(p.publicKey()));
        Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
        rsa.init(
                Cipher.ENCRYPT_MODE,
                pub,
                new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
        return new Wrapped(p.importToken(), rsa.doFinal(plain));
    }

    /** RSA_AES_KEY_WRAP_SHA_256 as the AWS docs show it: RSA-OAEP of an AES key, then AES-KWP of the material. */
    Wrapped wrapWithAes(Caller c, String keyId, byte[] plain) throws Exception {
        ImportRequests.ImportParameters p = material.imports()
                .getParametersForImport(
                        ctx(c),
                        new ImportRequests.GetParametersForImport(keyId, "RSA_AES_KEY_WRAP_SHA_256", "RSA_3072"));
        PublicKey pub = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(p.publicKey()));
        byte[] aes = new byte[32];
        random.nextBytes(aes);
        Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
        rsa.init(
                Cipher.ENCRYPT_MODE,
                pub,
                new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
        byte[] head = rsa.doFinal(aes);
        Cipher kwp = Cipher.getInstance("AES/KWP/NoPadding");
        kwp.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(aes, "AES"));
        byte[] tail = kwp.doFinal(plain);
        byte[] all = new byte[head.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return new Wrapped(p.importToken(), all);
    }

    ImportRequests.MaterialResult importMaterial(
            Caller c, String keyId, Wrapped w, java.time.Instant validTo, String importType) {
        return material.imports()
                .importKeyMaterial(
                        ctx(c),
                        new ImportRequests.ImportKeyMaterial(
                                keyId,
                                w.token(),
                                w.encrypted(),
                                validTo,
                                validTo == null ? "KEY_MATERIAL_DOES_NOT_EXPIRE" : "KEY_MATERIAL_EXPIRES",
                                importType,
                                null,
                                null));
    }

    static byte[] bytes(int seed, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (seed + i);
        return b;
    }
}
