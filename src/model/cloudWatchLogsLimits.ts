/**
 * CloudWatch Logs' PutLogEvents limits (API reference, PutLogEvents), in one place for the forwarder that must
 * stay inside them and the local CloudWatch Logs that enforces them. Sizes are UTF-8 bytes.
 */

/** Added to every event's message bytes, for the event limit and the batch limit alike. */
export const EVENT_OVERHEAD_BYTES = 26
/** One event, message plus EVENT_OVERHEAD_BYTES (256 KiB, where Docker's awslogs driver splits too). */
export const MAX_EVENT_BYTES_WITH_OVERHEAD = 262_144
/** The longest message one event may carry: the event limit less its overhead. */
export const MAX_EVENT_MESSAGE_BYTES = MAX_EVENT_BYTES_WITH_OVERHEAD - EVENT_OVERHEAD_BYTES
/** One request: the sum of its events' message bytes plus EVENT_OVERHEAD_BYTES each. */
export const MAX_BATCH_BYTES_WITH_OVERHEAD = 1_048_576
export const MAX_BATCH_EVENTS = 10_000
/** From a request's oldest to its newest event. */
export const MAX_BATCH_SPAN_MS = 24 * 60 * 60 * 1000
