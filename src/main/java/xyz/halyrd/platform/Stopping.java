package xyz.halyrd.platform;

/**
 * Halyrd is being undeployed or the server stops: fired (synchronously) before the embedded database shuts down, so a
 * component that must still write at the stop — the trading lease, given up — does it while the database answers.
 */
public record Stopping() {
}
