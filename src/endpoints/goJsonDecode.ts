import { scanGoJson, type JsonNode } from './goJsonScan.js'

/** The Go field types the fault requests use: pointers to these, or a slice of string pointers. */
export type GoField = 'uint16' | 'uint64' | 'int' | 'string' | '[]*string'

/** A Go struct as encoding/json sees it: its name, its type's name, its fields by JSON key. */
export interface GoStruct {
  name: string
  typeName: string
  fields: Record<string, GoField>
}

export type GoValue = bigint | string | Array<string | null>

/** Field values by key, absent when missing or null (a nil pointer); or the error Decode would return. */
export type Decoded = { ok: true; values: Record<string, GoValue> } | { ok: false; eof: boolean; message: string }

const UINT16 = 0xffffn
const UINT64 = 2n ** 64n - 1n
const INT64 = 2n ** 63n

/** How UnmarshalTypeError names what it found: numbers with their literal where a parse of it failed. */
const found = (node: JsonNode): string => (node.kind === 'null' ? 'null' : node.kind)

/** strconv.ParseUint / ParseInt (base 10) with the field's range; undefined when Go would refuse the literal. */
function integer(literal: string, field: 'uint16' | 'uint64' | 'int'): bigint | undefined {
  if (!/^-?[0-9]+$/.test(literal) || (field !== 'int' && literal.startsWith('-'))) return undefined
  const n = BigInt(literal)
  if (field === 'uint16') return n <= UINT16 ? n : undefined
  if (field === 'uint64') return n <= UINT64 ? n : undefined
  return n < INT64 && n >= -INT64 ? n : undefined
}

/** Keys match exactly, else as bytes.EqualFold does (ASCII case, plus the Kelvin sign and the long s). */
function fieldFor(s: GoStruct, key: string): string | undefined {
  if (key in s.fields) return key
  const folded = key
    .replace(/\u212a/g, 'k')
    .replace(/\u017f/g, 's')
    .toLowerCase()
  return Object.keys(s.fields).find((name) => name.toLowerCase() === folded)
}

/**
 * Decodes a body as `json.NewDecoder(r.Body).Decode(&request)` does into one of the agent's request structs
 * (ecs-agent/tmds/handlers/fault/v1/types): unknown keys are skipped, keys matched case-insensitively, null leaves
 * a field nil, and a value of the wrong type or range is the first UnmarshalTypeError, worded as Go words it
 * ("json: cannot unmarshal string into Go struct field NetworkBlackholePortRequest.Port of type uint16").
 */
export function decodeGoStruct(body: string, s: GoStruct): Decoded {
  const scanned = scanGoJson(body)
  if (!scanned.ok) return scanned
  const root = scanned.value
  if (root.kind === 'null') return { ok: true, values: {} }
  if (root.kind !== 'object') {
    return {
      ok: false,
      eof: false,
      message: `json: cannot unmarshal ${found(root)} into Go value of type ${s.typeName}`,
    }
  }
  const values: Record<string, GoValue> = {}
  let first: string | undefined
  const typeError = (key: string, what: string, type: string) => {
    first ??= `json: cannot unmarshal ${what} into Go struct field ${s.name}.${key} of type ${type}`
  }
  for (const [key, node] of root.entries) {
    const name = fieldFor(s, key)
    if (!name) continue
    const field = s.fields[name] as GoField
    if (node.kind === 'null') {
      delete values[name]
      continue
    }
    if (field === '[]*string') {
      if (node.kind !== 'array') {
        typeError(name, found(node), field)
        continue
      }
      const items: Array<string | null> = []
      for (const item of node.items) {
        if (item.kind === 'string') items.push(item.value)
        else if (item.kind === 'null') items.push(null)
        else {
          typeError(name, found(item), 'string')
          items.push(null)
        }
      }
      values[name] = items
    } else if (field === 'string') {
      if (node.kind === 'string') values[name] = node.value
      else typeError(name, found(node), field)
    } else if (node.kind !== 'number') {
      typeError(name, found(node), field)
    } else {
      const n = integer(node.literal, field)
      if (n === undefined) typeError(name, `number ${node.literal}`, field)
      else values[name] = n
    }
  }
  return first ? { ok: false, eof: false, message: first } : { ok: true, values }
}
