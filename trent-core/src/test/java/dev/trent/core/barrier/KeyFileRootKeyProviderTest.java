package dev.trent.core.barrier;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key file's existence and permissions, as start-up checks them. */
class KeyFileRootKeyProviderTest {
    @TempDir
    Path dir;

    @Test
    void accessByGroupOrOthersIsReportedWithTheMode() throws Exception {
        Path file = dir.resolve("root.key");
        KeyFileRootKeyProvider p = new KeyFileRootKeyProvider(file, new SecureRandom());
        assertThat(p.exists()).isFalse();
        assertThat(p.accessByGroupOrOthers()).isEmpty();

        assertThat(p.initialize()).isTrue();
        assertThat(p.exists()).isTrue();
        assertThat(p.accessByGroupOrOthers()).isEmpty(); // created 0600

        for (String mode :
                new String[] {"rw-r-----", "rw----r--", "rw--w----", "rw-------", "r--------", "---------"}) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
            if (mode.substring(3).contains("r") || mode.substring(3).contains("w")) {
                assertThat(p.accessByGroupOrOthers()).as(mode).contains(mode);
            } else {
                assertThat(p.accessByGroupOrOthers()).as(mode).isEmpty();
            }
        }
    }
}
