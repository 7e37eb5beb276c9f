package dev.trent.cli.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/** The CLI against moto_server's KMS mock through --endpoint-url (skipped without moto_server). */
class KmsCliMotoTest {
    private static final String[] PROPERTIES = {"aws.accessKeyId", "aws.secretAccessKey", "aws.region"};
    private static final java.util.Map<String, String> saved = new java.util.HashMap<>();
    private static Process moto;
    private static URI endpoint;
    private static String keyArn;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        String exe = null;
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(d, "moto_server");
            if (f.canExecute()) {
                exe = f.getAbsolutePath();
                break;
            }
        }
        Assumptions.assumeTrue(exe != null, "moto_server is not on PATH: skipping CLI KMS tests");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        moto = new ProcessBuilder(exe, "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(Files.createTempFile("moto", ".log").toFile())
                .start();
        endpoint = URI.create("http://127.0.0.1:" + port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                break;
            } catch (IOException e) {
                Assumptions.assumeTrue(moto.isAlive() && System.nanoTime() < deadline, "moto_server did not start");
                Thread.sleep(200);
            }
        }
        // The CLI takes credentials from the default provider chain; system properties are part of it.
        for (String p : PROPERTIES) {
            saved.put(p, System.getProperty(p));
        }
        System.setProperty("aws.accessKeyId", "testing");
        System.setProperty("aws.secretAccessKey", "testing");
        System.setProperty("aws.region", "us-east-1");
        try (KmsClient kms = KmsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .build()) {
            keyArn = kms.createKey(b -> b.description("cli")).keyMetadata().arn();
            kms.createAlias(b -> b.aliasName("alias/cli-test").targetKeyId(keyArn));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (String p : saved.isEmpty() ? new String[0] : PROPERTIES) {
            if (saved.get(p) != null) {
                System.setProperty(p, saved.get(p));
            } else {
                System.clearProperty(p);
            }
        }
        if (moto != null) {
            moto.descendants().forEach(ProcessHandle::destroy);
            moto.destroy();
            moto.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private int run(CryptoCommand cmd, ByteArrayOutputStream err, String... args) {
        cmd.withStreams(
                new ByteArrayInputStream(new byte[0]),
                new ByteArrayOutputStream(),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CommandLine(cmd).setErr(new java.io.PrintWriter(err, true)).execute(args);
    }

    @Test
    void encryptWithAliasDecryptByArnAndDiscovery() throws Exception {
        Path plain = dir.resolve("p.txt");
        Files.writeString(plain, "kms protected ".repeat(500));
        Path enc = dir.resolve("p.enc");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(run(
                        new EncryptCommand(),
                        err,
                        "-i",
                        plain.toString(),
                        "-o",
                        enc.toString(),
                        "-w",
                        "key=alias/cli-test",
                        "-c",
                        "app=cli",
                        "--endpoint-url",
                        endpoint.toString()))
                .as(err.toString())
                .isZero();

        Path out1 = dir.resolve("p1.txt");
        assertThat(run(
                        new DecryptCommand(),
                        err,
                        "-i",
                        enc.toString(),
                        "-o",
                        out1.toString(),
                        "-w",
                        "key=" + keyArn,
                        "-c",
                        "app=cli",
                        "--endpoint-url",
                        endpoint.toString()))
                .as(err.toString())
                .isZero();
        assertThat(Files.readString(out1)).isEqualTo(Files.readString(plain));

        String account = keyArn.split(":")[4];
        Path out2 = dir.resolve("p2.txt");
        assertThat(run(
                        new DecryptCommand(),
                        err,
                        "-i",
                        enc.toString(),
                        "-o",
                        out2.toString(),
                        "-w",
                        "discovery=true",
                        "discovery-partition=aws",
                        "discovery-account=" + account,
                        "--endpoint-url",
                        endpoint.toString()))
                .as(err.toString())
                .isZero();
        assertThat(Files.readString(out2)).isEqualTo(Files.readString(plain));

        Path out3 = dir.resolve("p3.txt");
        ByteArrayOutputStream err3 = new ByteArrayOutputStream();
        assertThat(run(
                        new DecryptCommand(),
                        err3,
                        "-i",
                        enc.toString(),
                        "-o",
                        out3.toString(),
                        "-w",
                        "discovery=true",
                        "discovery-partition=aws",
                        "discovery-account=000000000000",
                        "--endpoint-url",
                        endpoint.toString()))
                .isEqualTo(1);
        assertThat(err3.toString()).contains("discovery filter");
        assertThat(out3).doesNotExist();
    }
}
