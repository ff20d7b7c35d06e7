import { readFileSync } from 'node:fs'
import * as ecs from '@aws-sdk/client-ecs'
import t from 'tap'
import { CONTAINER_FIELDS, TASK_FIELDS, type FieldEntry } from '../../src/taskdef/supportedFields.js'

/** A structure's member names from the SDK's own schema ([kind, namespace, name, traits, members, ...]). */
function membersOf(name: string): string[] {
  const schema = (ecs as unknown as Record<string, unknown>)[`${name}$`]
  if (!Array.isArray(schema) || !Array.isArray(schema[4])) throw new Error(`the SDK has no schema ${name}$`)
  return schema[4] as string[]
}

// Table rows with their cells' padding collapsed, so the docs' formatter may align them.
const docs = readFileSync(new URL('../../docs/task-definitions.md', import.meta.url), 'utf8').replace(/ *\| */g, '|')
const row = (member: string, e: FieldEntry) => `|\`${member}\`|${e.support}|${e.note}|`

for (const [shape, table] of [
  ['RegisterTaskDefinitionRequest', TASK_FIELDS],
  ['ContainerDefinition', CONTAINER_FIELDS],
] as const) {
  t.test(`every member of the SDK's ${shape} is classified, and documented as classified`, async (t) => {
    const members = membersOf(shape)
    t.ok(members.length > 10, `${members.length} members in the model`)
    t.strictSame(
      members.filter((m) => !(m in table)),
      [],
      'no member of the model missing from the table (classify it in src/taskdef/supportedFields.ts)',
    )
    t.strictSame(
      Object.keys(table).filter((m) => !members.includes(m)),
      [],
      'no member in the table that the model does not have',
    )
    for (const [member, entry] of Object.entries(table)) t.ok(docs.includes(row(member, entry)), `docs row ${member}`)
  })
}
