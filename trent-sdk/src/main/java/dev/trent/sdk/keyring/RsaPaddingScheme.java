package dev.trent.sdk.keyring;

import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.util.Locale;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/** RSA padding schemes of the raw RSA keyring. For OAEP, MGF1 uses the same hash as OAEP itself. */
public enum RsaPaddingScheme {
    PKCS1("RSA/ECB/PKCS1Padding", null),
    OAEP_SHA1_MGF1("RSA/ECB/OAEPPadding", "SHA-1"),
    OAEP_SHA256_MGF1("RSA/ECB/OAEPPadding", "SHA-256"),
    OAEP_SHA384_MGF1("RSA/ECB/OAEPPadding", "SHA-384"),
    OAEP_SHA512_MGF1("RSA/ECB/OAEPPadding", "SHA-512");

    private final String transformation;
    private final String hash;

    RsaPaddingScheme(String transformation, String hash) {
        this.transformation = transformation;
        this.hash = hash;
    }

    String transformation() {
        return transformation;
    }

    AlgorithmParameterSpec parameters() {
        if (hash == null) {
            return null;
        }
        return new OAEPParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash), PSource.PSpecified.DEFAULT);
    }

    public static RsaPaddingScheme parse(String s) {
        String n = s.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (RsaPaddingScheme p : values()) {
            if (p.name().equals(n)) {
                return p;
            }
        }
        throw new IllegalArgumentException("Unknown RSA padding scheme " + s);
    }
}
