package dev.trent.server.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trent.server.protocol.ServiceModel;
import dev.trent.server.query.QueryErrors.QueryError;
import org.junit.jupiter.api.Test;

class QueryErrorsTest {
    private static final ServiceModel IAM = ServiceModel.fromResource("iam-model.json");
    private static final ServiceModel STS = ServiceModel.fromResource("sts-model.json");

    @Test
    void authenticationFailuresTakeTheQueryServicesCodes() {
        assertThat(QueryErrors.authentication(
                        "MissingAuthenticationTokenException", 400, "Missing Authentication Token"))
                .isEqualTo(new QueryError(
                        "MissingAuthenticationToken", 403, true, "Request is missing Authentication Token"));
        assertThat(QueryErrors.authentication("UnrecognizedClientException", 400, "x"))
                .isEqualTo(new QueryError(
                        "InvalidClientTokenId", 403, true, "The security token included in the request is invalid."));
        assertThat(QueryErrors.authentication("InvalidSignatureException", 400, "Signature expired: ..."))
                .isEqualTo(new QueryError("SignatureDoesNotMatch", 403, true, "Signature expired: ..."));
        assertThat(QueryErrors.authentication("IncompleteSignatureException", 400, "m"))
                .isEqualTo(new QueryError("IncompleteSignature", 400, true, "m"));
        assertThat(QueryErrors.authentication("ExpiredTokenException", 400, "m"))
                .isEqualTo(new QueryError("ExpiredToken", 403, true, "m"));
        assertThat(QueryErrors.authentication("MalformedQueryString", 400, "m"))
                .isEqualTo(new QueryError("MalformedQueryString", 404, true, "m"));
        assertThat(QueryErrors.authentication("Other", 401, "m")).isEqualTo(new QueryError("Other", 401, true, "m"));
    }

    @Test
    void modelErrorsGoOutWithTheModelsCodeAndStatus() {
        assertThat(QueryErrors.service(IAM, "NoSuchEntityException", 400, "The user with name bob cannot be found."))
                .isEqualTo(new QueryError("NoSuchEntity", 404, true, "The user with name bob cannot be found."));
        assertThat(QueryErrors.service(IAM, "NoSuchEntity", 400, "m"))
                .isEqualTo(new QueryError("NoSuchEntity", 404, true, "m"));
        assertThat(QueryErrors.service(IAM, "EntityAlreadyExists", 400, "m"))
                .isEqualTo(new QueryError("EntityAlreadyExists", 409, true, "m"));
        assertThat(QueryErrors.service(IAM, "DeleteConflictException", 400, "m"))
                .isEqualTo(new QueryError("DeleteConflict", 409, true, "m"));
        assertThat(QueryErrors.service(IAM, "ServiceFailureException", 500, "m"))
                .isEqualTo(new QueryError("ServiceFailure", 500, false, "m"));
        assertThat(QueryErrors.service(IAM, "LimitExceeded", 400, "m"))
                .isEqualTo(new QueryError("LimitExceeded", 409, true, "m"));
        assertThat(QueryErrors.service(STS, "ExpiredTokenException", 400, "m"))
                .isEqualTo(new QueryError("ExpiredTokenException", 400, true, "m"));
        assertThat(QueryErrors.service(STS, "RegionDisabledException", 400, "m"))
                .isEqualTo(new QueryError("RegionDisabledException", 403, true, "m"));
    }

    @Test
    void commonCodesAreRenamedAndTheRestKept() {
        assertThat(QueryErrors.service(IAM, "ValidationException", 400, "1 validation error detected: ..."))
                .isEqualTo(new QueryError("ValidationError", 400, true, "1 validation error detected: ..."));
        assertThat(QueryErrors.service(IAM, "AccessDeniedException", 400, "m"))
                .isEqualTo(new QueryError("AccessDenied", 403, true, "m"));
        assertThat(QueryErrors.service(IAM, "AccessDenied", 403, "m"))
                .isEqualTo(new QueryError("AccessDenied", 403, true, "m"));
        assertThat(QueryErrors.service(STS, "ThrottlingException", 400, "Rate exceeded"))
                .isEqualTo(new QueryError("Throttling", 400, true, "Rate exceeded"));
        assertThat(QueryErrors.service(null, "InvalidAction", 400, "m"))
                .isEqualTo(new QueryError("InvalidAction", 400, true, "m"));
        assertThat(QueryErrors.service(STS, "Mystery", 503, "m")).isEqualTo(new QueryError("Mystery", 503, false, "m"));
    }
}
