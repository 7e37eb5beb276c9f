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
        versionProvider = dev.trent.cli.Main.Version.class,
        description = {
            "Encrypt files or standard input with KMS wrapping keys (AWS Encryption SDK message format).",
            "Region, endpoint, CA bundle and credentials follow the aws CLI: flag > environment (AWS_REGION, "
                    + "AWS_DEFAULT_REGION, AWS_ENDPOINT_URL_KMS, AWS_ENDPOINT_URL, AWS_CA_BUNDLE, AWS_PROFILE) "
                    + "> profile (~/.aws/config, AWS_CONFIG_FILE).",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  trent encrypt -i data.csv -o data.csv.encrypted -w key=alias/backup \\",
            "      -c purpose=backup --endpoint-url http://localhost:4599 --region us-east-1",
            "  trent encrypt -i data.csv -o data.csv.encrypted \\",
            "      -w key=arn:aws:kms:us-east-1:111122223333:key/1234abcd-... \\",
            "      --endpoint-url https://localhost:4599 \\",
            "      --ca-bundle trent-data/tls/server.crt",
            "  AWS_ENDPOINT_URL_KMS=http://localhost:4599 AWS_REGION=us-east-1 \\",
            "      trent encrypt -i - -o - -w key=alias/backup < data.tar > data.tar.enc"
        },
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {
            "0:success",
            "1:an input could not be processed",
            "2:invalid arguments or configuration (also: no credentials, endpoint unreachable, TLS failure)"
        })
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
