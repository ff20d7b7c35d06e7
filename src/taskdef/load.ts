import type { TaskDefinition } from '@aws-sdk/client-ecs'
import { ERRORS } from '../errors.js'
import { loadTaskDefinitionInput, nodeReader, parseTaskDefinitionInput, type SourceReader } from './input.js'
import type { LoadedDefinition, LoadOptions } from './types.js'
import { isRecord } from './types.js'
import { validateTaskDefinition } from './validate.js'

/**
 * Accepts the shapes users already have: RegisterTaskDefinition input, `aws ecs describe-task-definition`
 * output ({ taskDefinition: {...} }), or a bare TaskDefinition. Returns the unvalidated object.
 */
export function unwrapTaskDefinition(doc: unknown): unknown {
  if (isRecord(doc) && isRecord(doc.taskDefinition)) return doc.taskDefinition
  return doc
}

/** Parse any input format and validate it; `source` names it in errors (a file path or `<stdin>`). */
export function parseTaskDefinition(text: string, source: string, options: LoadOptions = {}): TaskDefinition {
  return validateTaskDefinition(parseTaskDefinitionInput(text, source, options).input)
}

export interface LoadDeps {
  reader?: SourceReader
  /**
   * Fetches a registered task definition by family[:revision] or ARN and returns describe-task-definition output
   * as JSON text. Absent until ecs-local can call DescribeTaskDefinition (real or local AWS): then a name fails
   * with instructions to export the JSON instead.
   */
  describe?: (name: string) => Promise<string>
}

/** The validated definition and where it came from (format, resource), for `validate`'s summary. */
export async function loadTaskDefinitionFrom(
  arg: string,
  options: LoadOptions = {},
  deps: LoadDeps = {},
): Promise<{ definition: TaskDefinition; loaded: LoadedDefinition }> {
  let loaded = await loadTaskDefinitionInput(arg, options, deps.reader ?? nodeReader)
  if (loaded.kind === 'reference') {
    if (!deps.describe) {
      throw new ERRORS.ECSL_ERR_TASKDEF_LOOKUP(
        loaded.name,
        'there is no file of that name, and fetching a registered task definition (DescribeTaskDefinition) is not ' +
          `available yet; export it first: aws ecs describe-task-definition --task-definition ${loaded.name} > td.json, ` +
          'then pass td.json',
      )
    }
    loaded = parseTaskDefinitionInput(await deps.describe(loaded.name), loaded.name, options)
  }
  return { definition: validateTaskDefinition(loaded.input), loaded }
}

/** `path` (or `-` for stdin) in any input format, validated. */
export async function loadTaskDefinition(
  arg: string,
  options: LoadOptions = {},
  deps: LoadDeps = {},
): Promise<TaskDefinition> {
  return (await loadTaskDefinitionFrom(arg, options, deps)).definition
}
