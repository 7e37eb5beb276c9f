package dev.trent.sdk;

import java.util.List;

/** No keyring could decrypt any of the message's encrypted data keys. */
public class CannotUnwrapDataKeyException extends TrentCryptoException {
    private static final long serialVersionUID = 1L;

    public CannotUnwrapDataKeyException(String message) {
        super(message);
    }

    public CannotUnwrapDataKeyException(String message, List<? extends Throwable> causes) {
        super(message + describe(causes), causes.isEmpty() ? null : causes.get(0));
        for (int i = 1; i < causes.size(); i++) {
            addSuppressed(causes.get(i));
        }
    }

    private static String describe(List<? extends Throwable> causes) {
        if (causes.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(" (");
        for (int i = 0; i < causes.size(); i++) {
            if (i > 0) {
                sb.append("; ");
            }
            sb.append(causes.get(i).getMessage());
        }
        return sb.append(')').toString();
    }
}
