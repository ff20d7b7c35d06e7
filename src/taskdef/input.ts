import { readFile } from 'node:fs/promises'
import { text as readAll } from 'node:stream/consumers'
import { ERRORS } from '../errors.js'
import { fromCloudFormation } from './cloudformation.js'
import { detectFormat } from './detect.js'
import { normalise } from './normalise.js'
import { sourceError } from './problems.js'
import { fromDescribeOutput, withoutResponseMembers } from './registerInput.js'
import { fromTerraform } from './terraform.js'
import { parseText } from './text.js'
import type { Loaded, LoadedDefinition, LoadOptions, Rec, TaskDefinitionInput } from './types.js'
import { parseYaml } from './yaml.js'

/** Where the text comes from: passed in so tests (and a later DescribeTaskDefinition seam) need no real files. */
export interface SourceReader {
  readFile(path: string): Promise<string>
  readStdin(): Promise<string>
}

export const nodeReader: SourceReader = {
  readFile: (path) => readFile(path, 'utf8'),
  readStdin: () => readAll(process.stdin),
}

/** family, family:revision, or a task definition ARN (the names DescribeTaskDefinition takes). */
const REFERENCE = /^(?:arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:task-definition\/)?[a-zA-Z0-9_-]{1,255}(?::[1-9]\d{0,9})?$/

/** Any input format's text, normalised to RegisterTaskDefinition's shape (not validated yet). Pure. */
export function parseTaskDefinitionInput(text: string, source: string, options: LoadOptions = {}): LoadedDefinition {
  const parsed = parseText(text, source)
  const detected = detectFormat(parsed.doc, source)
  const doc = parsed.doc as Rec
  let result: { input: TaskDefinitionInput; format: LoadedDefinition['format']; resource?: string }
  if (detected === 'cloudformation') {
    // Re-read with scalars as written, so CloudFormation's own conversions apply ("1.10" stays a string).
    const template = parsed.yaml ? (parseYaml(text, source, 'strings') as Rec) : doc
    result = { ...fromCloudFormation(template, source, options), format: detected }
  } else if (detected === 'terraform') {
    result = fromTerraform(doc, source, options)
  } else if (detected === 'describe-task-definition') {
    result = { input: fromDescribeOutput(doc as Rec & { taskDefinition: Rec }), format: detected }
  } else if (detected === 'container-definitions') {
    if (options.family === undefined) {
      throw sourceError(
        source,
        'a bare containerDefinitions array needs --family NAME (and takes --task-role-arn, --execution-role-arn, --network-mode)',
      )
    }
    result = {
      input: {
        family: options.family,
        containerDefinitions: parsed.doc as TaskDefinitionInput['containerDefinitions'],
      },
      format: detected,
    }
  } else {
    result = { input: withoutResponseMembers(doc), format: detected }
  }
  const input = normalise(result.input, result.format, source, options)
  return {
    kind: 'definition',
    input,
    format: result.format,
    source,
    ...(result.resource ? { resource: result.resource } : {}),
  }
}

/**
 * Reads `arg` (a path, or `-` for stdin) and parses it. An argument that is no file but has the form of a task
 * definition name comes back as a reference, for the caller to fetch.
 */
export async function loadTaskDefinitionInput(
  arg: string,
  options: LoadOptions = {},
  io: SourceReader = nodeReader,
): Promise<Loaded> {
  if (arg === '-') return parseTaskDefinitionInput(await io.readStdin(), '<stdin>', options)
  let text: string
  try {
    text = await io.readFile(arg)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ENOENT' && REFERENCE.test(arg)) return { kind: 'reference', name: arg }
    const reason = code === 'ENOENT' ? 'no such file' : (e as Error).message
    throw new ERRORS.ECSL_ERR_TASKDEF_FILE(arg, reason, { cause: e })
  }
  return parseTaskDefinitionInput(text, arg, options)
}
