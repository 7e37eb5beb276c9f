package dev.trent.core.secrets;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * GetRandomPassword: {@code length} characters (32 by default, 1–4096) drawn with SecureRandom from lower case,
 * upper case, digits and punctuation ({@code !"#$%&'()*+,-./:;<=>?@[\]^_`{|}~}), each class unless excluded, plus
 * the space when asked, minus {@code exclude}; with {@code requireEach} (the default) at least one character of
 * every included class.
 */
public final class Passwords {
    static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
    static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    static final String DIGITS = "0123456789";
    static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    /** The request's options; null members take AWS's defaults. */
    public record Options(
            Long length,
            String exclude,
            boolean excludeNumbers,
            boolean excludePunctuation,
            boolean excludeUppercase,
            boolean excludeLowercase,
            boolean includeSpace,
            Boolean requireEach) {}

    private Passwords() {}

    public static String generate(Options o, SecureRandom random) {
        int length = o.length() == null ? 32 : o.length().intValue();
        String exclude = o.exclude() == null ? "" : o.exclude();
        List<String> classes = new ArrayList<>();
        if (!o.excludeLowercase()) classes.add(without(LOWER, exclude));
        if (!o.excludeUppercase()) classes.add(without(UPPER, exclude));
        if (!o.excludeNumbers()) classes.add(without(DIGITS, exclude));
        if (!o.excludePunctuation()) classes.add(without(PUNCTUATION, exclude));
        if (o.includeSpace()) classes.add(without(" ", exclude));
        classes.removeIf(String::isEmpty);
        if (classes.isEmpty()) {
            throw SecretsErrors.invalidParameter("The password can't be generated: every character is excluded.");
        }
        boolean requireEach = o.requireEach() == null || o.requireEach();
        if (requireEach && length < classes.size()) {
            throw SecretsErrors.invalidParameter("The password length is too short to include a character of every"
                    + " required type. Increase PasswordLength or set RequireEachIncludedType to false.");
        }
        String all = String.join("", classes);
        char[] out = new char[length];
        int i = 0;
        if (requireEach) for (String c : classes) out[i++] = c.charAt(random.nextInt(c.length()));
        while (i < length) out[i++] = all.charAt(random.nextInt(all.length()));
        for (int j = length - 1; j > 0; j--) { // Fisher–Yates: the required characters anywhere
            int k = random.nextInt(j + 1);
            char t = out[j];
            out[j] = out[k];
            out[k] = t;
        }
        return new String(out);
    }

    private static String without(String chars, String exclude) {
        StringBuilder b = new StringBuilder(chars.length());
        for (char c : chars.toCharArray()) if (exclude.indexOf(c) < 0) b.append(c);
        return b.toString();
    }
}
