package dev.trent.server.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trent.server.protocol.ProtocolException;
import dev.trent.server.protocol.ServiceModel;
import dev.trent.server.query.QueryDecoder;
import dev.trent.server.query.QueryForm;
import dev.trent.server.query.QueryRequests;
import dev.trent.server.query.QueryXml;

/**
 * The AWS Query protocol's part of the {@link Pipeline}: recognising and routing a Query request, reading its
 * parameters into the operation's input, and writing the XML answer.
 *
 * <h2>Routing</h2>
 * A request without {@code X-Amz-Target} is a Query request when it is a form POST
 * ({@code Content-Type: application/x-www-form-urlencoded}) or carries {@code Action} in its query string (a GET,
 * as presigned STS {@code GetCallerIdentity} URLs are). Its service is the one whose SigV4 signing name the
 * credential scope names ({@code Authorization: ... Credential=AKID/date/region/sts/aws4_request}, or
 * {@code X-Amz-Credential}); when that is an AWS JSON service (KMS), the request is left to the AWS JSON rules and
 * their errors; when no service has that name, {@code InvalidAction}. An unsigned request goes to the Query service
 * that has its {@code Action} (it then fails authentication in that service's terms). Then:
 * <ul>
 *   <li>no {@code Action}: {@code MissingAction} (400);</li>
 *   <li>an {@code Action} the service does not have, or a {@code Version} other than the model's API version:
 *       {@code InvalidAction} (400) "Could not find operation X for version Y". A request without
 *       {@code Version} is served.</li>
 * </ul>
 * Until authentication has passed only {@code Action}, {@code Version} and the credential are looked at, with
 * string scans; the full form is parsed afterwards.
 */
final class QueryCodec {
    private static final int MAX_ECHO = 256;

    private QueryCodec() {}

    /**
     * The operation of a Query request, routed on {@code exchange}; null when the request is not a Query request
     * for a Query service (the AWS JSON rules then apply).
     */
    static OperationSpec route(Exchange exchange, ServiceRegistry services) {
        String method = exchange.method();
        boolean get = "GET".equals(method);
        if (!get && !"POST".equals(method)) return null;
        boolean form = !get && QueryRequests.isForm(exchange.headers().get("Content-Type"));
        String action = QueryForm.find(exchange.query(), "Action");
        if (action == null && form) action = QueryForm.find(exchange.body(), "Action");
        if (action == null && !form) return null;

        String signingName = QueryRequests.signingName(exchange.headers().get("Authorization"), exchange.query());
        ServiceDefinition service;
        if (signingName != null) {
            service = services.bySigningName(signingName);
            if (service != null && service.protocol() != ServiceDefinition.Protocol.QUERY) return null;
        } else {
            service = services.queryServiceFor(action);
        }
        exchange.markQueryProtocol();
        if (service == null) {
            throw new ProtocolException(
                    "InvalidAction",
                    400,
                    "This server has no service '" + echo(signingName)
                            + "', which the request's SigV4 credential scope names.");
        }
        exchange.route(service, null);
        if (action == null || action.isEmpty()) {
            throw new ProtocolException("MissingAction", 400, "The request must contain the parameter Action.");
        }
        String version = QueryForm.find(exchange.query(), "Version");
        if (version == null && form) version = QueryForm.find(exchange.body(), "Version");
        OperationSpec op = service.operation(action);
        String apiVersion = service.model().apiVersion();
        if (op == null || version != null && !version.equals(apiVersion)) {
            throw invalidAction(action, version != null ? version : apiVersion);
        }
        exchange.route(service, op);
        return op;
    }

    /**
     * The Query service a request head addresses, judged from the head alone (the signing name of its Authorization
     * header or presigned query; the Action of its query string; else the first Query service, whose authentication
     * refuses an unsigned request as any would), for {@link Pipeline#screen}. Marks and routes {@code head} as
     * {@link #route} does, so a refusal is answered in the Query protocol. Null when the head is not an AWS Query
     * request (no form body, no Action) or names a service that is not a Query service of this server.
     */
    static ServiceDefinition serviceOfHead(Exchange head, ServiceRegistry services) {
        String method = head.method();
        boolean get = "GET".equals(method);
        if (!get && !"POST".equals(method)) return null;
        boolean form = !get && QueryRequests.isForm(head.headers().get("Content-Type"));
        String action = QueryForm.find(head.query(), "Action");
        if (action == null && !form) return null;
        String signingName = QueryRequests.signingName(head.headers().get("Authorization"), head.query());
        ServiceDefinition service =
                signingName != null ? services.bySigningName(signingName) : services.queryServiceFor(action);
        if (service == null || service.protocol() != ServiceDefinition.Protocol.QUERY) return null;
        head.markQueryProtocol();
        head.route(service, null);
        return service;
    }

    /** The operation's input from the request's parameters (query string, and the body of a form POST). */
    static JsonNode parse(Exchange exchange) {
        boolean form = "POST".equals(exchange.method())
                && QueryRequests.isForm(exchange.headers().get("Content-Type"));
        QueryForm params = QueryForm.parse(exchange.query(), form ? exchange.body() : null);
        OperationSpec op = exchange.operation();
        if (!op.name().equals(params.get("Action"))) {
            // the scan before authentication and the full parse read Action differently (an escaped name)
            throw invalidAction(
                    String.valueOf(params.get("Action")),
                    exchange.service().model().apiVersion());
        }
        ServiceModel.Operation model = exchange.service().model().operation(op.name());
        return QueryDecoder.decode(params, model.input());
    }

    /** The XML answer of a successful operation. */
    static Outcome success(Exchange exchange, JsonNode response) {
        ServiceModel model = exchange.service().model();
        byte[] body =
                QueryXml.response(model, model.operation(exchange.operation().name()), response, exchange.requestId());
        return new Outcome(Outcome.Kind.SUCCESS, 200, QueryXml.CONTENT_TYPE, body, null, null);
    }

    private static ProtocolException invalidAction(String action, String version) {
        return new ProtocolException(
                "InvalidAction", 400, "Could not find operation " + echo(action) + " for version " + echo(version));
    }

    private static String echo(String s) {
        return s != null && s.length() > MAX_ECHO ? s.substring(0, MAX_ECHO) + "..." : s;
    }
}
