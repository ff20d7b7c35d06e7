import { randomBytes } from 'node:crypto'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { ContainerDefinition, KeyValuePair } from '@aws-sdk/client-ecs'
import { roleSessionName } from '../aws/sessionName.js'
import type { ExecutionClients } from '../aws/executionClients.js'
import { resolveSecrets } from '../aws/secrets.js'
import type { Logger } from '../log.js'
import type { AwsLogsForwarder } from '../logs/forwarder.js'
import type { LogDriverDecision } from '../logs/logDriver.js'
import type { OutputPosition } from '../model/outputPosition.js'
import { containerSpec, portBindings } from './containerSpec.js'
import type { RunnerDeps } from './deps.js'
import { buildContainerEnv } from './env.js'
import { containerEnvironment, registryAuth } from './executionRole.js'
import { ensureImages } from './images.js'
import { START } from './logPositions.js'
import { logDecisions, savePositions, startForwarder } from './logRouting.js'
import { holderIpcMode, namespaceModes, needsNamespaceHolder } from './namespaces.js'
import type { Task } from './task.js'
import { mountBinds, prepareVolumes, type TaskVolumes } from './volumes.js'

/** Where the token file appears inside containers (full-uri-token-file mode). */
export const TOKEN_FILE_IN_CONTAINER = '/run/ecs-local/credentials-token'

/** What the steps work out for the ones after them; nothing here outlives the start. */
export interface StartState {
  clients?: ExecutionClients
  logs: Map<string, LogDriverDecision>
  /** Per container: `environment` with secrets and environment files merged in (values are secrets in part). */
  environments: Map<string, KeyValuePair[]>
  /** Per container: logConfiguration.secretOptions resolved, for a driver Docker runs itself. */
  logSecrets: Map<string, Record<string, string>>
  /** Per image: the image's own environment. */
  imageEnv: Map<string, string[]>
  token?: string
  tokenBind?: string
  /** The network containers join: the ecs-local network, or `container:<pause id>` in awsvpc. */
  networkMode?: string
  /** The container whose PID/IPC namespaces pidMode/ipcMode `task` share. */
  namespaceHolder?: string
  volumes?: TaskVolumes
  forwarders: Map<string, AwsLogsForwarder>
}

/** What a step can use: the task (state), the deps, and how to record what it creates. */
export interface StepContext {
  task: Task
  deps: RunnerDeps
  log: Logger
  state: StartState
  signal: AbortSignal
  /** Record something just created, with how to take it back. */
  created(what: string, undo: () => unknown): void
  /** Follow a created container's output (before it starts). */
  attach(name: string): Promise<void>
  /**
   * Follow a running container's output as the engine logged it, from `from` on (a task taken over). Fails when
   * the engine cannot read the container's log back.
   */
  resume(name: string, from: OutputPosition): Promise<void>
  /** Follow a started container: exit, health, stats. */
  watch(name: string): Promise<void>
  /** Start the task's containers in dependency order, each once its conditions hold. */
  startInOrder(): Promise<void>
}

export interface Step {
  name: string
  run(ctx: StepContext): Promise<void>
}

const defsOf = (task: Task): ContainerDefinition[] =>
  task.record.containers.map((c) => c.definition as ContainerDefinition)

/** The execution role first, then the task role (whose credentials the registry serves). */
export const ASSUME_ROLES: Step = {
  name: 'assume roles',
  async run({ task, deps, created }) {
    const { record } = task
    const session = roleSessionName(record.id)
    // Recorded first: a role assumed before a later one fails is released too.
    created('role sessions', () => deps.vault.release(record.id))
    // The execution role first, as the agent assumes it before pulls, secrets and logs need it.
    if (record.executionRoleArn) await deps.vault.get({ taskId: record.id, roleArn: record.executionRoleArn }, session)
    if (record.taskRoleArn && record.credentialsId) {
      const creds = await deps.vault.get({ taskId: record.id, roleArn: record.taskRoleArn }, session)
      deps.registry.setCredentials(record.credentialsId, creds)
    }
  },
}

/**
 * enableFaultInjection: the faults started through the endpoint are stopped when the task goes, before its pause
 * container (and with it the namespace) does, so the undo comes right after the pause container's.
 */
export const FAULT_INJECTION: Step = {
  name: 'fault injection',
  async run({ task, deps, created }) {
    const faults = deps.faults
    if (!faults || !task.record.definition.enableFaultInjection) return
    created('injected faults', () => faults.release(task.record))
  },
}

/** The task's start, in the agent's order. Each step records what it creates as it creates it. */
export const START_STEPS: readonly Step[] = [
  {
    name: 'register',
    async run({ task, deps, created }) {
      deps.registry.add(task.record)
      created('registry entry', () => deps.registry.remove(task.arn))
      // Saved once RUNNING (runner.ts); whatever was saved goes with the task.
      created('saved record', () => deps.store?.remove(task.id))
    },
  },
  ASSUME_ROLES,
  {
    // The agent's task resources (secrets, environment files, private registry auth) come before any pull.
    name: 'resolve execution-role inputs',
    async run({ task, deps, state }) {
      const { record } = task
      const region = deps.settings.region
      state.logs = logDecisions(record, region)
      if (record.executionRoleArn) {
        const roleArn = record.executionRoleArn
        const session = roleSessionName(record.id)
        state.clients = deps.execution.clients(() => deps.vault.get({ taskId: record.id, roleArn }, session))
      }
      const clients = state.clients
      for (const c of record.containers) {
        const def = c.definition as ContainerDefinition
        state.environments.set(
          c.name,
          clients ? await containerEnvironment(def, clients, region) : (def.environment ?? []),
        )
        const decision = state.logs.get(c.name)
        if (decision?.kind === 'docker' && clients && decision.secretOptions.length) {
          const values = await resolveSecrets(decision.secretOptions, clients, region)
          state.logSecrets.set(c.name, Object.fromEntries(values.map((s) => [s.name, s.value])))
        }
      }
    },
  },
  {
    name: 'pull images',
    async run({ task, deps, state, log }) {
      const { record } = task
      const clients = state.clients
      task.pullStarted()
      const images = await ensureImages(defsOf(task), {
        engine: deps.engine,
        policy: deps.settings.pullPolicy,
        logger: log,
        auth: (def) =>
          clients
            ? registryAuth(def, {
                ...deps.execution,
                clients,
                region: deps.settings.region,
                roleArn: record.executionRoleArn as string,
              })
            : Promise.resolve(undefined),
        onProgress: (p) => task.emit('pull', p),
        local: deps.localImage,
        onReady: (image) => {
          for (const c of record.containers) if (c.image === image) task.imagePulled(c.name)
        },
      })
      task.pullStopped()
      state.imageEnv = images
    },
  },
  {
    name: 'authorization token',
    async run({ task, deps, state, created }) {
      const mode = deps.credentialsMode
      if (mode === 'relative') return
      const token = randomBytes(32).toString('base64url')
      task.setAuthorizationToken(token)
      state.token = token
      if (mode !== 'full-uri-token-file') return
      const dir = join(deps.settings.stateDir, 'tokens')
      await mkdir(dir, { recursive: true, mode: 0o700 })
      const path = join(dir, task.id)
      // No trailing newline: botocore rejects a token containing CR or LF.
      await writeFile(path, token, { mode: 0o644 })
      created(`token file ${path}`, () => rm(path, { force: true }))
      state.tokenBind = `${path}:${TOKEN_FILE_IN_CONTAINER}:ro`
    },
  },
  {
    // awsvpc: one pause container owns the task's network namespace and address; the others join it.
    name: 'create network namespace',
    async run(ctx) {
      const { task, deps, state } = ctx
      const pause = task.record.pause
      if (task.record.networkMode !== 'awsvpc' || !pause) {
        state.networkMode = deps.settings.networkName
        return
      }
      task.setImage(pause.name, await deps.pauseImage())
      task.imagePulled(pause.name)
      const address = await reserveAddress(ctx)
      task.setNetworks(pause.name, [{ networkMode: 'awsvpc', ipv4Addresses: [address] }])
      const ports = portBindings(defsOf(task), true)
      const id = await deps.engine.create({
        name: pause.dockerName,
        image: task.container(pause.name).image,
        env: [],
        labels: pause.labels,
        networkMode: deps.settings.networkName,
        ipcMode: holderIpcMode(task.record.definition),
        ipv4Address: address,
        portBindings: Object.keys(ports).length ? ports : undefined,
        exposedPorts: Object.keys(ports),
        stopTimeoutSeconds: 1,
      })
      ctx.created(`container ${pause.dockerName}`, () => deps.engine.remove(id))
      task.containerCreated(pause.name, id)
      await deps.engine.start(id)
      const state0 = await deps.engine.inspect(id)
      task.containerStarted(pause.name, state0, false)
      await ctx.watch(pause.name)
      // Its address is bound and its ports published: what the agent's CNI step provides.
      task.resourcesProvisioned(pause.name)
      state.networkMode = `container:${id}`
      if (needsNamespaceHolder(task.record.definition)) state.namespaceHolder = id
    },
  },
  {
    // pidMode/ipcMode task in bridge mode: a container that only holds the namespaces the task's containers share,
    // with no network (the agent's ~internal~ecs~pause~namespace). In awsvpc the pause container holds them.
    name: 'create namespace container',
    async run(ctx) {
      const { task, deps, state } = ctx
      const pause = task.record.pause
      if (pause?.type !== 'NAMESPACE_PAUSE') return
      task.setImage(pause.name, await deps.pauseImage())
      task.imagePulled(pause.name)
      const id = await deps.engine.create({
        name: pause.dockerName,
        image: task.container(pause.name).image,
        env: [],
        labels: pause.labels,
        networkMode: 'none',
        ipcMode: holderIpcMode(task.record.definition),
        stopTimeoutSeconds: 1,
      })
      ctx.created(`container ${pause.dockerName}`, () => deps.engine.remove(id))
      task.containerCreated(pause.name, id)
      await deps.engine.start(id)
      task.containerStarted(pause.name, await deps.engine.inspect(id), false)
      await ctx.watch(pause.name)
      state.namespaceHolder = id
    },
  },
  FAULT_INJECTION,
  {
    name: 'create volumes',
    async run({ task, deps, state, created }) {
      state.volumes = await prepareVolumes(deps.engine, task.record.definition, task.record, (name) =>
        created(`volume ${name}`, () => deps.engine.removeVolume(name)),
      )
    },
  },
  {
    // In start order too: Docker wants a container's volumesFrom sources and links to exist first.
    name: 'create containers',
    async run(ctx) {
      const { task, deps, state, log } = ctx
      const { record } = task
      const awsvpc = record.networkMode === 'awsvpc'
      for (const name of ctx.task.startOrder) {
        ctx.signal.throwIfAborted()
        const c = task.container(name)
        const def = { ...(c.definition as ContainerDefinition), environment: state.environments.get(name) }
        // A container with networking off (disableNetworking) joins no network: no address to hold for it.
        const ipv4Address = awsvpc || def.disableNetworking ? undefined : await reserveAddress(ctx)
        const env = buildContainerEnv(def, {
          endpointHost: deps.settings.endpointHost,
          endpointPort: deps.settings.endpointPort,
          endpointId: c.endpointId,
          credentialsId: record.credentialsId,
          credentialsMode: deps.credentialsMode,
          tokenFilePath: state.tokenBind ? TOKEN_FILE_IN_CONTAINER : undefined,
          authorizationToken: state.token,
          launchType: record.launchType,
          region: deps.settings.region,
          imageEnv: state.imageEnv.get(c.image) ?? [],
          defaults: deps.settings.containerDefaults,
        })
        const pauseAddresses = record.pause?.networks[0]?.ipv4Addresses ?? []
        task.setNetworks(name, [
          { networkMode: record.networkMode, ipv4Addresses: ipv4Address ? [ipv4Address] : pauseAddresses },
        ])
        const binds = [...(state.tokenBind ? [state.tokenBind] : []), ...mountBinds(def, state.volumes as TaskVolumes)]
        const spec = containerSpec(
          task.container(name),
          def,
          env,
          { mode: state.networkMode as string, ipv4Address, awsvpc },
          binds,
          {
            memory: record.limits.memory,
            cpu: record.limits.cpu,
            launchType: record.launchType,
            ...namespaceModes(record.definition, state.namespaceHolder),
          },
        )
        spec.volumesFrom = def.volumesFrom?.map(
          (v) => `${task.container(v.sourceContainer as string).dockerName}${v.readOnly ? ':ro' : ''}`,
        )
        const decision = state.logs.get(name)
        if (decision?.kind === 'docker') {
          spec.logConfig = { type: decision.driver, config: { ...decision.options, ...state.logSecrets.get(name) } }
        }
        const id = await deps.engine.create(spec)
        ctx.created(`container ${c.dockerName}`, () => deps.engine.remove(id))
        task.containerCreated(name, id)
        await ctx.attach(name)
        if (decision?.kind === 'awslogs' && state.clients) {
          // Its output is followed from the start: saved now, a later daemon knows where the gap begins.
          const positions = deps.store?.positions
          const onProgress = positions && savePositions(positions, task.id, name, log)
          onProgress?.(START)
          const forwarder = await startForwarder(task.container(name), decision, state.clients, log, { onProgress })
          state.forwarders.set(name, forwarder)
          // Undone before the execution role is released (recorded after it): the last lines go out with it.
          ctx.created(`log forwarder for ${name}`, () => forwarder.close())
        }
      }
    },
  },
  {
    name: 'start containers',
    run: (ctx) => ctx.startInOrder(),
  },
]

/** An address on the ecs-local network, bound to the task before any container can use it. */
async function reserveAddress(ctx: StepContext): Promise<string> {
  const address = await ctx.deps.reserveAddress()
  ctx.created(`address ${address}`, () => ctx.deps.releaseAddress(address))
  // Bound before the container starts, so its first credentials request is already recognised.
  ctx.deps.registry.bindAddress(ctx.task.arn, address)
  return address
}
