package dev.trent.server.auth;

/**
 * The credential {@code keyid/date/region/service/aws4_request} and its checks, in this order:
 * <ol>
 *   <li>Shape (trailing slashes ignored): {@code IncompleteSignatureException} "Credential must have exactly 5
 *       slash-delimited elements, e.g. keyid/date/region/service/term, got '&lt;credential&gt;'"</li>
 *   <li>Scope, every failing part in one {@code InvalidSignatureException}, each sentence ending in ". " as AWS
 *       sends it: "Credential should be scoped to a valid region, not '&lt;r&gt;'. " (a region is valid when it
 *       is one of the {@link Regions} configured: the AWS region names and any private ones; any of them is
 *       accepted on every endpoint, since it names where the caller's keys live), "Credential should
 *       be scoped to correct service: '&lt;expected&gt;'. " (the signing name of the service addressed, e.g.
 *       {@code kms}), "Credential should be scoped with a valid terminator: 'aws4_request', not '&lt;t&gt;'. ",
 *       "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP:
 *       '&lt;scope&gt;' != '&lt;yyyyMMdd&gt;', from '&lt;date&gt;'. "</li>
 * </ol>
 *
 * @param accessKeyId the access key id
 * @param date        the scope date as sent ({@code yyyyMMdd} once checked)
 * @param region      the scope region
 * @param service     the scope service (signing name)
 * @param terminator  the scope terminator ({@code aws4_request} once checked)
 * @param scope       {@code date/region/service/terminator}, as it goes into the string to sign
 */
record CredentialScope(
        String accessKeyId, String date, String region, String service, String terminator, String scope) {

    static final String TERMINATOR = "aws4_request";

    /** Splits a credential into its five parts. */
    static CredentialScope parse(String credential) throws AuthException {
        int end = credential.length();
        while (end > 0 && credential.charAt(end - 1) == '/') {
            end--;
        }
        int[] slash = new int[4];
        int slashes = 0;
        for (int i = 0; i < end; i++) {
            if (credential.charAt(i) == '/') {
                if (slashes == 4) {
                    slashes = 5;
                    break;
                }
                slash[slashes++] = i;
            }
        }
        if (slashes != 4) {
            throw AuthException.incomplete("Credential must have exactly 5 slash-delimited elements, "
                    + "e.g. keyid/date/region/service/term, got '" + credential + "'");
        }
        return new CredentialScope(
                credential.substring(0, slash[0]),
                credential.substring(slash[0] + 1, slash[1]),
                credential.substring(slash[1] + 1, slash[2]),
                credential.substring(slash[2] + 1, slash[3]),
                credential.substring(slash[3] + 1, end),
                credential.substring(slash[0] + 1, end));
    }

    /**
     * @param expectedService the signing name of the service addressed
     * @param requestDate     the request date, already checked to be {@code yyyyMMdd'T'HHmmss'Z'}
     * @param regions         the regions a credential may be scoped to
     * @param globalRegions   pseudo-regions the service accepts besides ({@link SigningRules#globalRegions()})
     */
    void check(String expectedService, String requestDate, Regions regions, java.util.Set<String> globalRegions)
            throws AuthException {
        StringBuilder m = null;
        if (!regions.contains(region) && !globalRegions.contains(region)) {
            m = new StringBuilder(256);
            m.append("Credential should be scoped to a valid region, not '")
                    .append(region)
                    .append("'. ");
        }
        if (!expectedService.equals(service)) {
            m = m == null ? new StringBuilder(256) : m;
            m.append("Credential should be scoped to correct service: '")
                    .append(expectedService)
                    .append("'. ");
        }
        if (!TERMINATOR.equals(terminator)) {
            m = m == null ? new StringBuilder(256) : m;
            m.append("Credential should be scoped with a valid terminator: 'aws4_request', not '")
                    .append(terminator)
                    .append("'. ");
        }
        if (date.length() != 8 || !requestDate.regionMatches(0, date, 0, 8)) {
            m = m == null ? new StringBuilder(256) : m;
            m.append("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '")
                    .append(date)
                    .append("' != '")
                    .append(requestDate, 0, 8)
                    .append("', from '")
                    .append(requestDate)
                    .append("'. ");
        }
        if (m != null) {
            throw AuthException.invalid(m.toString());
        }
    }
}
