package dev.trent.server;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The data directory as found at start, before anything is written: whether it exists and what it holds. Every
 * problem is a {@link StartupException} naming the path and what is wrong with it.
 */
record DataDirectoryCheck(Path dir, boolean exists, List<String> entries) {

    /** Entries that Trent makes before it has written any data, so a directory holding only them is still empty. */
    private static final Set<String> NOT_DATA = Set.of("trent.lock", "root.key.tmp", "tls");

    /** Looks at {@code dir} (absolute) without writing anything. */
    static DataDirectoryCheck inspect(Path dir) {
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) {
                throw new StartupException(
                        "the data directory " + dir + " is a file, not a directory; choose another --data-dir");
            }
            if (!Files.isReadable(dir) || !Files.isWritable(dir) || !Files.isExecutable(dir)) {
                throw new StartupException("the data directory " + dir
                        + " is not writable by this user; fix its owner or permissions, or choose another --data-dir");
            }
            List<String> entries = new ArrayList<>();
            try (Stream<Path> s = Files.list(dir)) {
                s.map(p -> p.getFileName().toString()).sorted().forEach(entries::add);
            } catch (IOException e) {
                throw new StartupException("cannot read the data directory " + dir + ": " + reason(e), e);
            }
            return new DataDirectoryCheck(dir, true, List.copyOf(entries));
        }
        Path parent = dir.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            Path existing = parent;
            while (existing != null && !Files.exists(existing)) existing = existing.getParent();
            if (existing != null && !Files.isDirectory(existing)) {
                throw new StartupException("cannot create the data directory " + dir + ": " + existing
                        + " is a file, not a directory; choose another --data-dir");
            }
            throw new StartupException("cannot create the data directory " + dir + ": its parent directory " + parent
                    + " does not exist; create it first or choose another --data-dir");
        }
        if (parent != null && (!Files.isWritable(parent) || !Files.isExecutable(parent))) {
            throw new StartupException("cannot create the data directory " + dir + ": its parent directory " + parent
                    + " is not writable by this user; create the directory yourself or choose another --data-dir");
        }
        return new DataDirectoryCheck(dir, false, List.of());
    }

    /** What the directory holds besides what Trent makes before writing any data (the lock, the TLS files). */
    List<String> data() {
        return entries.stream().filter(e -> !NOT_DATA.contains(e)).toList();
    }

    /** Creates the directory (owner only) if it does not exist. */
    void create() {
        if (Files.isDirectory(dir)) return;
        try {
            try {
                Files.createDirectory(
                        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createDirectory(dir);
            }
        } catch (java.nio.file.FileAlreadyExistsException raced) {
            if (!Files.isDirectory(dir)) {
                throw new StartupException(
                        "the data directory " + dir + " is a file, not a directory; choose another --data-dir");
            }
        } catch (IOException e) {
            throw new StartupException("cannot create the data directory " + dir + ": " + reason(e), e);
        }
    }

    /** An I/O failure in a few words: for a file system error its reason, else the exception's message. */
    static String reason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        if (e instanceof java.nio.file.NoSuchFileException) return "no such file or directory";
        if (e instanceof java.nio.file.NotDirectoryException) return "not a directory";
        if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason();
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
