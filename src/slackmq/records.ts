/**
 * The lock's log: thread replies under the locked message, each carrying message metadata
 * `{event_type: "troupe_<kind>", event_payload: {v, ...}}` plus readable text for people.
 *
 * Encoders build what `chat.postMessage`/`chat.update` take; decoders read what
 * `conversations.replies(include_all_metadata)` returns and are tolerant: anything malformed,
 * hostile or unknown decodes to `undefined` and is ignored, never thrown.
 */
export * from './record-types.js';
export { encodeRecord, claimText } from './record-text.js';
export { decodeRecord, decodeRecords } from './record-decode.js';
