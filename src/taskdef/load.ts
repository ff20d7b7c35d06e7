import { readFile } from 'node:fs/promises'
import type { TaskDefinition } from '@aws-sdk/client-ecs'
import { ERRORS } from '../errors.js'
import { validateTaskDefinition } from './validate.js'

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/**
 * Accepts the shapes users already have: RegisterTaskDefinition input, `aws ecs describe-task-definition`
 * output ({ taskDefinition: {...} }), or a bare TaskDefinition. Returns the unvalidated object.
 */
export function unwrapTaskDefinition(doc: unknown): unknown {
  if (isRecord(doc) && isRecord(doc.taskDefinition)) return doc.taskDefinition
  return doc
}

/** Parse and validate JSON text; `source` names it in errors (a file path or `<stdin>`). */
export function parseTaskDefinition(text: string, source: string): TaskDefinition {
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch (e) {
    throw new ERRORS.ECSL_ERR_TASKDEF_JSON(source, (e as Error).message, { cause: e })
  }
  return validateTaskDefinition(unwrapTaskDefinition(doc))
}

export async function loadTaskDefinition(path: string): Promise<TaskDefinition> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message
    throw new ERRORS.ECSL_ERR_TASKDEF_FILE(path, reason, { cause: e })
  }
  return parseTaskDefinition(text, path)
}
