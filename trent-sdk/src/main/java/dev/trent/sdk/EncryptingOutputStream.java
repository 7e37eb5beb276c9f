package dev.trent.sdk;

import dev.trent.sdk.internal.Bytes;
import dev.trent.sdk.internal.EncryptionContextCodec;
import dev.trent.sdk.internal.PipelinedDigest;
import dev.trent.sdk.materials.EncryptionMaterials;
import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;

/**
 * Encrypts everything written to it into one framed message written to the underlying stream, in constant
 * memory (one frame). The header is written when the stream is created; {@link #close()} (or {@link #finish()})
 * writes the final frame and, for signed suites, the signature footer. A message is only complete once
 * {@code close()} or {@code finish()} has returned.
 */
public final class EncryptingOutputStream extends OutputStream {
    private final OutputStream out;
    private final MessageCrypto crypto;
    private final MessageHeader header;
    private final Signature signer;
    private final PipelinedDigest digest;
    private final int frameLength;
    private final long plaintextBound;
    private final byte[] buf;
    private final byte[] frameOut;
    private int bufLen;
    private long seq = 1;
    private long total;
    private boolean finished;
    private boolean failed;

    EncryptingOutputStream(
            OutputStream out, EncryptionMaterials materials, int frameLength, long plaintextBound, SecureRandom random)
            throws IOException {
        this.out = out;
        this.frameLength = frameLength;
        this.plaintextBound = plaintextBound;
        AlgorithmSuite suite = materials.algorithmSuite();
        byte[] messageId = new byte[suite.messageIdLength()];
        random.nextBytes(messageId);
        this.crypto = new MessageCrypto(suite, materials.plaintextDataKey(), messageId);
        try {
            byte[] ec = EncryptionContextCodec.serialize(materials.encryptionContext());
            byte[] body = MessageHeader.serializeBody(
                    suite, messageId, ec, materials.encryptedDataKeys(), frameLength, crypto.commitKey());
            byte[] iv = new byte[suite.ivLength()];
            byte[] tag = crypto.headerTag(body, iv);
            this.header = MessageHeader.forWriting(
                    suite,
                    messageId,
                    EncryptionContextCodec.deserialize(ec),
                    materials.encryptedDataKeys(),
                    frameLength,
                    crypto.commitKey(),
                    body,
                    iv,
                    tag);
            if (suite.isSigned()) {
                // Hash (possibly on a helper thread) and sign the hash: equivalent to SHAxxxwithECDSA.
                signer = Signature.getInstance("NONEwithECDSA");
                signer.initSign(materials.signingKey(), random);
                digest = new PipelinedDigest(suite.signatureAlgorithm().digestName());
            } else {
                signer = null;
                digest = null;
            }
            this.buf = new byte[frameLength];
            this.frameOut = new byte[4 + 4 + suite.ivLength() + 4 + frameLength + suite.tagLength()];
            emit(header.toByteArray(), 0, -1);
        } catch (GeneralSecurityException e) {
            crypto.close();
            throw new TrentCryptoException("Cannot initialise message signing", e);
        } catch (RuntimeException | IOException e) {
            crypto.close();
            throw e;
        }
    }

    /** The header of the message being written. */
    public MessageHeader getHeader() {
        return header;
    }

    /** Number of plaintext bytes written so far. */
    public long plaintextBytes() {
        return total;
    }

    private void emit(byte[] b, int off, int len) throws IOException {
        int n = len < 0 ? b.length : len;
        if (digest != null) {
            digest.update(b, off, n);
        }
        out.write(b, off, n);
    }

    private void ensureOpen() throws IOException {
        if (finished) {
            throw new IOException("Encrypting stream is closed");
        }
        if (failed) {
            throw new IOException("Encrypting stream failed earlier; the message is incomplete");
        }
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        if (len == 0) {
            return;
        }
        if (plaintextBound >= 0 && total + len > plaintextBound) {
            failed = true;
            throw new TrentCryptoException(
                    "Plaintext is longer than the declared bound of " + plaintextBound + " bytes");
        }
        total += len;
        try {
            while (len > 0) {
                if (bufLen == frameLength) {
                    regularFrame(buf, 0);
                    bufLen = 0;
                }
                if (bufLen == 0 && len > frameLength) {
                    regularFrame(b, off);
                    off += frameLength;
                    len -= frameLength;
                    continue;
                }
                int n = Math.min(frameLength - bufLen, len);
                System.arraycopy(b, off, buf, bufLen, n);
                bufLen += n;
                off += n;
                len -= n;
            }
        } catch (RuntimeException | IOException e) {
            failed = true;
            throw e;
        }
    }

    private void regularFrame(byte[] src, int off) throws IOException {
        if (seq >= 0xffffffffL) {
            throw new TrentCryptoException("Message has too many frames");
        }
        Bytes.putU32(frameOut, 0, seq);
        MessageCrypto.sequenceIv(seq, frameOut, 4);
        crypto.encryptFrame(0, seq, src, off, frameLength, frameOut, 4 + AlgorithmSuite.IV_LENGTH);
        emit(frameOut, 0, 4 + AlgorithmSuite.IV_LENGTH + frameLength + AlgorithmSuite.TAG_LENGTH);
        seq++;
    }

    /** Does nothing but flush the underlying stream: frames are written whole. */
    @Override
    public void flush() throws IOException {
        out.flush();
    }

    /**
     * Writes the final frame and the footer and flushes, without closing the underlying stream.
     */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        if (failed) {
            close0();
            throw new IOException("Encrypting stream failed earlier; the message is incomplete");
        }
        try {
            int p = 0;
            Bytes.putU32(frameOut, p, 0xffffffffL);
            Bytes.putU32(frameOut, p + 4, seq);
            MessageCrypto.sequenceIv(seq, frameOut, p + 8);
            Bytes.putU32(frameOut, p + 8 + AlgorithmSuite.IV_LENGTH, bufLen);
            int ctOff = p + 12 + AlgorithmSuite.IV_LENGTH;
            crypto.encryptFrame(1, seq, buf, 0, bufLen, frameOut, ctOff);
            emit(frameOut, 0, ctOff + bufLen + AlgorithmSuite.TAG_LENGTH);
            if (signer != null) {
                byte[] sig;
                try {
                    signer.update(digest.digest());
                    sig = signer.sign();
                } catch (SignatureException e) {
                    throw new TrentCryptoException("Signing failed", e);
                }
                byte[] footer = new byte[2 + sig.length];
                Bytes.putU16(footer, 0, sig.length);
                System.arraycopy(sig, 0, footer, 2, sig.length);
                out.write(footer);
            }
            out.flush();
        } catch (RuntimeException | IOException e) {
            failed = true;
            throw e;
        } finally {
            close0();
        }
    }

    private void close0() {
        if (!finished) {
            finished = true;
            crypto.close();
            Bytes.zero(buf);
        }
    }

    /** Finishes the message (see {@link #finish()}) and closes the underlying stream. */
    @Override
    public void close() throws IOException {
        try {
            if (!finished) {
                finish();
            }
        } finally {
            out.close();
        }
    }
}
