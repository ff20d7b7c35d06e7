import t from 'tap'
import {
  loadTaskDefinition,
  loadTaskDefinitionFrom,
  loadTaskDefinitionInput,
  parseTaskDefinitionInput,
  type SourceReader,
} from '../../src/taskdef/index.js'
import { fixtureText, sourceError } from './helpers.js'

const minimal = { family: 'web', containerDefinitions: [{ name: 'app', image: 'nginx:1.27' }] }
const missing = Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' })
const reader = (files: Record<string, string>, stdin = ''): SourceReader => ({
  readFile: async (path) => {
    if (path in files) return files[path]!
    throw missing
  },
  readStdin: async () => stdin,
})

t.test(`${loadTaskDefinitionInput.name}: - reads stdin, named <stdin>`, async (t) => {
  const loaded = await loadTaskDefinitionInput('-', {}, reader({}, JSON.stringify(minimal)))
  t.match(loaded, { kind: 'definition', source: '<stdin>', format: 'register-task-definition' })
})

t.test(`${loadTaskDefinitionInput.name}: a name that is no file is a reference for the caller`, async (t) => {
  for (const name of ['web', 'web:12', 'arn:aws:ecs:us-east-1:111122223333:task-definition/web:3']) {
    t.strictSame(await loadTaskDefinitionInput(name, {}, reader({})), { kind: 'reference', name }, name)
  }
  await t.rejects(loadTaskDefinitionInput('task.json', {}, reader({})), {
    code: 'ECSL_ERR_TASKDEF_FILE',
    message: /task\.json: no such file/,
  })
  t.equal(
    (await loadTaskDefinitionInput('web', {}, reader({ web: JSON.stringify(minimal) }))).kind,
    'definition',
    'a file wins',
  )
})

t.test(`${loadTaskDefinitionFrom.name}: a reference fails with how to export it, or goes to describe`, async (t) => {
  await t.rejects(loadTaskDefinition('web:3', {}, { reader: reader({}) }), {
    code: 'ECSL_ERR_TASKDEF_LOOKUP',
    message: /web:3: .*not available yet; .*aws ecs describe-task-definition --task-definition web:3 > td\.json/,
  })
  const describe = async (name: string) =>
    JSON.stringify({ taskDefinition: { ...minimal, family: name.split(':')[0], revision: 3 } })
  const { definition, loaded } = await loadTaskDefinitionFrom('web:3', {}, { reader: reader({}), describe })
  t.equal(definition.revision, 3)
  t.equal(loaded.format, 'describe-task-definition')
})

t.test('the format is told by content, not by the file name', async (t) => {
  const yamlInJson = parseTaskDefinitionInput(
    'family: web\ncontainerDefinitions: [{name: app, image: "nginx:1.27"}]\n',
    'task.json',
  )
  t.equal(yamlInJson.input.family, 'web')
  const flowYaml = parseTaskDefinitionInput(
    '{family: web, containerDefinitions: [{name: app, image: "nginx:1.27"}]}',
    'x',
  )
  t.equal(flowYaml.input.containerDefinitions?.[0]?.image, 'nginx:1.27', 'YAML flow style that is not JSON')
  t.throws(() => parseTaskDefinitionInput('{"family": "web",', 'x.json'), {
    code: 'ECSL_ERR_TASKDEF_JSON',
    message: /x\.json is not valid JSON/,
  })
  t.throws(() => parseTaskDefinitionInput('family: [web\n', 'x.yaml'), {
    code: 'ECSL_ERR_TASKDEF_YAML',
    message: /x\.yaml is not valid YAML/,
  })
  t.throws(() => parseTaskDefinitionInput('a: 1\n---\nb: 2\n', 'x.yaml'), {
    code: 'ECSL_ERR_TASKDEF_YAML',
    message: /2 documents/,
  })
  t.throws(() => parseTaskDefinitionInput('a: !Nope x\n', 'x.yaml'), {
    code: 'ECSL_ERR_TASKDEF_YAML',
    message: /!Nope/,
  })
  t.throws(() => parseTaskDefinitionInput('  \n', 'x'), sourceError(/it is empty/))
})

t.test('a document of no known shape lists what is accepted and its keys', async (t) => {
  t.throws(
    () => parseTaskDefinitionInput('{"services": {}}', 'compose.json'),
    sourceError(/not a task definition: expected .*\(its keys: services\)/),
  )
  t.throws(() => parseTaskDefinitionInput('"web"', 'x'), sourceError(/it holds "web"/))
})

t.test('describe-task-definition output: response-only members dropped, tags taken in', async (t) => {
  const loaded = parseTaskDefinitionInput(fixtureText('fargate-web.describe.json'), 'd.json')
  const input: Record<string, unknown> = { ...loaded.input }
  for (const key of [
    'taskDefinitionArn',
    'status',
    'requiresAttributes',
    'compatibilities',
    'registeredAt',
    'registeredBy',
  ]) {
    t.notOk(key in input, key)
  }
  t.equal((input.tags as unknown[]).length, 2)
})

t.test('flags that mean nothing for the format are refused', async (t) => {
  const text = JSON.stringify(minimal)
  t.throws(
    () => parseTaskDefinitionInput(text, 'x', { resource: 'A' }),
    sourceError(/--resource picks a resource of a CloudFormation template or Terraform output/),
  )
  t.throws(
    () => parseTaskDefinitionInput(text, 'x', { parameters: { A: '1' } }),
    sourceError(/--parameter resolves CloudFormation intrinsics/),
  )
  t.throws(() => parseTaskDefinitionInput('[]', 'x'), sourceError(/bare containerDefinitions array needs --family/))
})

t.test('empty lists and objects are dropped, as ECS treats them as absent', async (t) => {
  const input = parseTaskDefinitionInput(
    JSON.stringify({
      ...minimal,
      volumes: [],
      containerDefinitions: [{ name: 'a', image: 'b', environment: [], dockerLabels: {} }],
    }),
    'x',
  ).input
  t.strictSame(input, { family: 'web', containerDefinitions: [{ name: 'a', image: 'b' }] })
})
