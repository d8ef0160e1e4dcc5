package io.mcpauthz.audit.api;

/** {@code {"error": "<stable code>", "message": "<for humans>"}}. */
public record ErrorBody(String error, String message) {
}
