package dev.trent.sdk.internal;

import dev.trent.sdk.BadCiphertextException;
import dev.trent.sdk.TrentCryptoException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Serialization of the encryption context (structures.md, "Serialization"). */
public final class EncryptionContextCodec {
    private EncryptionContextCodec() {}

    /** Serializes the context: empty for an empty context, else count + entries sorted by UTF-8 key bytes. */
    public static byte[] serialize(Map<String, String> context) {
        if (context == null || context.isEmpty()) {
            return new byte[0];
        }
        if (context.size() > 0xffff) {
            throw new TrentCryptoException("Encryption context has too many entries: " + context.size());
        }
        List<byte[][]> entries = new ArrayList<>(context.size());
        for (Map.Entry<String, String> e : context.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new TrentCryptoException("Encryption context keys and values must not be null");
            }
            entries.add(new byte[][] {utf8(e.getKey()), utf8(e.getValue())});
        }
        entries.sort(Comparator.comparing((byte[][] kv) -> kv[0], Arrays::compareUnsigned));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeU16(out, entries.size());
        for (byte[][] kv : entries) {
            for (byte[] field : kv) {
                if (field.length > 0xffff) {
                    throw new TrentCryptoException("Encryption context key or value longer than 65535 bytes");
                }
                writeU16(out, field.length);
                out.writeBytes(field);
            }
        }
        byte[] result = out.toByteArray();
        if (result.length > 0xffff) {
            throw new TrentCryptoException("Serialized encryption context exceeds 65535 bytes");
        }
        return result;
    }

    /** Parses a serialized context; rejects duplicates and malformed UTF-8. Order of the result is the wire order. */
    public static Map<String, String> deserialize(byte[] bytes) {
        if (bytes.length == 0) {
            return Collections.emptyMap();
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        try {
            int count = Short.toUnsignedInt(buf.getShort());
            if (count == 0) {
                throw new BadCiphertextException("Encryption context has a key-value pair count of 0");
            }
            Map<String, String> map = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String k = readString(buf);
                String v = readString(buf);
                if (map.put(k, v) != null) {
                    throw new BadCiphertextException("Encryption context contains a duplicate key");
                }
            }
            if (buf.hasRemaining()) {
                throw new BadCiphertextException("Encryption context has trailing bytes");
            }
            return Collections.unmodifiableMap(map);
        } catch (java.nio.BufferUnderflowException e) {
            throw new BadCiphertextException("Encryption context is truncated");
        }
    }

    private static String readString(ByteBuffer buf) {
        int len = Short.toUnsignedInt(buf.getShort());
        byte[] b = new byte[len];
        buf.get(b);
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new BadCiphertextException("Encryption context is not valid UTF-8");
        }
    }

    static byte[] utf8(String s) {
        ByteBuffer bb;
        try {
            bb = StandardCharsets.UTF_8
                    .newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(java.nio.CharBuffer.wrap(s));
        } catch (CharacterCodingException e) {
            throw new TrentCryptoException("Encryption context contains a string that is not valid Unicode");
        }
        byte[] out = new byte[bb.remaining()];
        bb.get(out);
        return out;
    }

    private static void writeU16(ByteArrayOutputStream out, int v) {
        out.write(v >>> 8);
        out.write(v);
    }
}
