const HTML_UNSAFE = /[<>&\u2028\u2029]/g

/**
 * JSON as Go's json.Marshal writes it: like JSON.stringify, but with <, >, & and the two line separators escaped
 * as \u003c, \u003e, \u0026, \u2028, \u2029 (its HTML-safe default). It matters where a body echoes the caller's
 * input, as the fault handlers' error texts do.
 */
export function goMarshal(value: unknown): string {
  return JSON.stringify(value).replace(HTML_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}
