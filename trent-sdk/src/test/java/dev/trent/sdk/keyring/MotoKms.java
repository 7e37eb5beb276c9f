package dev.trent.sdk.keyring;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/** Runs {@code moto_server} (a local KMS mock) on an ephemeral loopback port for the duration of a test class. */
final class MotoKms implements AutoCloseable {
    private final Process process;
    final URI endpoint;

    private MotoKms(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    static MotoKms startOrSkip() throws IOException, InterruptedException {
        String exe = findOnPath("moto_server");
        Assumptions.assumeTrue(
                exe != null, "moto_server is not on PATH: skipping KMS keyring tests (pip install 'moto[server]')");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path log = Files.createTempFile("moto", ".log");
        Process p = new ProcessBuilder(exe, "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                Assumptions.abort("moto_server exited early: " + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return new MotoKms(p, URI.create("http://127.0.0.1:" + port));
            } catch (IOException e) {
                Thread.sleep(200);
            }
        }
        p.destroyForcibly();
        Assumptions.abort("moto_server did not start within 60 s");
        return null;
    }

    KmsClient client() {
        return KmsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .build();
    }

    String createKey() {
        try (KmsClient c = client()) {
            return c.createKey(b -> b.description("trent-sdk test"))
                    .keyMetadata()
                    .arn();
        }
    }

    private static String findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            File f = new File(dir, name);
            if (f.isFile() && f.canExecute()) {
                return f.getAbsolutePath();
            }
        }
        return null;
    }

    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
