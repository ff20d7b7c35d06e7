import { createRequire } from 'node:module'
import type { Tags, YAMLMap, YAMLSeq } from 'yaml'
import { ERRORS } from '../errors.js'

// Loaded on the first YAML document, synchronously (its CommonJS build): a JSON task definition, the common
// case, never pays for it (about 40 ms of every `run`'s start; bench/start).
const requireModule = createRequire(import.meta.url)
let yaml: typeof import('yaml') | undefined
const yamlModule = (): typeof import('yaml') => (yaml ??= requireModule('yaml') as typeof import('yaml'))

/** CloudFormation's short-form functions (`!Join [...]`), each read as its long form (`{"Fn::Join": [...]}`). */
const FUNCTIONS = [
  'And',
  'Base64',
  'Cidr',
  'Equals',
  'FindInMap',
  'GetAtt',
  'GetAZs',
  'If',
  'ImportValue',
  'Join',
  'Not',
  'Or',
  'Select',
  'Split',
  'Sub',
  'Transform',
]

/** `!GetAtt Res.Attr` is the list form split at the first dot (attribute names may hold dots). */
function getAttScalar(value: string): string[] {
  const dot = value.indexOf('.')
  return dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)]
}

function cloudFormationTags(): Tags {
  const tags: Tags = [
    { tag: '!Ref', resolve: (v: string) => ({ Ref: v }) },
    { tag: '!Condition', resolve: (v: string) => ({ Condition: v }) },
  ]
  for (const name of FUNCTIONS) {
    const key = `Fn::${name}`
    const scalar = name === 'GetAtt' ? getAttScalar : (v: string) => v
    tags.push({ tag: `!${name}`, resolve: (v: string) => ({ [key]: scalar(v) }) })
    for (const collection of ['seq', 'map'] as const) {
      tags.push({
        tag: `!${name}`,
        collection,
        resolve: (node: YAMLMap.Parsed | YAMLSeq.Parsed) => ({ [key]: node.toJSON() }),
      })
    }
  }
  return tags
}

/**
 * YAML 1.2 with CloudFormation's tags. `scalars: 'strings'` (the failsafe schema) keeps every scalar as written,
 * as CloudFormation does before it converts a value to its property's type: `Value: 1.10` stays "1.10".
 */
export function parseYaml(text: string, source: string, scalars: 'typed' | 'strings' = 'typed'): unknown {
  const docs = yamlModule().parseAllDocuments(text, {
    version: '1.2',
    schema: scalars === 'strings' ? 'failsafe' : 'core',
    customTags: cloudFormationTags(),
    prettyErrors: false,
  })
  if (!Array.isArray(docs)) return null // only an empty stream has no document list
  const withContent = docs.filter((d) => d.contents !== null)
  for (const d of docs) {
    const problem = d.errors[0] ?? d.warnings[0]
    if (problem) throw new ERRORS.ECSL_ERR_TASKDEF_YAML(source, problem.message, { cause: problem })
  }
  if (withContent.length > 1) {
    throw new ERRORS.ECSL_ERR_TASKDEF_YAML(source, `it holds ${withContent.length} documents; give one`)
  }
  return withContent[0]?.toJS({ maxAliasCount: 100 }) ?? null
}
