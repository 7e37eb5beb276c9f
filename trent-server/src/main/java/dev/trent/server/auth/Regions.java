package dev.trent.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The regions a SigV4 credential may be scoped to: the AWS region names of every partition (from botocore's
 * endpoints data, generated into {@code aws-regions.json} by {@code tools/gen-regions.py}) plus any private region
 * names an installation configures ({@code extraRegions}). A credential scoped to any other region is refused with
 * AWS's {@code InvalidSignatureException} "Credential should be scoped to a valid region, not '&lt;r&gt;'. ".
 *
 * <p>Immutable and thread-safe.
 */
public final class Regions {
    /** What a private region name may look like: lowercase letters, digits and hyphens, 1..32 of them. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?");

    private static final String RESOURCE = "aws-regions.json";
    private static volatile Set<String> aws;

    private final Set<String> names;

    private Regions(Set<String> names) {
        this.names = Collections.unmodifiableSet(names);
    }

    /** The AWS regions only. */
    public static Regions aws() {
        return new Regions(new LinkedHashSet<>(awsNames()));
    }

    /**
     * The AWS regions and {@code extra} private region names.
     *
     * @throws IllegalArgumentException naming a private region that is not a valid region name
     */
    public static Regions awsAnd(Collection<String> extra) {
        Set<String> all = new LinkedHashSet<>(awsNames());
        for (String r : extra) {
            checkName(r);
            all.add(r);
        }
        return new Regions(all);
    }

    /** Exactly these regions (tests). */
    public static Regions of(Collection<String> names) {
        names.forEach(Regions::checkName);
        return new Regions(new LinkedHashSet<>(names));
    }

    /** Checks a private region name; throws IllegalArgumentException saying what a region name must be. */
    public static void checkName(String region) {
        if (region == null || !NAME.matcher(region).matches()) {
            throw new IllegalArgumentException("region '" + region + "' is not a valid region name: use 1 to 32"
                    + " lowercase letters, digits and hyphens, starting and ending with a letter or digit"
                    + " (e.g. on-prem-1)");
        }
    }

    /** Whether a credential may be scoped to {@code region}. */
    public boolean contains(String region) {
        return names.contains(region);
    }

    /** Every accepted region name. */
    public Set<String> names() {
        return names;
    }

    /** The AWS region names of every partition, as generated from botocore's endpoints data. */
    public static Set<String> awsNames() {
        Set<String> s = aws;
        if (s == null) {
            s = load();
            aws = s;
        }
        return s;
    }

    private static Set<String> load() {
        try (InputStream in = Regions.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("missing resource " + RESOURCE);
            JsonNode partitions = new ObjectMapper().readTree(in).get("partitions");
            Set<String> s = new LinkedHashSet<>();
            partitions.forEach(p -> p.forEach(r -> s.add(r.asText())));
            if (!s.contains("us-east-1")) throw new IllegalStateException(RESOURCE + " lists no us-east-1");
            return Collections.unmodifiableSet(s);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
