/**
 * A timestamp as Go's encoding/json writes a time.Time (RFC3339Nano: fraction with trailing zeros
 * trimmed, none when whole), in UTC as the agent converts them. undefined stays undefined (omitempty).
 */
export function goTime(d: Date | undefined): string | undefined {
  if (!d) return undefined
  return d.toISOString().replace(/\.(\d*?)0*Z$/, (_m, frac: string) => (frac ? `.${frac}Z` : 'Z'))
}
