import { childPath, type Problems } from './problems.js'
import { isRecord } from './types.js'

/**
 * How a member of a source format maps onto the SDK's shape: scalars are converted the way CloudFormation
 * converts a property value to its type ("80" -> 80, 8080 -> "8080"), maps keep their keys as written.
 */
export type Kind = 'string' | 'int' | 'bool' | 'strings' | 'ints' | 'map' | Struct | ListOf | Block | Pairs

export interface Struct {
  kind: 'struct'
  /** The source's name for it, for messages. */
  name: string
  members: Readonly<Record<string, readonly [string, Kind]>>
  /** Members the source has that carry nothing for RegisterTaskDefinition (computed ids, provider settings). */
  ignore: readonly string[]
}
interface ListOf {
  kind: 'list'
  of: Kind
}
/** A Terraform nested block: a list of at most one object. */
interface Block {
  kind: 'block'
  of: Struct
}
/** A map written out as a list of pairs: Terraform's tags {k = v} -> [{key, value}]. */
interface Pairs {
  kind: 'pairs'
  key: string
  value: string
}

/** A struct whose target names are checked against the SDK type T, so a misspelt member cannot compile. */
export function struct<T>(
  name: string,
  members: { readonly [from: string]: readonly [keyof T & string, Kind] },
  ignore: readonly string[] = [],
): Struct {
  return { kind: 'struct', name, members, ignore }
}
export const listOf = (of: Kind): ListOf => ({ kind: 'list', of })
export const block = (of: Struct): Block => ({ kind: 'block', of })
export const pairs = (key: string, value: string): Pairs => ({ kind: 'pairs', key, value })

export interface ConvertOptions {
  /** Terraform writes every unset attribute ("", [], false, null): treat those as absent. */
  unsetIsEmpty: boolean
}

const isUnset = (v: unknown, opts: ConvertOptions): boolean =>
  v === null ||
  v === undefined ||
  (opts.unsetIsEmpty &&
    (v === '' || v === false || (Array.isArray(v) && v.length === 0) || (isRecord(v) && Object.keys(v).length === 0)))

function scalar(value: unknown, kind: 'string' | 'int' | 'bool', path: string, problems: Problems): unknown {
  if (kind === 'string') {
    if (typeof value === 'string') return value
    if (typeof value === 'number' || typeof value === 'boolean') return String(value)
    problems.add(path, `must be a string, got ${JSON.stringify(value)}`)
  } else if (kind === 'int') {
    if (typeof value === 'number' && Number.isInteger(value)) return value
    if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value)
    problems.add(path, `must be a whole number, got ${JSON.stringify(value)}`)
  } else {
    if (typeof value === 'boolean') return value
    if (value === 'true' || value === 'false') return value === 'true'
    problems.add(path, `must be true or false, got ${JSON.stringify(value)}`)
  }
  return undefined
}

function convertList(value: unknown, of: Kind, path: string, problems: Problems, opts: ConvertOptions): unknown {
  if (!Array.isArray(value)) {
    problems.add(path, 'must be a list')
    return undefined
  }
  return value.map((v, i) => convert(v, of, childPath(path, i), problems, opts)).filter((v) => v !== undefined)
}

function convertStruct(value: unknown, s: Struct, path: string, problems: Problems, opts: ConvertOptions): unknown {
  if (!isRecord(value)) {
    problems.add(path, `must be an object (${s.name})`)
    return undefined
  }
  const out: Record<string, unknown> = {}
  for (const [key, v] of Object.entries(value)) {
    const member = s.members[key]
    if (isUnset(v, opts) || s.ignore.includes(key)) continue
    if (!member) {
      problems.add(childPath(path, key), `${s.name} has no member ${key} (it has ${Object.keys(s.members).join(', ')})`)
      continue
    }
    const converted = convert(v, member[1], childPath(path, key), problems, opts)
    if (converted !== undefined) out[member[0]] = converted
  }
  return out
}

/** Converts one value to the SDK's shape; every mismatch is added to `problems` with its path. */
export function convert(value: unknown, kind: Kind, path: string, problems: Problems, opts: ConvertOptions): unknown {
  if (typeof kind === 'string') {
    if (kind === 'strings' || kind === 'ints')
      return convertList(value, kind === 'ints' ? 'int' : 'string', path, problems, opts)
    if (kind !== 'map') return scalar(value, kind, path, problems)
    if (!isRecord(value)) {
      problems.add(path, 'must be a map of strings')
      return undefined
    }
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, scalar(v, 'string', childPath(path, k), problems)]),
    )
  }
  switch (kind.kind) {
    case 'struct':
      return convertStruct(value, kind, path, problems, opts)
    case 'list':
      return convertList(value, kind.of, path, problems, opts)
    case 'block':
      if (!Array.isArray(value) || value.length > 1) {
        problems.add(path, 'must be a block (a list of at most one object)')
        return undefined
      }
      return value.length ? convertStruct(value[0], kind.of, childPath(path, 0), problems, opts) : undefined
    case 'pairs':
      if (!isRecord(value)) {
        problems.add(path, 'must be a map of strings')
        return undefined
      }
      return Object.entries(value).map(([k, v]) => ({
        [kind.key]: k,
        [kind.value]: scalar(v, 'string', childPath(path, k), problems),
      }))
  }
}
