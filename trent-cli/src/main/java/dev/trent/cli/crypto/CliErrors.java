package dev.trent.cli.crypto;

import dev.trent.sdk.TrentCryptoException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Turns failures into the one line the CLI prints: what is wrong and what to do, never a stack trace or the AWS SDK's
 * provider-chain dump. Failures of the set-up rather than of one input (no credentials, credentials refused,
 * unreachable endpoint, TLS) become a {@link ConfigurationProblem}; the commands stop on those with exit code 2.
 */
final class CliErrors {
    /** Error codes with which KMS (AWS or Trent) refuses the caller's credentials rather than the request. */
    private static final Set<String> CREDENTIAL_ERRORS = Set.of(
            "UnrecognizedClientException",
            "InvalidClientTokenId",
            "InvalidSignatureException",
            "SignatureDoesNotMatch",
            "IncompleteSignature",
            "IncompleteSignatureException",
            "MissingAuthenticationToken",
            "MissingAuthenticationTokenException",
            "ExpiredTokenException",
            "ExpiredToken",
            "AuthFailure");

    private static final Pattern SDK_SUFFIX = Pattern.compile("\\s*\\((?:Service: [^)]*|SDK Attempt Count: \\d+)\\)");

    private CliErrors() {}

    /** A failure of the configuration or environment, not of one input: its message is the line to print. */
    static final class ConfigurationProblem extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ConfigurationProblem(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Joins the lines of a message into one. */
    static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /** The configuration problem behind {@code t} (in its causes or suppressed exceptions), or null. */
    static ConfigurationProblem configurationProblem(Throwable t) {
        return (ConfigurationProblem) find(t, ConfigurationProblem.class::isInstance);
    }

    /** The line to print for {@code t}. */
    static String describe(Throwable t) {
        ConfigurationProblem p = configurationProblem(t);
        if (p != null) {
            return p.getMessage();
        }
        if (t instanceof UncheckedIOException u && u.getCause() != null) {
            return describe(u.getCause());
        }
        if (t instanceof NoSuchFileException) {
            return "no such file: " + t.getMessage();
        }
        if (t instanceof AccessDeniedException) {
            return "permission denied: " + t.getMessage();
        }
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            return t.getClass().getSimpleName();
        }
        // KMS errors: the service's own message and error code instead of the SDK's decorated one.
        for (Throwable x : all(t)) {
            if (x instanceof AwsServiceException s && s.getMessage() != null && m.contains(s.getMessage())) {
                m = m.replace(s.getMessage(), serviceMessage(s));
            }
        }
        m = SDK_SUFFIX.matcher(m).replaceAll("");
        if (!(t instanceof CliException
                || t instanceof TrentCryptoException
                || t instanceof SdkClientException
                || t instanceof IOException
                || t instanceof IllegalArgumentException)) {
            m = t.getClass().getSimpleName() + ": " + m;
        }
        return oneLine(m);
    }

    /** "NotFoundException: Key 'arn:…' does not exist". */
    static String serviceMessage(AwsServiceException s) {
        String code = s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode();
        String msg = s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorMessage();
        if (msg == null || msg.isBlank()) {
            msg = SDK_SUFFIX.matcher(String.valueOf(s.getMessage())).replaceAll("");
        }
        return oneLine(code == null || code.isBlank() ? msg : code + ": " + msg);
    }

    private static Throwable find(Throwable t, Predicate<Throwable> p) {
        for (Throwable x : all(t)) {
            if (p.test(x)) {
                return x;
            }
        }
        return null;
    }

    /** {@code t}, its causes and suppressed exceptions, breadth first, each once. */
    private static Iterable<Throwable> all(Throwable t) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        Deque<Throwable> todo = new ArrayDeque<>();
        List<Throwable> out = new ArrayList<>();
        if (t != null) {
            todo.add(t);
        }
        while (!todo.isEmpty()) {
            Throwable x = todo.poll();
            if (seen.put(x, Boolean.TRUE) != null) {
                continue;
            }
            out.add(x);
            if (x.getCause() != null) {
                todo.add(x.getCause());
            }
            todo.addAll(List.of(x.getSuppressed()));
        }
        return out;
    }

    /**
     * The one line for a failed KMS call that is not about the request itself, or null: {@code endpoint} names where
     * the client sends requests and why ("http://localhost:4599 (from --endpoint-url)"), {@code caBundle} the CA
     * bundle in use ("trent-data/tls/server.crt (from AWS_CA_BUNDLE)") or null for the JDK's trust store.
     */
    static String transportProblem(Throwable t, String endpoint, String caBundle) {
        if (find(t, x -> x instanceof CertPathBuilderException || x instanceof CertPathValidatorException) != null) {
            return "the TLS certificate of " + endpoint + " is not trusted"
                    + (caBundle == null ? "" : " by the CA bundle " + caBundle)
                    + ": pass --ca-bundle PEM (or set AWS_CA_BUNDLE) naming the server's certificate or its CA"
                    + " (a Trent server's own is <data-dir>/tls/server.crt)";
        }
        Throwable ssl = find(t, SSLException.class::isInstance);
        if (ssl != null) {
            Throwable cert = find(ssl, CertificateException.class::isInstance);
            if (cert != null) {
                return "the TLS certificate of " + endpoint + " was refused: " + oneLine(cert.getMessage());
            }
            String m = oneLine(String.valueOf(innermost(ssl).getMessage()));
            return "TLS handshake with " + endpoint + " failed: " + m
                    + (m.contains("plaintext") || m.contains("Unsupported or unrecognized SSL message")
                            ? " (is it an http:// endpoint?)"
                            : "");
        }
        Throwable net = find(
                t,
                x -> x instanceof ConnectException
                        || x instanceof UnknownHostException
                        || x instanceof NoRouteToHostException
                        || x instanceof SocketTimeoutException
                        || (x instanceof InterruptedIOException
                                && x.getClass().getSimpleName().contains("Timeout")));
        if (net != null) {
            String why = net instanceof UnknownHostException
                    ? "unknown host " + net.getMessage()
                    : net instanceof ConnectException c
                                    && c.getMessage() != null
                                    && c.getMessage().contains("refused")
                            ? "connection refused"
                            : oneLine(net.getMessage() == null ? net.getClass().getSimpleName() : net.getMessage());
            return "cannot reach KMS at " + endpoint + ": " + why
                    + ": check that the server is running and the endpoint (--endpoint-url, AWS_ENDPOINT_URL_KMS)";
        }
        AwsServiceException s = (AwsServiceException) find(t, AwsServiceException.class::isInstance);
        if (s != null
                && s.awsErrorDetails() != null
                && CREDENTIAL_ERRORS.contains(s.awsErrorDetails().errorCode())) {
            return "KMS at " + endpoint + " refused the credentials (" + serviceMessage(s)
                    + "): check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or the profile's credentials";
        }
        return null;
    }

    private static Throwable innermost(Throwable t) {
        Throwable x = t;
        while (x.getCause() != null && x.getCause() != x) {
            x = x.getCause();
        }
        return x;
    }

    /**
     * Rewrites the failures of one KMS client that are not about the request (TLS, unreachable endpoint, refused
     * credentials) into an exception of the same type whose message is one line and whose cause is a
     * {@link ConfigurationProblem}; the SDK has already retried on the original failure.
     */
    static final class Interceptor implements ExecutionInterceptor {
        private final String endpointSource;
        private final String caBundle;

        /** {@code endpointSource}: "--endpoint-url" etc., or null when the client uses AWS's endpoint. */
        Interceptor(String endpointSource, String caBundle) {
            this.endpointSource = endpointSource;
            this.caBundle = caBundle;
        }

        @Override
        public Throwable modifyException(Context.FailedExecution context, ExecutionAttributes attributes) {
            Throwable t = context.exception();
            if (configurationProblem(t) != null) {
                return t;
            }
            String endpoint = context.httpRequest()
                    .map(Interceptor::origin)
                    .map(o -> o + (endpointSource == null ? " (AWS's endpoint)" : " (from " + endpointSource + ")"))
                    .orElse("the KMS endpoint");
            String line = transportProblem(t, endpoint, caBundle);
            if (line == null || !(t instanceof SdkException e)) {
                return t;
            }
            // The SDK wants an exception of the same class back: same type, one-line message, the problem as cause.
            return e.toBuilder()
                    .message(line)
                    .cause(new ConfigurationProblem(line, t))
                    .build();
        }

        private static String origin(SdkHttpRequest r) {
            URI u = r.getUri();
            return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
        }
    }
}
