package dev.trent.server.pipeline;

/** An error as it goes on the wire: {@code {"__type": code, "message": message}} with an HTTP status. */
public record WireError(String code, int status, String message) {}
