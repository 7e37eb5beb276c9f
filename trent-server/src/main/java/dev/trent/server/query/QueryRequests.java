package dev.trent.server.query;

/**
 * Recognising an AWS Query request and the service it is for, before it is authenticated: cheap string scans, no
 * parsing of the whole form.
 */
public final class QueryRequests {
    private static final String FORM = "application/x-www-form-urlencoded";

    private QueryRequests() {}

    /** Whether {@code contentType} is a form ({@code application/x-www-form-urlencoded; charset=utf-8}). */
    public static boolean isForm(String contentType) {
        return contentType != null && contentType.regionMatches(true, 0, FORM, 0, FORM.length());
    }

    /**
     * The service name of the request's SigV4 credential scope ({@code AKID/20260102/us-east-1/<service>/
     * aws4_request}), from the {@code Credential=} of an {@code Authorization} header or else the
     * {@code X-Amz-Credential} of a presigned request; null when there is none or it does not have five parts (the
     * SigV4 verifier then reports what is wrong).
     */
    public static String signingName(String authorization, String rawQuery) {
        String credential = null;
        if (authorization != null) {
            int at = authorization.indexOf("Credential=");
            if (at >= 0) {
                int from = at + "Credential=".length();
                int to = from;
                while (to < authorization.length()
                        && authorization.charAt(to) != ','
                        && !Character.isWhitespace(authorization.charAt(to))) {
                    to++;
                }
                credential = authorization.substring(from, to);
            }
        } else {
            credential = QueryForm.find(rawQuery, "X-Amz-Credential");
        }
        return credential == null ? null : serviceOf(credential);
    }

    private static String serviceOf(String credential) {
        String[] parts = credential.split("/", -1);
        return parts.length != 5 || parts[3].isEmpty() ? null : parts[3];
    }
}
