import { ERRORS, errorCode, type ErrorCode } from '../../errors.js'
import type { LoadedTaskDefinition } from '../input.js'
import { fail, ok, type CheckResult } from '../result.js'

const NAME = 'task-definition'

const isErrorCode = (code: string | undefined): code is ErrorCode => code !== undefined && code in ERRORS

/** The TASKDEF loads and validates exactly as `ecs-local validate` and `run` would have it. */
export function checkTaskDefinition(td: LoadedTaskDefinition): CheckResult {
  if (!td.ok) {
    const code = errorCode(td.error)
    const message = td.error instanceof Error ? td.error.message : String(td.error)
    const docs = isErrorCode(code) ? ` (docs/errors.md#${code.toLowerCase()})` : ''
    return fail(NAME, message, `correct what the message names${docs}; ecs-local validate ${td.source} says the same`, {
      ...(isErrorCode(code) && { code }),
    })
  }
  const def = td.value
  const containers = def.containerDefinitions ?? []
  const names = containers.map((c) => c.name).join(', ')
  return ok(NAME, `${td.source}: valid, family ${def.family}, ${containers.length} container(s) (${names})`)
}
