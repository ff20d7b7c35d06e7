import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import t from 'tap'

// The import rules of .dependency-cruiser.js and .dependency-cruiser-cli.js (npm run deps), run against a small
// made-up src/ tree that breaks each rule once and also holds the imports each rule allows: every rule must
// report exactly its own violations, so a rule that silently stopped matching (a renamed dependency type, a
// changed option) fails here rather than passing the real tree by accident.
const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const DEPCRUISE = join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs')
const run = promisify(execFile)

const FILES: Record<string, string> = {
  'tsconfig.json': JSON.stringify({
    compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true },
    include: ['src/**/*.ts'],
  }),
  'node_modules/fastify/package.json': JSON.stringify({ name: 'fastify', version: '5.0.0', main: 'index.js' }),
  'node_modules/fastify/index.js': 'module.exports = () => ({})\n',
  'node_modules/@aws-sdk/client-ecs/package.json': JSON.stringify({
    name: '@aws-sdk/client-ecs',
    version: '3.0.0',
    main: 'index.js',
  }),
  'node_modules/@aws-sdk/client-ecs/index.js': "exports.NetworkMode = { awsvpc: 'awsvpc' }\n",
  'src/errors.ts': 'export const ERRORS = {}\n',
  'src/log.ts': 'export type Logger = { info(m: string): void }\n',
  'src/lib/clock.ts': 'export const now = () => 0\n',
  'src/model/task.ts': "import type { Logger } from '../log.js'\nexport type TaskRecord = { log?: Logger }\n",
  'src/model/ids.ts': "import type { TaskRecord } from './task.js'\nexport type Id = TaskRecord | string\n",
  // A cycle of type-only imports still counts (agent.ts -> taskStarter.ts is the runtime half).
  'src/agent/agent.ts': [
    "import { startTask } from './taskStarter.js'",
    "import type { DockerThing } from '../docker/engine.js'",
    'export type AgentDeps = { engine?: DockerThing }',
    'export class Agent { start = startTask }',
  ].join('\n'),
  'src/agent/taskStarter.ts':
    "import type { AgentDeps } from './agent.js'\nexport const startTask = (d?: AgentDeps) => d\n",
  'src/agent/engine.ts': 'export interface ContainerEngine { start(): void }\n',
  'src/agent/env.ts': "export const MODES = ['relative'] as const\nexport type Mode = (typeof MODES)[number]\n",
  'src/agent/registry.ts': 'export class TaskRegistry {}\n',
  'src/docker/engine.ts': [
    "import type { ContainerEngine } from '../agent/engine.js'",
    'export type DockerThing = ContainerEngine',
  ].join('\n'),
  'src/aws/vault.ts': [
    "import { ERRORS } from '../errors.js'",
    "import type { Logger } from '../log.js'",
    "import type { TaskRecord } from '../model/task.js'",
    "import { now } from '../lib/clock.js'",
    "import type { Agent } from '../agent/agent.js'",
    'export const v = [ERRORS, now] as const',
    'export type V = Logger | TaskRecord | Agent',
  ].join('\n'),
  'src/localaws/index.ts': "import type { App } from '../endpoints/app.js'\nexport type L = App\n",
  'src/endpoints/app.ts': [
    "import { TaskRegistry } from '../agent/registry.js'",
    "import type { Agent } from '../agent/agent.js'",
    'export type App = { r: TaskRegistry; a?: Agent }',
  ].join('\n'),
  'src/config.ts': "import type { Mode } from './agent/env.js'\nexport type Config = { mode: Mode }\n",
  'src/control/server.ts': "import type { Agent } from '../agent/agent.js'\nexport type S = Agent\n",
  'src/control/protocol.ts': "import { MODES } from '../agent/env.js'\nexport const modes = MODES\n",
  'src/control/client.ts': "import type { S } from './server.js'\nexport type C = S\n",
  'src/engine.ts':
    "import type { DockerThing } from './docker/engine.js'\nimport './docker/engine.js'\nexport type E = DockerThing\n",
  'src/taskdef/validate.ts': "import { NetworkMode } from '@aws-sdk/client-ecs'\nexport const modes = NetworkMode\n",
  'src/daemon.ts': [
    "import { Agent } from './agent/agent.js'",
    "import './docker/engine.js'",
    "import Fastify from 'fastify'",
    'export const startDaemon = () => [new Agent(), Fastify]',
  ].join('\n'),
  'src/cli/main.ts': [
    "import type { C } from '../control/client.js'",
    "import type { Config } from '../config.js'",
    "import type Fastify from 'fastify'",
    "import '../engine.js'",
    "import { modes } from '../taskdef/validate.js'",
    "export const main = async () => [await import('./daemonCommand.js'), modes]",
    'export type M = C | Config | typeof Fastify',
  ].join('\n'),
  'src/cli/daemonCommand.ts': [
    "import type { startDaemon } from '../daemon.js'",
    "export const daemon = async () => (await import('../daemon.js')).startDaemon",
    'export type D = typeof startDaemon',
  ].join('\n'),
  // The doctor's composition root may load the daemon's side (the CLI pass does not follow it); it is imported only
  // by cli/doctor.ts, only dynamically (the type-only import counts against that, as for daemon.ts).
  'src/doctor/run.ts': "import '../docker/engine.js'\nexport const runDoctor = () => 0\n",
  'src/doctor/report.ts': "import { runDoctor } from './run.js'\nexport const report = runDoctor\n",
  'src/cli/doctor.ts': [
    "import type { runDoctor } from '../doctor/run.js'",
    "import { report } from '../doctor/report.js'",
    "export const doctor = async () => [(await import('../doctor/run.js')).runDoctor, report]",
    'export type R = typeof runDoctor',
  ].join('\n'),
  'src/cli/run.ts': [
    "import type { TaskRegistry } from '../agent/registry.js'",
    "import { startDaemon } from '../daemon.js'",
    'export type R = TaskRegistry',
    'export const r = startDaemon',
  ].join('\n'),
}

const dir = mkdtempSync(join(tmpdir(), 'dep-rules-'))
t.teardown(() => rmSync(dir, { recursive: true, force: true }))
for (const [path, text] of Object.entries(FILES)) {
  mkdirSync(dirname(join(dir, path)), { recursive: true })
  writeFileSync(join(dir, path), text)
}

interface Violation {
  rule: { name: string }
  from: string
  to: string
  cycle?: { name: string }[]
}

async function violations(config: string, start: string): Promise<string[]> {
  const args = [DEPCRUISE, start, '--config', join(ROOT, config), '--output-type', 'json']
  // Exit status = number of errors: the JSON on stdout is what counts.
  const out = await run(process.execPath, args, { cwd: dir, maxBuffer: 16 << 20 }).catch((e: { stdout?: string }) => e)
  const result = JSON.parse(out.stdout ?? '') as { summary: { violations: Violation[] } }
  return result.summary.violations
    .map(
      (v) => `${v.rule.name}: ${v.cycle ? [v.from, ...v.cycle.map((c) => c.name)].join(' > ') : `${v.from} > ${v.to}`}`,
    )
    .sort()
}

t.test('.dependency-cruiser.js: each direction rule and the cycle rule report exactly their imports', async (t) => {
  t.same(await violations('.dependency-cruiser.js', 'src'), [
    'agent-not-to-docker: src/agent/agent.ts > src/docker/engine.ts',
    'aws-imports-only-downward: src/aws/vault.ts > src/agent/agent.ts',
    'cli-not-to-daemon-side: src/cli/run.ts > src/agent/registry.ts',
    'config-not-to-agent: src/config.ts > src/agent/env.ts',
    'control-agent-types-only: src/control/protocol.ts > src/agent/env.ts',
    'daemon-imported-dynamically: src/cli/daemonCommand.ts > src/daemon.ts',
    'daemon-started-only-by-daemon-command: src/cli/run.ts > src/daemon.ts',
    'doctor-imported-dynamically: src/cli/doctor.ts > src/doctor/run.ts',
    'doctor-started-only-by-doctor-command: src/doctor/report.ts > src/doctor/run.ts',
    'endpoints-read-only-the-registry: src/endpoints/app.ts > src/agent/agent.ts',
    'localaws-not-upward: src/localaws/index.ts > src/endpoints/app.ts',
    'model-imports-only-model: src/model/task.ts > src/log.ts',
    // A cycle is reported once, from one of its modules.
    'no-circular: src/agent/agent.ts > src/agent/taskStarter.ts > src/agent/agent.ts',
  ])
})

t.test(
  '.dependency-cruiser-cli.js: what the CLI loads at run time, not following the dynamic daemon and doctor imports',
  async (t) => {
    // cli/run.ts's static import of daemon.ts (reported above) is followed no further here either, nor is
    // doctor/run.ts's import of docker/.
    t.same(await violations('.dependency-cruiser-cli.js', 'src/cli'), [
      'cli-loads-no-daemon-side: src/engine.ts > src/docker/engine.ts',
      'cli-loads-no-server-or-aws-client: src/taskdef/validate.ts > node_modules/@aws-sdk/client-ecs/index.js',
    ])
  },
)
