package dev.trent.it.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A blocking one-request HTTP/1.1 exchange over a fresh socket, for setting up a benchmark (create a key, check a
 * request before replaying it). Sends the exact bytes given; reads a {@code Content-Length} response.
 */
final class RawHttp {
    private RawHttp() {}

    record Response(int status, String head, byte[] body) {
        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    static Response exchange(String host, int port, byte[] request) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 5_000);
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            int headEnd = -1;
            while (headEnd < 0) {
                int n = in.read(chunk);
                if (n < 0) throw new IOException("connection closed before the response headers ended");
                buf.write(chunk, 0, n);
                headEnd = HttpResponseParser.indexOfHeaderEnd(buf.toByteArray(), 0, buf.size());
            }
            byte[] all = buf.toByteArray();
            int status = HttpResponseParser.status(all);
            int length = HttpResponseParser.contentLength(all, headEnd);
            if (length < 0) throw new IOException("response without Content-Length");
            int bodyStart = headEnd + 4;
            while (buf.size() < bodyStart + length) {
                int n = in.read(chunk);
                if (n < 0) throw new IOException("connection closed inside the response body");
                buf.write(chunk, 0, n);
            }
            all = buf.toByteArray();
            byte[] body = new byte[length];
            System.arraycopy(all, bodyStart, body, 0, length);
            return new Response(status, new String(all, 0, headEnd, StandardCharsets.US_ASCII), body);
        }
    }
}
