package dev.trent.crypto;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The one BouncyCastle provider instance Trent uses, for what the JDK lacks (ML-DSA, secp256k1, SM2). It is passed
 * explicitly ({@code Signature.getInstance(name, BouncyCastle.PROVIDER)}) and never installed in the JVM's provider
 * list, so it cannot change which provider the JDK picks for anything else.
 */
public final class BouncyCastle {
    public static final Provider PROVIDER = new BouncyCastleProvider();

    private BouncyCastle() {}
}
