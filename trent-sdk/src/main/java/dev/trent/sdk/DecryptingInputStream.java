package dev.trent.sdk;

import dev.trent.sdk.internal.Bytes;
import dev.trent.sdk.internal.PipelinedDigest;
import dev.trent.sdk.materials.DecryptionMaterials;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.SignatureException;

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

    DecryptingInputStream(InputStream in, MessageHeader header, DecryptionMaterials materials, boolean checkTrailing) {
        this.in = in;
        this.header = header;
        this.checkTrailing = checkTrailing;
        AlgorithmSuite suite = header.algorithmSuite();
        MessageCrypto c = new MessageCrypto(suite, materials.plaintextDataKey(), header.messageIdUnsafe());
        try {
            if (suite.isCommitting() && !Bytes.constantTimeEquals(c.commitKey(), header.suiteDataUnsafe())) {
                throw new BadCiphertextException("Key commitment check failed: the data key does not match this message");
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
            if (header.frameLength() > Integer.MAX_VALUE - 64) {
                c.close();
                throw new BadCiphertextException("Frame length " + header.frameLength() + " is too large");
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

    private void frame() throws IOException {
        if (frameBuf == null) {
            frameBuf = new byte[4 + 4 + AlgorithmSuite.IV_LENGTH + 4 + frameLength + AlgorithmSuite.TAG_LENGTH];
            plain = new byte[Math.max(frameLength, 1)];
        }
        readFully(frameBuf, 0, 4);
        long seqField = Bytes.getU32(frameBuf, 0);
        if (seqField != 0xffffffffL) {
            if (seqField != expectedSeq) {
                throw new BadCiphertextException("Frame out of order: expected " + expectedSeq + ", got " + seqField);
            }
            int rest = AlgorithmSuite.IV_LENGTH + frameLength + AlgorithmSuite.TAG_LENGTH;
            readFully(frameBuf, 4, rest);
            crypto.decryptFrame(0, seqField, frameBuf, 4, frameBuf, 4 + AlgorithmSuite.IV_LENGTH, frameLength, plain, 0);
            plainPos = 0;
            plainLimit = frameLength;
            expectedSeq++;
            if (expectedSeq > 0xffffffffL) {
                throw new BadCiphertextException("Message has too many frames");
            }
            return;
        }
        readFully(frameBuf, 4, 4 + AlgorithmSuite.IV_LENGTH + 4);
        long seq = Bytes.getU32(frameBuf, 4);
        if (seq != expectedSeq) {
            throw new BadCiphertextException("Final frame out of order: expected " + expectedSeq + ", got " + seq);
        }
        long contentLen = Bytes.getU32(frameBuf, 8 + AlgorithmSuite.IV_LENGTH);
        if (contentLen > frameLength) {
            throw new BadCiphertextException("Final frame is longer than the frame length");
        }
        int ctOff = 12 + AlgorithmSuite.IV_LENGTH;
        readFully(frameBuf, ctOff, (int) contentLen + AlgorithmSuite.TAG_LENGTH);
        crypto.decryptFrame(1, seq, frameBuf, 8, frameBuf, ctOff, (int) contentLen, plain, 0);
        plainPos = 0;
        plainLimit = (int) contentLen;
        bodyDone = true;
    }

    private void nonFramed() throws IOException {
        byte[] head = new byte[AlgorithmSuite.IV_LENGTH + 8];
        readFully(head, 0, head.length);
        long len = (Bytes.getU32(head, AlgorithmSuite.IV_LENGTH) << 32) | Bytes.getU32(head, AlgorithmSuite.IV_LENGTH + 4);
        if (len > Integer.MAX_VALUE - 64) {
            throw new BadCiphertextException("Non-framed message body of " + len + " bytes is too large to authenticate in memory");
        }
        byte[] body = new byte[(int) len + AlgorithmSuite.TAG_LENGTH];
        readFully(body, 0, body.length);
        plain = new byte[Math.max((int) len, 1)];
        crypto.decryptFrame(2, 1, head, 0, body, 0, (int) len, plain, 0);
        plainPos = 0;
        plainLimit = (int) len;
        bodyDone = true;
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

    /** Reads body bytes, feeding them to the signature verifier. */
    private void readFully(byte[] b, int off, int n) throws IOException {
        int pos = off;
        int end = off + n;
        while (pos < end) {
            int k = in.read(b, pos, end - pos);
            if (k < 0) {
                throw new BadCiphertextException("Message is truncated", new EOFException());
            }
            pos += k;
        }
        if (digest != null) {
            digest.update(b, off, n);
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
