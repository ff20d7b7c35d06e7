import type { TaskDefinition } from '@aws-sdk/client-ecs'
import t from 'tap'
import { UsageError } from '../../src/cli/args.js'
import { parseEnv, parseTags, readOverrides, runInputs } from '../../src/cli/runArgs.js'
import { parseTaskdefArgs } from '../../src/cli/taskdefArgs.js'

const def: TaskDefinition = {
  family: 'web',
  containerDefinitions: [
    { name: 'app', image: 'app:1' },
    { name: 'side', image: 'side:1' },
  ],
}

t.test(
  'run takes the RunTask flags, repeatable where the AWS CLI repeats; validate refuses them by name',
  async (t) => {
    const { flags } = parseTaskdefArgs(
      [
        'td.json',
        '--env',
        'A=1',
        '--env',
        'B=',
        '--started-by',
        'me',
        '--group',
        'g',
        '--tags',
        'a=1,b=2',
        '--tags',
        'c',
      ],
      { run: true },
    )
    t.strictSame(flags.env, ['A=1', 'B='])
    t.equal(flags['started-by'], 'me')
    t.equal(flags.group, 'g')
    t.strictSame(flags.tags, ['a=1,b=2', 'c'])
    t.throws(() => parseTaskdefArgs(['td.json', '--overrides', '{}']), {
      constructor: UsageError,
      message: '--overrides is an option of run only',
    })
  },
)

t.test('--overrides: inline JSON, file://PATH or a path; errors name the flag', async (t) => {
  const files: Record<string, string> = { 'o.json': '{"cpu": "512"}', 'bad.json': '{' }
  const read = (p: string): string => {
    const text = files[p]
    if (text === undefined) throw new Error(`ENOENT: no such file, open '${p}'`)
    return text
  }
  t.strictSame(readOverrides(' {"memory": "1024"}', read), { memory: '1024' })
  t.strictSame(readOverrides('file://o.json', read), { cpu: '512' })
  t.strictSame(readOverrides('o.json', read), { cpu: '512' })
  t.throws(() => readOverrides('file://missing.json', read), {
    code: 'ECSL_ERR_OVERRIDES_INVALID',
    message: /--overrides missing\.json: ENOENT/,
  })
  t.throws(() => readOverrides('bad.json', read), { message: /--overrides is not valid JSON/ })
  t.throws(() => readOverrides('{"containerOverrides": [{"command": []}]}', read), {
    message: /overrides\.containerOverrides\[0\]\.name is required/,
  })
})

t.test('--env NAME=VALUE and --tags KEY=VALUE,... parse as documented', async (t) => {
  t.strictSame(parseEnv(['A=1', 'B=x=y', 'C=']), [
    { name: 'A', value: '1' },
    { name: 'B', value: 'x=y' },
    { name: 'C', value: '' },
  ])
  t.throws(() => parseEnv(['=1']), { constructor: UsageError, message: /--env =1: expected NAME=VALUE/ })
  t.throws(() => parseEnv(['A=1', 'A=2']), { message: '--env A is given twice' })
  t.strictSame(parseTags(['team=core,env=dev', 'solo']), [
    { key: 'team', value: 'core' },
    { key: 'env', value: 'dev' },
    { key: 'solo', value: '' },
  ])
  t.strictSame(parseTags(['[{"key":"k","value":"a,b"}]']), [{ key: 'k', value: 'a,b' }])
  t.equal(parseTags([]), undefined)
  t.throws(() => parseTags(['=v']), { message: /--tags =v: expected KEY=VALUE/ })
})

t.test('runInputs folds --env into the overrides and checks everything against the definition', async (t) => {
  const inputs = runInputs(
    { overrides: '{"containerOverrides":[{"name":"app","command":["x"]}]}', env: ['A=1'], tags: ['k=v'] },
    def,
  )
  t.strictSame(inputs, {
    overrides: {
      containerOverrides: [
        { name: 'app', command: ['x'], environment: [{ name: 'A', value: '1' }] },
        { name: 'side', environment: [{ name: 'A', value: '1' }] },
      ],
    },
    startedBy: undefined,
    group: undefined,
    tags: [{ key: 'k', value: 'v' }],
  })
  t.throws(() => runInputs({ overrides: '{"containerOverrides":[{"name":"web"}]}' }, def), {
    code: 'ECSL_ERR_OVERRIDES_INVALID',
    message: /containerOverrides\[0\]\.name: no container web in the task definition \(app, side\)/,
  })
  t.throws(() => runInputs({ 'started-by': 'a b' }, def), { message: /startedBy must be/ })
})
