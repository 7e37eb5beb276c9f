package dev.trent.server.auth;

import static dev.trent.server.auth.SigV4RejectionTest.AKID;
import static dev.trent.server.auth.SigV4RejectionTest.NOW;
import static dev.trent.server.auth.SigV4RejectionTest.SECRET;
import static dev.trent.server.auth.SigV4RejectionTest.SIG;
import static dev.trent.server.auth.SigV4RejectionTest.SIGNED;
import static dev.trent.server.auth.SigV4RejectionTest.assertRejected;
import static dev.trent.server.auth.SigV4RejectionTest.authz;
import static dev.trent.server.auth.SigV4RejectionTest.withAuthorization;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The regions a credential may be scoped to: AWS's (from botocore's endpoints data) and configured private ones. */
class RegionsTest {
    final TestRequests.MapLookup lookup = new TestRequests.MapLookup().put(AKID, SECRET);

    @Test
    void theAwsRegionsOfEveryPartitionAreKnown() {
        assertThat(Regions.awsNames())
                .contains(
                        "us-east-1",
                        "eu-west-3",
                        "ap-south-1",
                        "sa-east-1",
                        "cn-north-1",
                        "us-gov-west-1",
                        "us-iso-east-1")
                .doesNotContain("mars-1", "aws-global", "us-east-99")
                .allMatch(r -> Regions.NAME.matcher(r).matches());
    }

    @ParameterizedTest
    @ValueSource(strings = {"mars-1", "us-east-99", "aws-global", "local"})
    void anUnknownRegionIsRefusedAsAwsRefusesIt(String region) {
        SigV4Verifier verifier = new SigV4Verifier(lookup, TestRequests.clockAt(NOW));
        assertRejected(
                () -> verifier.verify(
                        withAuthorization(authz(AKID + "/20261123/" + region + "/kms/aws4_request", SIGNED, SIG))
                                .build(),
                        "kms"),
                "InvalidSignatureException",
                "Credential should be scoped to a valid region, not '" + region + "'. ");
    }

    @Test
    void theRegionIsStillCheckedFirstAmongTheScopeProblems() {
        SigV4Verifier verifier = new SigV4Verifier(lookup, TestRequests.clockAt(NOW));
        assertRejected(
                () -> verifier.verify(
                        withAuthorization(authz(AKID + "/20261123/mars-1/sqs/aws4_request", SIGNED, SIG))
                                .build(),
                        "kms"),
                "InvalidSignatureException",
                "Credential should be scoped to a valid region, not 'mars-1'. "
                        + "Credential should be scoped to correct service: 'kms'. ");
    }

    @Test
    void aConfiguredPrivateRegionGetsAsFarAsTheSignature() throws AuthException {
        SigV4Verifier verifier = new SigV4Verifier(
                lookup,
                TestRequests.clockAt(NOW),
                SigV4Verifier.DEFAULT_CACHE_CAPACITY,
                Regions.awsAnd(List.of("on-prem-1")));
        // the region passes, so the (unchanged) signature is what fails: it was computed for eu-west-3
        assertRejected(
                () -> verifier.verify(
                        withAuthorization(authz(AKID + "/20261123/on-prem-1/kms/aws4_request", SIGNED, SIG))
                                .build(),
                        "kms"),
                "InvalidSignatureException",
                "The request signature we calculated does not match the signature you provided. Check your AWS"
                        + " Secret Access Key and signing method. Consult the service documentation for details.");
        // the AWS regions are still accepted
        assertThat(verifier.verify(SigV4RejectionTest.valid().build(), "kms").region())
                .isEqualTo("eu-west-3");
    }

    @Test
    void onlyTheRegionsGivenAreAccepted() {
        SigV4Verifier verifier = new SigV4Verifier(
                lookup, TestRequests.clockAt(NOW), SigV4Verifier.DEFAULT_CACHE_CAPACITY, Regions.of(List.of("x-1")));
        assertRejected(
                () -> verifier.verify(SigV4RejectionTest.valid().build(), "kms"),
                "InvalidSignatureException",
                "Credential should be scoped to a valid region, not 'eu-west-3'. ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "On-Prem", "on_prem", "-x", "x-", "a-region-name-that-is-far-too-long-x"})
    void aPrivateRegionMustLookLikeARegionName(String name) {
        assertThatThrownBy(() -> Regions.awsAnd(List.of(name)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("region '" + name + "' is not a valid region name: use 1 to 32 lowercase letters,"
                        + " digits and hyphens, starting and ending with a letter or digit (e.g. on-prem-1)");
    }
}
