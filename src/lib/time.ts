/**
 * UTC to the whole second, ending in `Z` (`2019-11-09T13:34:41Z`): how STS writes Expiration and how the ECS
 * agent echoes it. The milliseconds are dropped, never rounded up, so an expiry only ever moves earlier.
 */
export function wholeSecondUtc(time: Date | number): string {
  return new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z')
}
