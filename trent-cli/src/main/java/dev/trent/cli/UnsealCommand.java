package dev.trent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code trent unseal --endpoint URL}: gives a sealed server ({@code --root-of-trust passphrase}) its passphrase,
 * from {@code TRENT_UNSEAL_PASSPHRASE} or else the first line of standard input (asked for on a terminal).
 */
@Command(
        name = "unseal",
        mixinStandardHelpOptions = true,
        description = "Unseal a Trent server whose root key is derived from a passphrase (TRENT_UNSEAL_PASSPHRASE,"
                + " else read from stdin).")
final class UnsealCommand implements Callable<Integer> {
    @Option(names = "--endpoint", required = true, paramLabel = "URL", description = "The sealed server's URL.")
    URI endpoint;

    @Override
    public Integer call() throws Exception {
        String passphrase = System.getenv("TRENT_UNSEAL_PASSPHRASE");
        if (passphrase == null || passphrase.isEmpty()) {
            java.io.Console console = System.console();
            if (console != null) {
                char[] p = console.readPassword("Unseal passphrase: ");
                passphrase = p == null ? null : new String(p);
            } else {
                passphrase = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            }
        }
        if (passphrase == null || passphrase.isEmpty()) {
            System.err.println("trent unseal: no passphrase (set TRENT_UNSEAL_PASSPHRASE or give it on stdin)");
            return 2;
        }
        ObjectMapper json = new ObjectMapper();
        byte[] body = json.writeValueAsBytes(json.createObjectNode().put("Passphrase", passphrase));
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> r;
        try {
            r = http.send(
                    HttpRequest.newBuilder(endpoint.resolve("/trent/unseal"))
                            .timeout(Duration.ofSeconds(60))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            System.err.println("trent unseal: cannot reach " + endpoint + ": " + e.getMessage());
            return 1;
        }
        if (r.statusCode() == 200) {
            System.out.println("Trent at " + endpoint + " is unsealed.");
            return 0;
        }
        String message = r.body();
        try {
            JsonNode n = json.readTree(r.body());
            if (n != null && n.has("message")) message = n.path("message").asText();
        } catch (java.io.IOException notJson) {
            // the body as it is
        }
        System.err.println("trent unseal: "
                + (r.statusCode() == 404 || r.statusCode() == 400 && message.contains("X-Amz-Target")
                        ? "the server at " + endpoint + " is not sealed"
                        : message));
        return 1;
    }
}
