/** A PUT body as the agent decodes it into TaskProtectionRequest: both fields optional pointers. */
export interface ProtectionRequest {
  protectionEnabled?: boolean
  expiresInMinutes?: number
}

const FIELDS = { protectionenabled: 'protectionEnabled', expiresinminutes: 'expiresInMinutes' } as const
const INT64 = 2n ** 63n

/**
 * Decodes the body as Go's json.Decoder does it into the agent's request struct, with DisallowUnknownFields:
 * one JSON object (or `null`), keys matched case-insensitively, an unknown key, a wrong type or a number that is
 * not an int64 is an error; `null` leaves a field unset. Undefined means "failed to decode".
 * (Go also accepts trailing text after the first value; JSON.parse does not, so that one case is refused here.)
 */
export function parseProtectionRequest(body: string): ProtectionRequest | undefined {
  let doc: unknown
  try {
    doc = JSON.parse(body)
  } catch {
    return undefined
  }
  if (doc === null) return {}
  if (typeof doc !== 'object' || Array.isArray(doc)) return undefined
  const out: ProtectionRequest = {}
  for (const [key, value] of Object.entries(doc as Record<string, unknown>)) {
    const field = FIELDS[key.toLowerCase() as keyof typeof FIELDS]
    if (!field) return undefined
    if (value === null) continue
    if (field === 'protectionEnabled') {
      if (typeof value !== 'boolean') return undefined
      out.protectionEnabled = value
    } else {
      if (typeof value !== 'number' || !Number.isInteger(value)) return undefined
      if (BigInt(value) >= INT64 || BigInt(value) < -INT64) return undefined
      out.expiresInMinutes = value
    }
  }
  return out
}
