package dev.trent.sdk;

import dev.trent.crypto.ConstantTime;
import dev.trent.sdk.internal.Bytes;
import dev.trent.sdk.internal.PipelinedDigest;
import dev.trent.sdk.materials.DecryptionMaterials;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.SignatureException;
import java.util.Arrays;

/**
 * Streams the plaintext of one message, in memory bounded by one frame.
 *
 * <p>Plaintext of a frame is only returned after that frame's authentication tag has verified. For signed
 * suites, regular frames are released once their tag verifies (as the specification allows), but the final frame
 * is withheld until the message signature has verified. Plaintext read from a signed message must therefore not
 * be treated as signed until {@link #read} has returned -1; if any read throws, discard everything read so far.
 * Use {@link DecryptOptions#unsignedOnly()} to refuse signed messages altogether, or decrypt to a temporary place
 * and publish only after the end of the stream.
 */
public final class DecryptingInputStream extends InputStream {
    private final InputStream in;
    private final MessageHeader header;
    private final MessageCrypto crypto;
    private final Signature verifier;
    private final PipelinedDigest digest;
    private final boolean checkTrailing;
    private final int frameLength;
    private final long maxFrameLength;
    private byte[] frameBuf;
    private byte[] plain;
    private int plainPos;
    private int plainLimit;
    private long expectedSeq = 1;
    private boolean bodyDone;
    private boolean done;
    private boolean failed;
    private boolean closed;
    private long plaintextBytes;

    DecryptingInputStream(
            InputStream in,
            MessageHeader header,
            DecryptionMaterials materials,
            boolean checkTrailing,
            long maxFrameLength) {
        this.in = in;
        this.header = header;
        this.checkTrailing = checkTrailing;
        this.maxFrameLength = maxFrameLength;
        AlgorithmSuite suite = header.algorithmSuite();
        MessageCrypto c = new MessageCrypto(suite, materials.plaintextDataKey(), header.messageIdUnsafe());
        try {
            if (suite.isCommitting() && !ConstantTime.equals(c.commitKey(), header.suiteDataUnsafe())) {
                throw new BadCiphertextException(
                        "Key commitment check failed: the data key does not match this message");
            }
            c.verifyHeader(header);
            if (suite.isSigned()) {
                verifier = Signature.getInstance("NONEwithECDSA");
                verifier.initVerify(materials.verificationKey());
                digest = new PipelinedDigest(suite.signatureAlgorithm().digestName());
                byte[] h = header.toByteArray();
                digest.update(h, 0, h.length);
            } else {
                verifier = null;
                digest = null;
            }
        } catch (GeneralSecurityException e) {
            c.close();
            throw new BadCiphertextException("Cannot initialise signature verification", e);
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        this.crypto = c;
        if (header.contentType() == MessageHeader.ContentType.FRAMED) {
            if (header.frameLength() > MAX_CHUNK) {
                c.close();
                throw new BadCiphertextException("Frame length " + header.frameLength() + " is too large");
            }
            if (header.frameLength() > maxFrameLength) {
                c.close();
                throw new TrentCryptoException("Frame length " + header.frameLength()
                        + " exceeds the configured maximum of " + maxFrameLength);
            }
            this.frameLength = (int) header.frameLength();
        } else {
            this.frameLength = 0;
        }
    }

    /** The message header; its encryption context is authenticated (but, for signed suites, not yet signed). */
    public MessageHeader getHeader() {
        return header;
    }

    /** Number of plaintext bytes released so far. */
    public long plaintextBytes() {
        return plaintextBytes;
    }

    /** True once the whole message, including the signature if any, has been verified. */
    public boolean isComplete() {
        return done && !failed;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException("Decrypting stream is closed");
        }
        if (failed) {
            throw new IOException("Decryption failed earlier; discard all plaintext read from this stream");
        }
        if (len == 0) {
            return 0;
        }
        try {
            while (plainPos >= plainLimit) {
                if (done) {
                    return -1;
                }
                next();
            }
        } catch (RuntimeException | IOException e) {
            fail();
            throw e;
        }
        int n = Math.min(len, plainLimit - plainPos);
        System.arraycopy(plain, plainPos, b, off, n);
        plainPos += n;
        plaintextBytes += n;
        return n;
    }

    @Override
    public int available() {
        return plainLimit - plainPos;
    }

    private void fail() {
        failed = true;
        if (plain != null) {
            Bytes.zero(plain);
        }
        plainPos = plainLimit = 0;
        crypto.close();
    }

    /** Processes the next unit of the message, making plaintext available or reaching the end. */
    private void next() throws IOException {
        if (bodyDone) {
            finishMessage();
            return;
        }
        if (header.contentType() == MessageHeader.ContentType.NON_FRAMED) {
            nonFramed();
        } else {
            frame();
        }
        if (bodyDone) {
            // The last plaintext is only released once the signature (if any) has verified.
            finishMessage();
        }
    }

    /** Space for a final frame's fields: end marker, sequence number, IV and content length. */
    private static final int FINAL_FRAME_PREFIX = 4 + 4 + AlgorithmSuite.IV_LENGTH + 4;
    /** Largest frame (or non-framed body) this implementation holds in memory. */
    static final long MAX_CHUNK = Integer.MAX_VALUE - 64;
    /**
     * Buffers start at most this large and grow only as ciphertext actually arrives, so a header announcing a huge
     * frame length cannot by itself force a huge allocation.
     */
    private static final int INITIAL_BUFFER = 1 << 20;

    private void frame() throws IOException {
        if (frameBuf == null) {
            long full = (long) FINAL_FRAME_PREFIX + frameLength + AlgorithmSuite.TAG_LENGTH;
            frameBuf = new byte[(int) Math.min(full, INITIAL_BUFFER)];
        }
        readFully(0, 4);
        long seqField = Bytes.getU32(frameBuf, 0);
        if (seqField != 0xffffffffL) {
            if (seqField != expectedSeq) {
                throw new BadCiphertextException("Frame out of order: expected " + expectedSeq + ", got " + seqField);
            }
            int rest = AlgorithmSuite.IV_LENGTH + frameLength + AlgorithmSuite.TAG_LENGTH;
            readFully(4, rest);
            ensurePlain(frameLength);
            crypto.decryptFrame(
                    0, seqField, frameBuf, 4, frameBuf, 4 + AlgorithmSuite.IV_LENGTH, frameLength, plain, 0);
            plainPos = 0;
            plainLimit = frameLength;
            expectedSeq++;
            if (expectedSeq > 0xffffffffL) {
                throw new BadCiphertextException("Message has too many frames");
            }
            return;
        }
        readFully(4, FINAL_FRAME_PREFIX - 4);
        long seq = Bytes.getU32(frameBuf, 4);
        if (seq != expectedSeq) {
            throw new BadCiphertextException("Final frame out of order: expected " + expectedSeq + ", got " + seq);
        }
        long contentLen = Bytes.getU32(frameBuf, 8 + AlgorithmSuite.IV_LENGTH);
        if (contentLen > frameLength) {
            throw new BadCiphertextException("Final frame is longer than the frame length");
        }
        readFully(FINAL_FRAME_PREFIX, (int) contentLen + AlgorithmSuite.TAG_LENGTH);
        ensurePlain((int) contentLen);
        crypto.decryptFrame(1, seq, frameBuf, 8, frameBuf, FINAL_FRAME_PREFIX, (int) contentLen, plain, 0);
        plainPos = 0;
        plainLimit = (int) contentLen;
        bodyDone = true;
    }

    private void nonFramed() throws IOException {
        frameBuf = new byte[AlgorithmSuite.IV_LENGTH + 8];
        readFully(0, frameBuf.length);
        byte[] head = frameBuf;
        long len =
                (Bytes.getU32(head, AlgorithmSuite.IV_LENGTH) << 32) | Bytes.getU32(head, AlgorithmSuite.IV_LENGTH + 4);
        if (len > maxFrameLength) {
            throw new TrentCryptoException(
                    "Non-framed message body of " + len + " bytes exceeds the configured maximum of " + maxFrameLength);
        }
        if (len > MAX_CHUNK) {
            throw new BadCiphertextException(
                    "Non-framed message body of " + len + " bytes is too large to authenticate in memory");
        }
        frameBuf = new byte[(int) Math.min(len + AlgorithmSuite.TAG_LENGTH, INITIAL_BUFFER)];
        readFully(0, (int) len + AlgorithmSuite.TAG_LENGTH);
        ensurePlain((int) len);
        crypto.decryptFrame(2, 1, head, 0, frameBuf, 0, (int) len, plain, 0);
        plainPos = 0;
        plainLimit = (int) len;
        bodyDone = true;
    }

    /** Makes {@code plain} hold at least {@code n} bytes (allocated only once the ciphertext has arrived). */
    private void ensurePlain(int n) {
        if (plain == null || plain.length < n) {
            if (plain != null) {
                Bytes.zero(plain);
            }
            plain = new byte[Math.max(n, 1)];
        }
    }

    private void finishMessage() throws IOException {
        if (verifier != null) {
            byte[] lenBytes = new byte[2];
            readRaw(lenBytes, 2, "signature footer");
            int sigLen = ((lenBytes[0] & 0xff) << 8) | (lenBytes[1] & 0xff);
            byte[] sig = new byte[sigLen];
            readRaw(sig, sigLen, "signature footer");
            boolean ok;
            try {
                verifier.update(digest.digest());
                ok = verifier.verify(sig);
            } catch (SignatureException e) {
                ok = false;
            }
            if (!ok) {
                throw new BadCiphertextException("Message signature verification failed");
            }
        }
        if (checkTrailing && in.read() != -1) {
            throw new BadCiphertextException("Unexpected data after the end of the message");
        }
        done = true;
        crypto.close();
    }

    private void readRaw(byte[] b, int n, String what) throws IOException {
        int pos = 0;
        while (pos < n) {
            int k = in.read(b, pos, n - pos);
            if (k < 0) {
                throw new BadCiphertextException("Message is truncated (in the " + what + ")", new EOFException());
            }
            pos += k;
        }
    }

    /**
     * Reads {@code n} body bytes into {@code frameBuf} at {@code off}, growing the buffer only as bytes arrive, and
     * feeds them to the signature verifier.
     */
    private void readFully(int off, int n) throws IOException {
        int pos = off;
        int end = off + n;
        while (pos < end) {
            if (pos == frameBuf.length) {
                frameBuf = Arrays.copyOf(frameBuf, (int) Math.min(end, 2L * frameBuf.length));
            }
            int k = in.read(frameBuf, pos, Math.min(end, frameBuf.length) - pos);
            if (k < 0) {
                throw new BadCiphertextException("Message is truncated", new EOFException());
            }
            pos += k;
        }
        if (digest != null) {
            digest.update(frameBuf, off, n);
        }
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            if (plain != null) {
                Bytes.zero(plain);
            }
            crypto.close();
            in.close();
        }
    }
}
