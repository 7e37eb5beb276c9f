package dev.trent.sdk;

import dev.trent.sdk.internal.Bytes;
import dev.trent.sdk.internal.EncryptionContextCodec;
import dev.trent.sdk.materials.EncryptedDataKey;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The parsed (or written) header of a message (data-format/message-header.md). Header information of a message
 * being decrypted is only handed out after the header authentication tag has been verified.
 */
public final class MessageHeader {
    /** Body content types. */
    public enum ContentType {
        NON_FRAMED(1),
        FRAMED(2);

        private final int code;

        ContentType(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    private final int version;
    private final AlgorithmSuite suite;
    private final byte[] messageId;
    private final Map<String, String> encryptionContext;
    private final List<EncryptedDataKey> encryptedDataKeys;
    private final ContentType contentType;
    private final long frameLength;
    private final byte[] suiteData;
    private final byte[] headerIv;
    private final byte[] headerTag;
    private final byte[] bodyBytes;

    private MessageHeader(
            int version,
            AlgorithmSuite suite,
            byte[] messageId,
            Map<String, String> ec,
            List<EncryptedDataKey> edks,
            ContentType contentType,
            long frameLength,
            byte[] suiteData,
            byte[] headerIv,
            byte[] headerTag,
            byte[] bodyBytes) {
        this.version = version;
        this.suite = suite;
        this.messageId = messageId;
        this.encryptionContext = ec;
        this.encryptedDataKeys = List.copyOf(edks);
        this.contentType = contentType;
        this.frameLength = frameLength;
        this.suiteData = suiteData;
        this.headerIv = headerIv;
        this.headerTag = headerTag;
        this.bodyBytes = bodyBytes;
    }

    /** Message format version: 1 or 2. */
    public int version() {
        return version;
    }

    public AlgorithmSuite algorithmSuite() {
        return suite;
    }

    public byte[] messageId() {
        return messageId.clone();
    }

    /** The encryption context stored in the header (including {@code aws-crypto-public-key} for signed suites). */
    public Map<String, String> encryptionContext() {
        return encryptionContext;
    }

    public List<EncryptedDataKey> encryptedDataKeys() {
        return encryptedDataKeys;
    }

    public ContentType contentType() {
        return contentType;
    }

    /** Frame length for framed messages, 0 for non-framed ones. */
    public long frameLength() {
        return frameLength;
    }

    /** The commit key (version 2), or an empty array. */
    public byte[] suiteData() {
        return suiteData.clone();
    }

    public byte[] headerAuthTag() {
        return headerTag.clone();
    }

    byte[] messageIdUnsafe() {
        return messageId;
    }

    byte[] suiteDataUnsafe() {
        return suiteData;
    }

    byte[] headerIvUnsafe() {
        return headerIv;
    }

    byte[] headerTagUnsafe() {
        return headerTag;
    }

    /** The serialized header body: the AAD of the header authentication tag. */
    byte[] bodyBytesUnsafe() {
        return bodyBytes;
    }

    /** Serialized header body plus header authentication. */
    byte[] toByteArray() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bodyBytes.length + 28);
        out.writeBytes(bodyBytes);
        if (version == 1) {
            out.writeBytes(headerIv);
        }
        out.writeBytes(headerTag);
        return out.toByteArray();
    }

    // ---------------------------------------------------------------- writing

    /** Serializes the header body for a new framed message. */
    static byte[] serializeBody(
            AlgorithmSuite suite,
            byte[] messageId,
            byte[] serializedContext,
            List<EncryptedDataKey> edks,
            int frameLength,
            byte[] commitKey) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        int version = suite.messageFormatVersion();
        out.write(version);
        if (version == 1) {
            out.write(0x80);
        }
        u16(out, suite.id());
        out.writeBytes(messageId);
        u16(out, serializedContext.length);
        out.writeBytes(serializedContext);
        if (edks.isEmpty() || edks.size() > 0xffff) {
            throw new TrentCryptoException(
                    "A message needs between 1 and 65535 encrypted data keys, not " + edks.size());
        }
        u16(out, edks.size());
        for (EncryptedDataKey edk : edks) {
            writeField(out, edk.providerId().getBytes(StandardCharsets.UTF_8));
            writeField(out, edk.providerInfo());
            writeField(out, edk.ciphertext());
        }
        out.write(ContentType.FRAMED.code());
        if (version == 1) {
            out.writeBytes(new byte[4]);
            out.write(AlgorithmSuite.IV_LENGTH);
        }
        byte[] fl = new byte[4];
        Bytes.putU32(fl, 0, frameLength);
        out.writeBytes(fl);
        if (version == 2) {
            out.writeBytes(commitKey);
        }
        return out.toByteArray();
    }

    static MessageHeader forWriting(
            AlgorithmSuite suite,
            byte[] messageId,
            Map<String, String> ec,
            List<EncryptedDataKey> edks,
            int frameLength,
            byte[] commitKey,
            byte[] body,
            byte[] iv,
            byte[] tag) {
        return new MessageHeader(
                suite.messageFormatVersion(),
                suite,
                messageId,
                Collections.unmodifiableMap(ec),
                edks,
                ContentType.FRAMED,
                frameLength,
                commitKey == null ? new byte[0] : commitKey,
                iv,
                tag,
                body);
    }

    private static void writeField(ByteArrayOutputStream out, byte[] field) {
        if (field.length > 0xffff) {
            throw new TrentCryptoException("Encrypted data key field longer than 65535 bytes");
        }
        u16(out, field.length);
        out.writeBytes(field);
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write(v >>> 8);
        out.write(v);
    }

    // ---------------------------------------------------------------- parsing

    /**
     * Parses a header from the stream, reading exactly the header's bytes.
     *
     * @param maxEncryptedDataKeys fail as soon as the header declares more encrypted data keys than this
     */
    static MessageHeader parse(InputStream in, int maxEncryptedDataKeys) throws IOException {
        Reader r = new Reader(in);
        int version = r.u8();
        if (version != 1 && version != 2) {
            int second = r.peekable();
            if (version == 'A' && (second == 'Y' || second == 'g')) {
                throw new BadCiphertextException("Input looks base64-encoded; decode it before decrypting");
            }
            throw new BadCiphertextException("Not an AWS Encryption SDK message: unsupported version byte " + version);
        }
        if (version == 1) {
            int type = r.u8();
            if (type != 0x80) {
                throw new BadCiphertextException("Unsupported message type " + type);
            }
        }
        short suiteId = (short) r.u16();
        AlgorithmSuite suite = AlgorithmSuite.fromId(suiteId);
        if (suite == null) {
            throw new BadCiphertextException(String.format("Unsupported algorithm suite 0x%04x", suiteId & 0xffff));
        }
        if (suite.messageFormatVersion() != version) {
            throw new BadCiphertextException(
                    "Algorithm suite " + suite + " is not valid in message format version " + version);
        }
        byte[] messageId = r.bytes(suite.messageIdLength());
        int ecLen = r.u16();
        byte[] ecBytes = r.bytes(ecLen);
        Map<String, String> ec = EncryptionContextCodec.deserialize(ecBytes);
        int edkCount = r.u16();
        if (edkCount == 0) {
            throw new BadCiphertextException("Message has no encrypted data keys");
        }
        if (edkCount > maxEncryptedDataKeys) {
            throw new TrentCryptoException("Message has " + edkCount
                    + " encrypted data keys, more than the configured maximum of " + maxEncryptedDataKeys);
        }
        List<EncryptedDataKey> edks = new ArrayList<>(edkCount);
        for (int i = 0; i < edkCount; i++) {
            String providerId = utf8(r.bytes(r.u16()));
            byte[] info = r.bytes(r.u16());
            byte[] ct = r.bytes(r.u16());
            edks.add(new EncryptedDataKey(providerId, info, ct));
        }
        int ct = r.u8();
        ContentType contentType;
        if (ct == 1) {
            contentType = ContentType.NON_FRAMED;
        } else if (ct == 2) {
            contentType = ContentType.FRAMED;
        } else {
            throw new BadCiphertextException("Unsupported content type " + ct);
        }
        if (version == 1) {
            byte[] reserved = r.bytes(4);
            if ((reserved[0] | reserved[1] | reserved[2] | reserved[3]) != 0) {
                throw new BadCiphertextException("Reserved header bytes are not zero");
            }
            int ivLen = r.u8();
            if (ivLen != suite.ivLength()) {
                throw new BadCiphertextException("Header IV length " + ivLen + " does not match the algorithm suite");
            }
        }
        long frameLength = r.u32();
        if (contentType == ContentType.NON_FRAMED && frameLength != 0) {
            throw new BadCiphertextException("Non-framed message with a non-zero frame length");
        }
        if (contentType == ContentType.FRAMED && frameLength == 0) {
            throw new BadCiphertextException("Framed message with a frame length of 0");
        }
        byte[] suiteData = version == 2 ? r.bytes(suite.suiteDataLength()) : new byte[0];
        byte[] body = r.captured();
        byte[] iv = version == 1 ? r.bytes(suite.ivLength()) : new byte[suite.ivLength()];
        byte[] tag = r.bytes(suite.tagLength());
        return new MessageHeader(
                version, suite, messageId, ec, edks, contentType, frameLength, suiteData, iv, tag, body);
    }

    private static String utf8(byte[] b) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(b))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new BadCiphertextException("Key provider id is not valid UTF-8");
        }
    }

    /** Reads header fields and records the bytes read for the header body. */
    private static final class Reader {
        private final InputStream in;
        private final ByteArrayOutputStream captured = new ByteArrayOutputStream(512);
        private int pushedBack = -2;

        Reader(InputStream in) {
            this.in = in;
        }

        int u8() throws IOException {
            return bytes(1)[0] & 0xff;
        }

        int u16() throws IOException {
            byte[] b = bytes(2);
            return ((b[0] & 0xff) << 8) | (b[1] & 0xff);
        }

        long u32() throws IOException {
            return Bytes.getU32(bytes(4), 0);
        }

        /** The next byte without consuming it for field parsing purposes (used for error messages only). */
        int peekable() throws IOException {
            if (pushedBack == -2) {
                pushedBack = in.read();
            }
            return pushedBack;
        }

        byte[] bytes(int n) throws IOException {
            byte[] b = new byte[n];
            int pos = 0;
            if (n > 0 && pushedBack != -2) {
                if (pushedBack < 0) {
                    throw new BadCiphertextException("Message header is truncated");
                }
                b[pos++] = (byte) pushedBack;
                pushedBack = -2;
            }
            while (pos < n) {
                int k = in.read(b, pos, n - pos);
                if (k < 0) {
                    throw new BadCiphertextException("Message header is truncated", new EOFException());
                }
                pos += k;
            }
            captured.writeBytes(b);
            return b;
        }

        /** Bytes read so far (the header body), and resets the capture. */
        byte[] captured() {
            byte[] out = captured.toByteArray();
            captured.reset();
            return out;
        }
    }
}
