package dev.trent.core.barrier;

import dev.trent.crypto.SecretBytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * A root key kept in a file of 32 random bytes, created with owner-only (0600) permissions on first use.
 * Suitable for development and single-node installations where the data directory is protected.
 */
public final class KeyFileRootKeyProvider implements RootKeyProvider {
    private static final int KEY_LENGTH = 32;
    private final Path file;
    private final SecureRandom random;

    public KeyFileRootKeyProvider(Path file, SecureRandom random) {
        this.file = file;
        this.random = random;
    }

    /** Whether the key file exists (it may still be unreadable or of the wrong length). */
    public boolean exists() {
        return Files.exists(file);
    }

    /**
     * The key file's permissions (e.g. {@code rw-r--r--}) when group or others may read, write or execute it;
     * empty when only its owner may, when it does not exist, or on a file system without POSIX permissions.
     */
    public Optional<String> accessByGroupOrOthers() {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            Set<PosixFilePermission> others = EnumSet.noneOf(PosixFilePermission.class);
            others.addAll(p);
            others.removeAll(EnumSet.of(
                    PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE,
                    PosixFilePermission.OWNER_EXECUTE));
            return others.isEmpty() ? Optional.empty() : Optional.of(PosixFilePermissions.toString(p));
        } catch (UnsupportedOperationException | IOException notPosixOrAbsent) {
            return Optional.empty();
        }
    }

    /** Creates the key file if it does not exist yet. Returns true if it was created. */
    public boolean initialize() {
        if (Files.exists(file)) return false;
        byte[] key = new byte[KEY_LENGTH];
        random.nextBytes(key);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(ownerOnly));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(tmp);
            }
            try (var ch = java.nio.channels.FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(key));
                ch.force(true);
            }
            try {
                Files.createLink(file, tmp); // fails if another process created it meanwhile
            } catch (FileAlreadyExistsException raced) {
                Files.deleteIfExists(tmp);
                return false;
            } catch (UnsupportedOperationException | IOException noLinks) {
                Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            Files.deleteIfExists(tmp);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create root key file " + file, e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    @Override
    public String kind() {
        return "file";
    }

    /** Reads the key file (see {@link #initialize}); it has no stored parameters. */
    @Override
    public RootKey open(java.util.Map<String, String> stored) {
        return new MemoryRootKey(rootKey(), random, java.util.Map.of());
    }

    @Override
    public String describe() {
        return "key file " + file.toAbsolutePath();
    }

    /** The key file's 32 bytes: a copy that the caller owns and destroys. */
    public SecretBytes rootKey() {
        try {
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length != KEY_LENGTH) {
                Arrays.fill(bytes, (byte) 0);
                throw new IllegalStateException("root key file " + file + " must hold exactly " + KEY_LENGTH
                        + " bytes; it holds " + bytes.length);
            }
            return SecretBytes.wrap(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read root key file " + file, e);
        }
    }
}
