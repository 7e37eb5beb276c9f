/**
 * AWS Signature Version 4 request authentication for Trent's AWS-compatible endpoints, independent of the HTTP
 * server library.
 *
 * <p>The server adapts each request to a {@link dev.trent.server.auth.SignedRequest} (raw path and query as on the
 * request line, header lines in wire order, the body) and calls
 * {@link dev.trent.server.auth.SigV4Verifier#verify} with the signing name of the service addressed; on success it
 * gets a {@link dev.trent.server.auth.VerifiedCaller}, on failure an {@link dev.trent.server.auth.AuthException}
 * whose {@code errorCode()}, {@code httpStatus()} and message are sent as the AWS JSON 1.1 error
 * ({@code {"__type": code, "message": message}}), or for an AWS Query service renamed to the Query services' codes
 * ({@code dev.trent.server.query.QueryErrors}) and sent as XML. Access keys are resolved through
 * {@link dev.trent.server.auth.SecretLookup}.
 *
 * <p>The behaviour (canonicalization, check order, error wording) is documented on
 * {@link dev.trent.server.auth.SigV4Verifier} and the step classes it links, and checked against the AWS SigV4 test
 * suite, requests captured from botocore (aws CLI, boto3) and the AWS SDK for Java v2 signer.
 */
package dev.trent.server.auth;
