import type { Problems } from './problems.js'
import type { Rec } from './types.js'

/** What `AWS::NoValue` resolves to: the member or list item holding it is removed. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue')
/** A value that could not be resolved; its problem is already recorded, callers just pass it up. */
export const UNRESOLVED: unique symbol = Symbol('unresolved')
export type Resolved = unknown

export interface Template {
  Parameters: Rec
  Mappings: Rec
  Conditions: Rec
  Resources: Rec
}

/** One resolution of one template: the values given, and what was found on the way. */
export interface ResolveContext {
  template: Template
  /** --parameter KEY=VALUE (docs/task-definitions.md: parameters, pseudo parameters, Ref and GetAtt values). */
  values: Readonly<Record<string, string>>
  /** AWS::Region when no --parameter gives it. */
  region?: string
  problems: Problems
  /** The --parameter keys some intrinsic read: a key nothing reads is a typo worth reporting. */
  used: Set<string>
  conditions: Map<string, boolean | typeof UNRESOLVED | 'evaluating'>
  /** Resources whose properties are being resolved for a Ref or GetAtt: a cycle guard. */
  resolving: Set<string>
  /** The resolver itself, passed in so the helper modules need not import it back. */
  resolve(value: unknown, path: string): Resolved
}

/** The given value for `key`, noting that it was read. */
export function given(ctx: ResolveContext, key: string): string | undefined {
  const v = ctx.values[key]
  if (v !== undefined) ctx.used.add(key)
  return v
}

export const isUnresolved = (v: unknown): v is typeof UNRESOLVED => v === UNRESOLVED

/** Shell-style quoting for the flags shown in messages, so they can be pasted as they are. */
export function flag(key: string, value = 'VALUE'): string {
  const arg = `${key}=${value}`
  return `--parameter ${/^[\w.:/=-]+$/.test(arg) ? arg : `'${arg}'`}`
}
