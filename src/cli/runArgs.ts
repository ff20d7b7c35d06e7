import { readFileSync } from 'node:fs'
import type { KeyValuePair, Tag, TaskDefinition } from '@aws-sdk/client-ecs'
import { ERRORS } from '../errors.js'
import {
  applyOverrides,
  validateOverrides,
  launchTypeOf,
  validateRunInputs,
  withEnvironment,
  type LocalLaunchType,
  type RunInputs,
} from '../taskdef/index.js'
import { UsageError } from './args.js'

/** Flags only `run` takes: RunTask's per-run members, named as `aws ecs run-task` names them. */
export const RUN_OPTIONS = {
  overrides: { type: 'string' },
  env: { type: 'string', multiple: true },
  'started-by': { type: 'string' },
  group: { type: 'string' },
  tags: { type: 'string', multiple: true },
  'launch-type': { type: 'string' },
} as const

export interface RunFlags {
  overrides?: string
  env?: string[]
  'started-by'?: string
  group?: string
  tags?: string[]
  'launch-type'?: string
}

const invalid = (message: string): Error => new ERRORS.ECSL_ERR_OVERRIDES_INVALID(message)

/**
 * `--overrides` as `aws ecs run-task` takes it: inline JSON, `file://PATH`, or (a convenience the AWS CLI does
 * not offer) a bare path. Inline is told by its first character, as a path never starts with `{`.
 */
export function readOverrides(value: string, read: (path: string) => string = (p) => readFileSync(p, 'utf8')) {
  const inline = value.trimStart().startsWith('{')
  let text = value
  if (!inline) {
    const path = value.startsWith('file://') ? value.slice('file://'.length) : value
    try {
      text = read(path)
    } catch (e) {
      throw invalid(`--overrides ${path}: ${(e as Error).message}`)
    }
  }
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch (e) {
    throw invalid(`--overrides is not valid JSON: ${(e as Error).message}`)
  }
  return validateOverrides(doc)
}

/** `--env NAME=VALUE`, repeatable; the name is everything before the first `=`, the value may be empty. */
export function parseEnv(list: readonly string[] = []): KeyValuePair[] {
  const out: KeyValuePair[] = []
  for (const item of list) {
    const eq = item.indexOf('=')
    if (eq < 1) throw new UsageError(`--env ${item}: expected NAME=VALUE`)
    const name = item.slice(0, eq)
    if (out.some((e) => e.name === name)) throw new UsageError(`--env ${name} is given twice`)
    out.push({ name, value: item.slice(eq + 1) })
  }
  return out
}

/**
 * `--tags KEY=VALUE[,KEY=VALUE...]`, repeatable, or one JSON array of {key, value} as RunTask takes it (for a value
 * holding a comma). `KEY` alone is a tag with an empty value, as ECS allows.
 */
export function parseTags(list: readonly string[] = []): Tag[] | undefined {
  if (list.length === 0) return undefined
  const out: Tag[] = []
  for (const item of list) {
    if (item.trimStart().startsWith('[')) {
      let doc: unknown
      try {
        doc = JSON.parse(item)
      } catch (e) {
        throw new UsageError(`--tags is not valid JSON: ${(e as Error).message}`)
      }
      if (!Array.isArray(doc)) throw new UsageError('--tags JSON must be an array of {"key": ..., "value": ...}')
      out.push(...(doc as Tag[]))
      continue
    }
    for (const pair of item.split(',')) {
      if (pair === '') continue
      const eq = pair.indexOf('=')
      const key = eq < 0 ? pair : pair.slice(0, eq)
      if (key === '') throw new UsageError(`--tags ${pair}: expected KEY=VALUE`)
      out.push({ key, value: eq < 0 ? '' : pair.slice(eq + 1) })
    }
  }
  return out
}

/**
 * The run's RunTask members from its flags, checked against the loaded definition before anything is sent, so a
 * bad override fails here (exit 2) without a daemon or a container. The daemon applies them (control/server.ts).
 */
export function runInputs(flags: RunFlags, def: TaskDefinition, read?: (path: string) => string): RunInputs {
  const given = flags.overrides === undefined ? undefined : readOverrides(flags.overrides, read)
  const inputs: RunInputs = {
    overrides: withEnvironment(def, given, parseEnv(flags.env)),
    startedBy: flags['started-by'],
    group: flags.group,
    tags: parseTags(flags.tags),
    ...(flags['launch-type'] !== undefined && { launchType: flags['launch-type'] as LocalLaunchType }),
  }
  validateRunInputs(inputs)
  launchTypeOf(applyOverrides(def, inputs.overrides), inputs.launchType) // also names a container override that matches no container
  return inputs
}
