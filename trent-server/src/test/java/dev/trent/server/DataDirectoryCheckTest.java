package dev.trent.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data directory as found before anything is written. */
class DataDirectoryCheckTest {
    @TempDir
    Path dir;

    @Test
    void aNewDirectoryIsCreatedOwnerOnlyInAnExistingParent() throws Exception {
        Path data = dir.resolve("data");
        DataDirectoryCheck d = DataDirectoryCheck.inspect(data);
        assertThat(d.exists()).isFalse();
        assertThat(data).doesNotExist();
        d.create();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data)))
                .isEqualTo("rwx------");
    }

    @Test
    void whatTrentMakesBeforeWritingDataIsNotData() throws Exception {
        Path data = Files.createDirectory(dir.resolve("data"));
        Files.createFile(data.resolve("trent.lock"));
        Files.createDirectory(data.resolve("tls"));
        Files.createFile(data.resolve("root.key.tmp"));
        assertThat(DataDirectoryCheck.inspect(data).data()).isEmpty();
        Files.createFile(data.resolve("trent.db"));
        Files.createFile(data.resolve("notes.txt"));
        assertThat(DataDirectoryCheck.inspect(data).data()).containsExactly("notes.txt", "trent.db");
    }

    @Test
    void aFileAMissingParentAndAPathUnderAFileAreOneLineEach() throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "x");
        assertThatThrownBy(() -> DataDirectoryCheck.inspect(file))
                .isInstanceOf(StartupException.class)
                .hasMessage("the data directory " + file + " is a file, not a directory; choose another --data-dir");
        assertThatThrownBy(() -> DataDirectoryCheck.inspect(file.resolve("a/b")))
                .hasMessage("cannot create the data directory " + file.resolve("a/b") + ": " + file
                        + " is a file, not a directory; choose another --data-dir");
        Path missing = dir.resolve("x/y");
        assertThatThrownBy(() -> DataDirectoryCheck.inspect(missing))
                .hasMessage("cannot create the data directory " + missing + ": its parent directory " + dir.resolve("x")
                        + " does not exist; create it first or choose another --data-dir");
    }
}
