package dev.trent.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Query protocol against botocore's Query serializer and XML parser: the real aws CLI (v1) and boto3 as
 * subprocesses. Skipped, with a message, when {@code aws} (or, for the presigned URL, {@code python3} with boto3)
 * is not on PATH.
 */
class QueryBotocoreCompatibilityTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static QueryTestServer server;
    /** The directory of the real {@code aws} behind a pyenv shim, put first on PATH (a shim adds seconds a call). */
    static String realBin;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(onPath("aws"), "the aws CLI is not on PATH; skipping the botocore compatibility checks");
        server = new QueryTestServer();
        if (onPath("pyenv")) {
            Result r = run(List.of("pyenv", "which", "aws"));
            if (r.exitCode() == 0)
                realBin = Path.of(r.stdout().trim()).getParent().toString();
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String d : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, program))) return true;
        }
        return false;
    }

    record Result(int exitCode, String stdout, String stderr) {}

    static Result run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        Path config = dir.resolve("aws-config");
        Path credentials = dir.resolve("aws-credentials");
        if (!Files.exists(config)) Files.createFile(config);
        if (!Files.exists(credentials)) Files.createFile(credentials);
        env.put("AWS_ACCESS_KEY_ID", QueryTestServer.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", QueryTestServer.SECRET);
        env.put("AWS_DEFAULT_REGION", "eu-west-1");
        env.put("AWS_CONFIG_FILE", config.toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", credentials.toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_PAGER", "");
        env.put("ENDPOINT", server.endpoint());
        if (realBin != null) env.put("PATH", realBin + File.pathSeparator + System.getenv("PATH"));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Result(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    static Result aws(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("aws", "--endpoint-url", server.endpoint(), "--output", "json"));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    static JsonNode ok(Result r) throws IOException {
        assertThat(r.exitCode()).as("%s", r).isZero();
        return JSON.readTree(r.stdout());
    }

    @Test
    void getCallerIdentity() throws Exception {
        JsonNode id = ok(aws("sts", "get-caller-identity"));
        assertThat(id.get("Account").asText()).isEqualTo("111122223333");
        assertThat(id.get("Arn").asText()).isEqualTo("arn:aws:iam::111122223333:user/alice");
        assertThat(id.get("UserId").asText()).isEqualTo(QueryTestServer.ACCESS_KEY);
    }

    /** The aws CLI v1 prints timestamps as the response had them. */
    @Test
    void listUsers() throws Exception {
        JsonNode users = ok(aws("iam", "list-users")).get("Users");
        assertThat(users).hasSize(2);
        assertThat(users.get(0).get("UserName").asText()).isEqualTo("alice");
        assertThat(users.get(0).get("CreateDate").asText()).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(users.get(1).get("PasswordLastUsed").asText()).isEqualTo("2026-02-03T04:05:06.789Z");
    }

    @Test
    void createUserWithAListOfStructures() throws Exception {
        JsonNode carol = ok(aws(
                        "iam",
                        "create-user",
                        "--user-name",
                        "carol",
                        "--path",
                        "/eng/",
                        "--tags",
                        "Key=a,Value=1",
                        "Key=b,Value=x y+z/é"))
                .get("User");
        assertThat(carol.get("Path").asText()).isEqualTo("/eng/");
        assertThat(carol.get("Tags").get(1).get("Value").asText()).isEqualTo("x y+z/é");
    }

    @Test
    void errorsAsBotocoreReportsThem() throws Exception {
        Result missing = aws("iam", "get-user", "--user-name", "nobody");
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.stderr())
                .contains("An error occurred (NoSuchEntity) when calling the GetUser operation: The user with name"
                        + " nobody cannot be found.");
        Result invalid = aws("iam", "create-user", "--user-name", "a b");
        assertThat(invalid.stderr())
                .contains("An error occurred (ValidationError) when calling the CreateUser operation: 1 validation"
                        + " error detected: Value 'a b' at 'userName' failed to satisfy constraint: Member must"
                        + " satisfy regular expression pattern: [\\w+=,.@-]+");
    }

    /**
     * boto3 (one process for several calls): nested tags and escaped text, an operation without output, an
     * unimplemented one, and a presigned GetCallerIdentity URL fetched with a plain HTTP GET (and refused once
     * changed).
     */
    @Test
    void boto3CallsAndAPresignedGetCallerIdentityUrl() throws Exception {
        assumeTrue(onPath("python3"), "python3 is not on PATH; skipping the boto3 checks");
        String script = String.join(
                "\n",
                "import os, sys, urllib.request, urllib.error",
                "try:",
                "    import boto3",
                "except ImportError:",
                "    print('NO-BOTO3'); sys.exit(0)",
                "iam = boto3.client('iam', endpoint_url=os.environ['ENDPOINT'], region_name='us-east-1')",
                "print('TAG', iam.get_user(UserName='alice')['User']['Tags'][1]['Value'])",
                "print('DELETE', iam.delete_user(UserName='carol')['ResponseMetadata']['HTTPStatusCode'])",
                "try:",
                "    iam.list_roles()",
                "except iam.exceptions.ClientError as e:",
                "    print('UNIMPLEMENTED', e)",
                "sts = boto3.client('sts', endpoint_url=os.environ['ENDPOINT'], region_name='us-east-1')",
                "url = sts.generate_presigned_url('get_caller_identity', Params={}, ExpiresIn=3600,"
                        + " HttpMethod='GET')",
                "print(urllib.request.urlopen(url).read().decode())",
                "try:",
                "    urllib.request.urlopen(url.replace('GetCallerIdentity', 'GetSessionToken'))",
                "except urllib.error.HTTPError as e:",
                "    print(e.code, e.read().decode())");
        Result r = run(List.of("python3", "-c", script));
        assumeTrue(!r.stdout().contains("NO-BOTO3"), "boto3 is not installed; skipping the presigned URL");
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.stdout())
                .contains("TAG dev & <test>")
                .contains("DELETE 200")
                .contains("UNIMPLEMENTED An error occurred (UnsupportedOperationException) when calling the ListRoles"
                        + " operation: Trent does not implement the ListRoles operation yet.")
                .contains("<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">")
                .contains("<Account>111122223333</Account>")
                .contains("403 <ErrorResponse")
                .contains("<Code>SignatureDoesNotMatch</Code>");
    }
}
