/**
 * Expiration as the agent serves it: it echoes what ECS's backend sends, e.g. `2016-02-25T06:03:31Z`
 * (UTC, whole seconds, `Z`). The JS SDK's fromHttp parses it with parseRfc3339DateTime (fraction optional,
 * `Z` required), fromContainerMetadata with `new Date()`, botocore with dateutil. Dropping the milliseconds
 * moves the expiry earlier by under a second, never later.
 */
export function formatExpiration(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z')
}
