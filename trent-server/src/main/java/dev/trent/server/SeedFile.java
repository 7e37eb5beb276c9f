package dev.trent.server;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.trent.core.kms.KeyRegistry;
import dev.trent.core.kms.Seeds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code trent server --seed FILE}: reads a YAML seed file ({@link Seeds} says what it holds) and creates, at start,
 * the keys and aliases it names that do not exist yet. Every mistake in the file stops the start with one line
 * that names the file and the entry ({@code seed file seeds.yaml: keys[1].KeyMaterial: ...}).
 */
final class SeedFile {
    private static final Logger LOG = LoggerFactory.getLogger(SeedFile.class);
    /** Seed files are small: a larger one is a mistake (and never read whole into memory). */
    static final long MAX_BYTES = 4L << 20;

    private SeedFile() {}

    /** Reads and checks {@code file} (nothing is created). */
    static Seeds read(Path file, String defaultAccount) {
        JsonNode root;
        try {
            if (Files.size(file) > MAX_BYTES) throw fail(file, "larger than " + (MAX_BYTES >> 20) + " MiB");
            root = new YAMLMapper().readTree(file.toFile());
        } catch (NoSuchFileException e) {
            throw fail(file, "no such file");
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw fail(file, "not valid YAML" + where + ": " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw fail(file, "cannot read it: " + firstLine(String.valueOf(e.getMessage())));
        }
        try {
            return Seeds.parse(root, defaultAccount);
        } catch (IllegalArgumentException e) {
            throw fail(file, e.getMessage());
        }
    }

    /** Reads {@code file} and creates what it names that does not exist. */
    static void apply(Path file, String defaultAccount, KeyRegistry registry, Clock clock, SecureRandom random) {
        Seeds seeds = read(file, defaultAccount);
        try {
            Seeds.Applied a = seeds.apply(registry, clock, random);
            LOG.info(
                    "Seed file {}: {} keys created, {} already there, {} aliases created",
                    file,
                    a.keysCreated(),
                    a.keysPresent(),
                    a.aliasesCreated());
        } catch (IllegalArgumentException e) {
            throw fail(file, e.getMessage());
        }
    }

    private static StartupException fail(Path file, String problem) {
        return new StartupException("seed file " + file + ": " + firstLine(problem));
    }

    private static String firstLine(String m) {
        if (m == null) return "";
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
