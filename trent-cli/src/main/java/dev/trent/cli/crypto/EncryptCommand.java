package dev.trent.cli.crypto;

import dev.trent.sdk.AlgorithmSuite;
import dev.trent.sdk.EncryptingOutputStream;
import dev.trent.sdk.MessageHeader;
import dev.trent.sdk.TrentCrypto;
import dev.trent.sdk.keyring.Keyring;
import dev.trent.sdk.materials.CryptoMaterialsManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code trent encrypt}: envelope-encrypts files or streams into AWS Encryption SDK messages. */
@Command(
        name = "encrypt",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Encrypt files or standard input with KMS wrapping keys (AWS Encryption SDK message format).",
            "Example: trent encrypt -i data.csv -o data.csv.encrypted -w key=arn:aws:kms:us-east-1:111122223333:key/... "
                    + "-c purpose=backup --endpoint-url http://localhost:8080"
        },
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:success", "1:an input could not be processed", "2:invalid arguments or configuration"})
public final class EncryptCommand extends CryptoCommand {
    @Option(names = "--frame-length", paramLabel = "BYTES", description = "Frame length (default 4096).")
    Integer frameLength;

    @Option(
            names = "--algorithm",
            paramLabel = "SUITE",
            description = "Algorithm suite name or id (default AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384, 0x0578).")
    String algorithm;

    private Map<String, String> context;

    @Override
    String mode() {
        return "encrypt";
    }

    @Override
    String defaultSuffix() {
        return ".encrypted";
    }

    @Override
    TrentCrypto.Builder configure(TrentCrypto.Builder b) {
        if (frameLength != null) {
            b.frameLength(frameLength);
        }
        if (algorithm != null) {
            b.encryptionAlgorithm(AlgorithmSuite.parse(algorithm));
        }
        context = contextPairs(null);
        return b;
    }

    @Override
    Keyring keyring(KeyringFactory factory) throws IOException {
        return factory.forEncrypt(wrappingKeys);
    }

    @Override
    MessageHeader process(TrentCrypto crypto, CryptoMaterialsManager cmm, InputStream in, OutputStream out, long size)
            throws IOException {
        try (EncryptingOutputStream enc = crypto.encryptingStream(cmm, out, context, size)) {
            in.transferTo(enc);
            enc.finish();
            return enc.getHeader();
        }
    }
}
