/** Deadline for a call that does not set its own; every call has one. */
export const CALL_DEADLINE_MS_DEFAULT = 5_000;
/** How long in-flight calls may finish on shutdown before they are cancelled. */
export const SHUTDOWN_GRACE_MS = 10_000;
/** Largest message either side accepts; a 10,000-line invoice fits with room to spare. */
export const MESSAGE_SIZE_MAX_BYTES = 64 * 1024 * 1024;
