package dev.trent.cli.crypto;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** A progress bar on stderr, redrawn at most five times a second. */
final class ProgressBar {
    private final PrintStream err;
    private final String label;
    private final long total;
    private final long start = System.nanoTime();
    private long lastDraw;
    private long done;

    ProgressBar(PrintStream err, String label, long total) {
        this.err = err;
        this.label = label;
        this.total = total;
    }

    /** True when stderr is a terminal (Linux: fd 2 is a tty device). */
    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    InputStream wrap(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    advance(1);
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    advance(n);
                }
                return n;
            }
        };
    }

    void advance(long n) {
        done += n;
        long now = System.nanoTime();
        if (now - lastDraw > 200_000_000L) {
            lastDraw = now;
            draw(false);
        }
    }

    void finish() {
        draw(true);
        err.print('\n');
        err.flush();
    }

    private void draw(boolean last) {
        double secs = Math.max((System.nanoTime() - start) / 1e9, 1e-9);
        double rate = done / secs / (1024 * 1024);
        int width = 30;
        double frac = total > 0 ? Math.min(1.0, (double) done / total) : 0;
        int filled = (int) Math.round(frac * width);
        String bar = "#".repeat(filled) + " ".repeat(width - filled);
        err.print(String.format(
                Locale.ROOT,
                "\r%s [%s] %3d%% %,.1f MiB  %,.1f MiB/s",
                label,
                bar,
                (int) Math.round(frac * 100),
                done / (1024.0 * 1024),
                rate));
        err.flush();
    }
}
