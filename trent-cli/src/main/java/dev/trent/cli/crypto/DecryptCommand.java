package dev.trent.cli.crypto;

import dev.trent.sdk.BadCiphertextException;
import dev.trent.sdk.DecryptOptions;
import dev.trent.sdk.DecryptingInputStream;
import dev.trent.sdk.MessageHeader;
import dev.trent.sdk.TrentCrypto;
import dev.trent.sdk.keyring.Keyring;
import dev.trent.sdk.materials.CryptoMaterialsManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code trent decrypt}: decrypts AWS Encryption SDK messages. */
@Command(
        name = "decrypt",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        versionProvider = dev.trent.cli.Main.Version.class,
        description = {
            "Decrypt AWS Encryption SDK messages with KMS keys (by key ARN, alias or key id, or discovery).",
            "Aliases and key ids are resolved to the key ARN with DescribeKey first.",
            "Region, endpoint, CA bundle and credentials follow the aws CLI: flag > environment (AWS_REGION, "
                    + "AWS_DEFAULT_REGION, AWS_ENDPOINT_URL_KMS, AWS_ENDPOINT_URL, AWS_CA_BUNDLE, AWS_PROFILE) "
                    + "> profile (~/.aws/config, AWS_CONFIG_FILE).",
            "-c KEY=VALUE (or just KEY) requires that pair (or key) in the message's encryption context.",
            "Output files appear only once the whole message, including its signature, has been verified."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  trent decrypt -i data.csv.encrypted -o data.csv -w key=alias/backup \\",
            "      -c purpose=backup --endpoint-url http://localhost:4599 --region us-east-1",
            "  trent decrypt -i in/ -o out/ -r -w discovery=true discovery-partition=aws \\",
            "      discovery-account=111122223333 --endpoint-url https://localhost:4599 \\",
            "      --ca-bundle trent-data/tls/server.crt"
        },
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {
            "0:success",
            "1:an input could not be decrypted",
            "2:invalid arguments or configuration (also: no credentials, endpoint unreachable, TLS failure)"
        })
public final class DecryptCommand extends CryptoCommand {
    @Option(
            names = {"-b", "--buffer"},
            description = "Hold all plaintext in memory until the message is fully verified (for standard output).")
    boolean buffer;

    @Option(names = "--unsigned-only", description = "Refuse messages that use a signed algorithm suite.")
    boolean unsignedOnly;

    @Option(
            names = "--max-length",
            paramLabel = "BYTES",
            description =
                    "Refuse messages whose frame length (or, for non-framed messages, body length) exceeds BYTES; "
                            + "this bounds the memory one message can take. Default: no limit, as in aws-encryption-cli.")
    Long maxLength;

    private Map<String, String> required;
    private final List<String> requiredKeys = new ArrayList<>();

    @Override
    String mode() {
        return "decrypt";
    }

    @Override
    String defaultSuffix() {
        return ".decrypted";
    }

    @Override
    TrentCrypto.Builder configure(TrentCrypto.Builder b) {
        requiredKeys.clear();
        required = contextPairs(requiredKeys);
        if (maxLength != null && maxLength < 1) {
            throw new CliException("--max-length must be positive");
        }
        return b;
    }

    @Override
    Keyring keyring(KeyringFactory factory) throws IOException {
        return factory.forDecrypt(wrappingKeys);
    }

    @Override
    MessageHeader process(TrentCrypto crypto, CryptoMaterialsManager cmm, InputStream in, OutputStream out, long size)
            throws IOException {
        DecryptOptions options = DecryptOptions.defaults()
                .withRequiredEncryptionContext(required)
                .withUnsignedOnly(unsignedOnly);
        if (maxLength != null) {
            options = options.withMaxFrameLength(maxLength);
        }
        try (DecryptingInputStream dec = crypto.decryptingStream(cmm, new NonClosingIn(in), options)) {
            for (String k : requiredKeys) {
                if (!dec.getHeader().encryptionContext().containsKey(k)) {
                    throw new CliException("Encryption context does not contain the required key " + k);
                }
            }
            if (buffer) {
                byte[] all = dec.readAllBytes();
                if (!dec.isComplete()) {
                    throw new BadCiphertextException("Message is incomplete");
                }
                out.write(all);
                java.util.Arrays.fill(all, (byte) 0);
            } else {
                dec.transferTo(out);
            }
            if (!dec.isComplete()) {
                throw new BadCiphertextException("Message is incomplete");
            }
            out.close();
            return dec.getHeader();
        }
    }

    /** Keeps the decrypting stream from closing standard input. */
    private static final class NonClosingIn extends java.io.FilterInputStream {
        NonClosingIn(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return in.read(b, off, len);
        }

        @Override
        public void close() {}
    }
}
