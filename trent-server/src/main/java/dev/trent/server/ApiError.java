package dev.trent.server;

/** An error on its way to the client as {@code {"__type": code, "message": message}} with an HTTP status. */
public final class ApiError extends RuntimeException {
    private final String code;
    private final int status;

    public ApiError(String code, int status, String message) {
        super(message, null, false, false);
        this.code = code;
        this.status = status;
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }
}
