package dev.trent.crypto;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * One token of a PKCS#11 library (an HSM, SoftHSM2 in tests), logged in, through the JDK's SunPKCS11 provider.
 * Keys it makes are AES-256 token objects that are sensitive and not extractable: their bytes never leave the
 * token; AES-GCM with them runs inside it ({@link #encrypt}, {@link #decrypt}).
 *
 * <p>A token is found by its label: SunPKCS11 itself only takes a slot, so the slots of the library are listed
 * with the JDK's PKCS#11 wrapper ({@code sun.security.pkcs11.wrapper}, which the JVM must export to Trent:
 * {@code --add-exports jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED}; the {@code trent}
 * launcher and the build set it).
 *
 * <p>Every failure an operator can fix (no library, no token of that label, a wrong PIN) is a
 * {@link Pkcs11Exception} with a one-line message.
 */
public final class Pkcs11Token implements AutoCloseable {
    private static final int IV_LENGTH = 12;
    private static final int TAG_BITS = 128;

    private final Provider provider;
    private final KeyStore keyStore;
    private final String label;
    private final SecureRandom random;

    private Pkcs11Token(Provider provider, KeyStore keyStore, String label, SecureRandom random) {
        this.provider = provider;
        this.keyStore = keyStore;
        this.label = label;
        this.random = random;
    }

    /** Loads {@code library}, finds the token labelled {@code tokenLabel} and logs in with {@code pin}. */
    public static Pkcs11Token open(Path library, String tokenLabel, char[] pin, SecureRandom random) {
        if (!Files.isRegularFile(library)) {
            throw new Pkcs11Exception("the PKCS#11 library " + library + " does not exist; check --pkcs11-library");
        }
        long slot = slotOf(library, tokenLabel);
        String config = "--name=trent-" + Long.toUnsignedString(slot) + "\nlibrary=" + library + "\nslot=" + slot
                + "\nattributes(generate,CKO_SECRET_KEY,CKK_AES)={\n  CKA_TOKEN=true\n  CKA_SENSITIVE=true\n"
                + "  CKA_EXTRACTABLE=false\n}\n";
        Provider p;
        try {
            p = Security.getProvider("SunPKCS11").configure(config);
        } catch (RuntimeException e) {
            throw new Pkcs11Exception("cannot use the PKCS#11 token '" + tokenLabel + "': " + rootMessage(e), e);
        }
        try {
            KeyStore ks = KeyStore.getInstance("PKCS11", p);
            ks.load(null, pin);
            return new Pkcs11Token(p, ks, tokenLabel, random);
        } catch (IOException | GeneralSecurityException e) {
            String why = rootMessage(e);
            if (why.contains("CKR_PIN_INCORRECT") || why.contains("CKR_PIN_LEN_RANGE")) {
                throw new Pkcs11Exception(
                        "the PIN for the PKCS#11 token '" + tokenLabel + "' is wrong (check TRENT_PKCS11_PIN)", e);
            }
            if (why.contains("CKR_PIN_LOCKED")) {
                throw new Pkcs11Exception("the PIN of the PKCS#11 token '" + tokenLabel + "' is locked", e);
            }
            throw new Pkcs11Exception("cannot log in to the PKCS#11 token '" + tokenLabel + "': " + why, e);
        }
    }

    /** The slot holding the token {@code label}, found through the JDK's PKCS#11 wrapper. */
    private static long slotOf(Path library, String label) {
        List<String> labels = new ArrayList<>();
        try {
            Class<?> wrapper = Class.forName("sun.security.pkcs11.wrapper.PKCS11");
            Class<?> initArgs = Class.forName("sun.security.pkcs11.wrapper.CK_C_INITIALIZE_ARGS");
            Method getInstance = wrapper.getMethod("getInstance", String.class, String.class, initArgs, boolean.class);
            Object pkcs11 = getInstance.invoke(null, library.toString(), "C_GetFunctionList", null, false);
            long[] slots =
                    (long[]) wrapper.getMethod("C_GetSlotList", boolean.class).invoke(pkcs11, true);
            Method tokenInfo = wrapper.getMethod("C_GetTokenInfo", long.class);
            for (long slot : slots) {
                Object info = tokenInfo.invoke(pkcs11, slot);
                String l = new String((char[]) info.getClass().getField("label").get(info)).trim();
                if (l.equals(label)) return slot;
                if (!l.isEmpty()) labels.add(l);
            }
        } catch (IllegalAccessException e) {
            throw new Pkcs11Exception("Trent finds a PKCS#11 token by its label through the JDK's PKCS#11 wrapper;"
                    + " start the JVM with --add-exports jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED"
                    + " (the trent launcher does)");
        } catch (InvocationTargetException e) {
            throw new Pkcs11Exception(
                    "cannot load the PKCS#11 library " + library + ": " + rootMessage(e.getCause()), e);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new Pkcs11Exception("cannot load the PKCS#11 library " + library + ": " + rootMessage(e), e);
        }
        throw new Pkcs11Exception("the PKCS#11 library " + library + " has no token labelled '" + label + "'"
                + (labels.isEmpty() ? " (it has no initialised token)" : " (it has: " + String.join(", ", labels) + ")")
                + "; check --pkcs11-token-label");
    }

    /** The label of this token. */
    public String label() {
        return label;
    }

    /** The AES key labelled {@code keyLabel}, if the token holds one. */
    public SecretKey findKey(String keyLabel) {
        try {
            Key k = keyStore.getKey(keyLabel, null);
            if (k == null) return null;
            if (!(k instanceof SecretKey s) || !"AES".equalsIgnoreCase(k.getAlgorithm())) {
                throw new Pkcs11Exception(
                        "the object '" + keyLabel + "' on the PKCS#11 token '" + label + "' is not an AES key");
            }
            return s;
        } catch (GeneralSecurityException e) {
            throw new Pkcs11Exception(
                    "cannot read the key '" + keyLabel + "' on token '" + label + "': " + rootMessage(e), e);
        }
    }

    /** Makes an AES-256 key on the token (sensitive, not extractable), stored under {@code keyLabel}. */
    public SecretKey createKey(String keyLabel) {
        try {
            KeyGenerator g = KeyGenerator.getInstance("AES", provider);
            g.init(256);
            SecretKey k = g.generateKey();
            keyStore.setKeyEntry(keyLabel, k, null, null);
            SecretKey stored = findKey(keyLabel);
            return stored != null ? stored : k;
        } catch (GeneralSecurityException e) {
            throw new Pkcs11Exception(
                    "cannot create the key '" + keyLabel + "' on the PKCS#11 token '" + label + "': " + rootMessage(e),
                    e);
        }
    }

    /** Deletes the key {@code keyLabel} from the token (nothing if it has none). */
    public void deleteKey(String keyLabel) {
        try {
            if (keyStore.containsAlias(keyLabel)) keyStore.deleteEntry(keyLabel);
        } catch (GeneralSecurityException e) {
            throw new Pkcs11Exception("cannot delete the key '" + keyLabel + "' on token '" + label + "'", e);
        }
    }

    /** AES-GCM inside the token: {@code iv(12) || ciphertext || tag(16)}. */
    public byte[] encrypt(SecretKey key, byte[] plaintext, byte[] aad) throws GeneralSecurityException {
        byte[] iv = new byte[IV_LENGTH];
        random.nextBytes(iv);
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding", provider);
        c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
        c.updateAAD(aad);
        byte[] ct = c.doFinal(plaintext);
        byte[] out = new byte[IV_LENGTH + ct.length];
        System.arraycopy(iv, 0, out, 0, IV_LENGTH);
        System.arraycopy(ct, 0, out, IV_LENGTH, ct.length);
        return out;
    }

    /** Opens what {@link #encrypt} made; a wrong key, AAD or an altered blob is a {@link GeneralSecurityException}. */
    public byte[] decrypt(SecretKey key, byte[] sealed, byte[] aad) throws GeneralSecurityException {
        if (sealed.length < IV_LENGTH + TAG_BITS / 8) throw new javax.crypto.AEADBadTagException("too short");
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding", provider);
        c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, IV_LENGTH));
        c.updateAAD(aad);
        return c.doFinal(sealed, IV_LENGTH, sealed.length - IV_LENGTH);
    }

    @Override
    public void close() {
        try {
            if (provider instanceof java.security.AuthProvider a) a.logout();
        } catch (javax.security.auth.login.LoginException | RuntimeException ignored) {
            // logging out is best effort
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) c = c.getCause();
        String m = c.getMessage();
        return m == null || m.isBlank() ? c.getClass().getSimpleName() : m.replace('\n', ' ');
    }

    /** A PKCS#11 token cannot be used; the message is one line for the operator. */
    public static final class Pkcs11Exception extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Pkcs11Exception(String message) {
            super(message);
        }

        public Pkcs11Exception(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
