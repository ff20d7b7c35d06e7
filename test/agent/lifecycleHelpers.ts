import { mkdtempSync, readdirSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ContainerDefinition, TaskDefinition } from '@aws-sdk/client-ecs'
import { pino } from 'pino'
import { Agent } from '../../src/agent/agent.js'
import type { AgentDeps, CredentialsSource, RunnerDeps } from '../../src/agent/deps.js'
import { TaskRegistry } from '../../src/agent/registry.js'
import { TaskRunner, type RunnerOptions } from '../../src/agent/runner.js'
import { Task } from '../../src/agent/task.js'
import { newTaskRecord } from '../../src/agent/taskRecord.js'
import { EcrAuth } from '../../src/aws/ecrAuth.js'
import { buildControlApp } from '../../src/control/server.js'
import type { RoleCredentials } from '../../src/model/credentials.js'
import { FakeEngine, type Behaviour } from '../helpers/fakeEngine.js'

/**
 * What a daemon that died sees of something it used (the engine, a CloudWatch client): after cut(), nothing it
 * asked for settles any more (its waits, its removals, its PutLogEvents), and the callbacks it handed over (its
 * attach streams, its event listeners) are no longer called, so the dead daemon can neither notice anything
 * nor undo anything. The thing itself runs on.
 */
export function cuttable<T extends object>(target: T): { value: T; cut(): void } {
  let cut = false
  const never = new Promise<never>(() => {})
  const proxy = new Proxy(target, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown
      if (typeof value !== 'function') return value
      return (...args: unknown[]) => {
        if (cut) return never
        const alive = args.map((a) =>
          typeof a === 'function'
            ? (...x: unknown[]) => (cut ? undefined : (a as (...y: unknown[]) => unknown)(...x))
            : a,
        )
        const result = (value as (...a: unknown[]) => unknown).apply(target, alive)
        return result instanceof Promise ? result.then((v) => (cut ? never : v)) : result
      }
    },
  })
  return { value: proxy, cut: () => (cut = true) }
}

/** Role sessions per task, as the vault keeps them; `held` shows what a task has not released. */
export class FakeVault implements CredentialsSource {
  readonly held = new Set<string>()

  async get(key: { taskId: string; roleArn: string }): Promise<RoleCredentials> {
    this.held.add(`${key.taskId} ${key.roleArn}`)
    return {
      roleArn: key.roleArn,
      accessKeyId: 'ASIAFAKE',
      secretAccessKey: 'secret',
      sessionToken: 'token',
      expiration: new Date(Date.now() + 3600_000),
    }
  }

  release(taskId: string): void {
    for (const k of [...this.held]) if (k.startsWith(`${taskId} `)) this.held.delete(k)
  }
}

export const taskDef = (containers: ContainerDefinition[], extra: Partial<TaskDefinition> = {}): TaskDefinition => ({
  family: 'life',
  taskRoleArn: 'arn:aws:iam::111122223333:role/life-task',
  networkMode: 'awsvpc',
  containerDefinitions: containers,
  ...extra,
})

export interface Harness {
  engine: FakeEngine
  registry: TaskRegistry
  vault: FakeVault
  addresses: Set<string>
  stateDir: string
  runner: TaskRunner
  task: Task
  /** Task statuses as the ECS API shows them, in the order they were announced. */
  statuses: string[]
  /** The task's known status after each container change, without repeats. */
  known: string[]
  /** Each container's known statuses in order, without repeats. */
  containerStatuses: Map<string, string[]>
  /** Token files left in the state directory. */
  tokenFiles(): string[]
}

/** The agent's deps on the in-memory engine, with a real registry and a fake vault. */
export function fakeAgentDeps(engine: FakeEngine): {
  deps: AgentDeps
  registry: TaskRegistry
  vault: FakeVault
  stateDir: string
} {
  const registry = new TaskRegistry()
  const vault = new FakeVault()
  const stateDir = mkdtempSync(join(tmpdir(), 'ecs-local-life-'))
  const deps: AgentDeps = {
    engine,
    registry,
    vault,
    logger: pino({ level: 'silent' }),
    pauseImage: async () => {
      engine.addImage('ecs-local-pause')
      return 'ecs-local-pause'
    },
    settings: {
      region: 'eu-west-1',
      defaultAccount: '000000000000',
      defaultCluster: 'default',
      endpointHost: '169.254.170.2',
      endpointPort: 80,
      networkName: 'ecs-local',
      subnet: '169.254.170.0/24',
      stateDir,
      containerDefaults: {},
      pullPolicy: 'default',
    },
    execution: {
      clients: () => {
        throw new Error('these tasks have no execution role')
      },
      ecrAuth: new EcrAuth({}),
      ecrRegistries: [],
    },
  }
  return { deps, registry, vault, stateDir }
}

/** A task runner on the in-memory engine, with a real registry and a fake vault. */
export function harness(
  def: TaskDefinition,
  behaviour: (name: string) => Behaviour = () => ({}),
  opts: RunnerOptions & { msPerSecond?: number; deps?: Partial<AgentDeps> } = {},
): Harness {
  const engine = new FakeEngine(behaviour, opts.msPerSecond ?? 1)
  for (const c of def.containerDefinitions ?? []) engine.addImage(c.image as string)
  const { deps: agentDeps, registry, vault, stateDir } = fakeAgentDeps(engine)
  const addresses = new Set<string>()
  let next = 10
  const deps: RunnerDeps = {
    ...agentDeps,
    ...opts.deps,
    // The token-file mode: the one whose start creates the most (a file on disk besides the engine's objects).
    credentialsMode: 'full-uri-token-file',
    reserveAddress: async () => {
      const a = `169.254.170.${next++}`
      addresses.add(a)
      return a
    },
    releaseAddress: (a) => void addresses.delete(a),
  }
  const record = newTaskRecord(def, { region: 'eu-west-1', defaultAccount: '000000000000', cluster: 'default' })
  const task = new Task(record)
  const statuses: string[] = []
  const known: string[] = [record.knownStatus]
  const containerStatuses = new Map<string, string[]>()
  task.on('status', (s) => statuses.push(s))
  task.on('container', (c) => {
    const list = containerStatuses.get(c.name) ?? []
    if (list.at(-1) !== c.knownStatus) list.push(c.knownStatus)
    containerStatuses.set(c.name, list)
    if (known.at(-1) !== task.record.knownStatus) known.push(task.record.knownStatus)
  })
  task.on('stopped', () => {
    if (known.at(-1) !== task.record.knownStatus) known.push(task.record.knownStatus)
  })
  const runner = new TaskRunner(task, deps, opts)
  const tokens = join(stateDir, 'tokens')
  return {
    engine,
    registry,
    vault,
    addresses,
    stateDir,
    runner,
    task,
    statuses,
    known,
    containerStatuses,
    tokenFiles: () => (existsSync(tokens) ? readdirSync(tokens) : []),
  }
}

/** Everything a task can leave behind; all empty once it is gone. */
export function leftovers(h: Harness): Record<string, string[]> {
  const held = h.engine.held()
  return {
    containers: held.containers,
    volumes: held.volumes,
    statsStreams: held.statsStreams,
    registry: h.registry.list().map((t) => t.arn),
    roleSessions: [...h.vault.held],
    addresses: [...h.addresses],
    tokenFiles: h.tokenFiles(),
    undo: h.runner.created().map((e) => `${e.step}: ${e.what}`),
  }
}

export const NOTHING = {
  containers: [],
  volumes: [],
  statsStreams: [],
  registry: [],
  roleSessions: [],
  addresses: [],
  tokenFiles: [],
  undo: [],
}

/** The Agent and the daemon's control API over an in-memory engine that has the given images. */
export function controlHarness(images: string[], behaviour: (name: string) => Behaviour = () => ({})) {
  const engine = new FakeEngine(behaviour)
  for (const image of images) engine.addImage(image)
  const { deps, registry, vault } = fakeAgentDeps(engine)
  const agent = new Agent(deps)
  const app = buildControlApp({
    agent,
    info: { version: 'test', pid: process.pid, aws: 'local', region: 'eu-west-1', endpoint: { host: 'h', port: 80 } },
    logger: pino({ level: 'silent' }),
    touch: () => {},
    shutdown: () => {},
  })
  return { engine, agent, app, registry, vault }
}
