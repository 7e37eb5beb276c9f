package dev.trent.core.auth.policy;

import dev.trent.core.Caller;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A request for policy tests: action, resource, caller and condition keys given by hand. */
final class TestRequest implements EvaluationContext {
    static final String A = "111122223333";
    static final String B = "444455556666";
    static final String KEY = "arn:aws:kms:us-east-1:" + A + ":key/1234abcd-12ab-34cd-56ef-1234567890ab";

    static final Caller ROOT = new Caller(A, "us-east-1", "arn:aws:iam::" + A + ":root", "AKIAROOT");
    static final Caller ALICE = user(A, "alice");
    static final Caller BOB = user(A, "bob");
    static final Caller CAROL = user(B, "carol");
    static final Caller SESSION = new Caller(
            A,
            "us-east-1",
            "arn:aws:sts::" + A + ":assumed-role/app/s1",
            "ASIASESSION",
            Caller.PrincipalType.ASSUMED_ROLE,
            "AROAAPP:s1",
            "arn:aws:iam::" + A + ":role/app",
            Map.of());

    static Caller user(String account, String name) {
        return new Caller(
                account,
                "us-east-1",
                "arn:aws:iam::" + account + ":user/" + name,
                "AKIA" + name.toUpperCase(Locale.ROOT),
                Caller.PrincipalType.IAM_USER,
                "AIDA" + name.toUpperCase(Locale.ROOT),
                null,
                Map.of());
    }

    private final String action;
    private final String resource;
    private final Caller caller;
    private final Map<String, List<String>> values = new HashMap<>();

    TestRequest(String action, String resource, Caller caller) {
        this.action = action;
        this.resource = resource;
        this.caller = caller;
    }

    static TestRequest of(String action) {
        return new TestRequest(action, KEY, ALICE);
    }

    TestRequest with(String key, String... v) {
        values.put(key.toLowerCase(Locale.ROOT), List.of(v));
        return this;
    }

    TestRequest by(Caller c) {
        return new TestRequest(action, resource, c).copy(values);
    }

    TestRequest on(String r) {
        return new TestRequest(action, r, caller).copy(values);
    }

    private TestRequest copy(Map<String, List<String>> v) {
        values.putAll(v);
        return this;
    }

    @Override
    public String action() {
        return action;
    }

    @Override
    public String resource() {
        return resource;
    }

    @Override
    public Caller caller() {
        return caller;
    }

    @Override
    public List<String> values(String key) {
        if (!key.equals(key.toLowerCase(Locale.ROOT))) throw new AssertionError("asked in mixed case: " + key);
        return values.get(key);
    }
}
