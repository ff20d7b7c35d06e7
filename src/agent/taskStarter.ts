import { randomBytes } from 'node:crypto'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { ContainerDefinition } from '@aws-sdk/client-ecs'
import { roleSessionName } from '../aws/sessionName.js'
import { ERRORS } from '../errors.js'
import type { AgentDeps } from './agent.js'
import { containerSpec, portBindings } from './containerSpec.js'
import { buildContainerEnv, type CredentialsEndpointMode } from './env.js'
import { containerEnvironment, registryAuth, type ExecutionClients } from './executionRole.js'
import type { AwsLogsForwarder } from '../logs/forwarder.js'
import { checkDependency, dependenciesOf, startOrder } from './dependencies.js'
import { ensureImages } from './images.js'
import { mountBinds, prepareVolumes, removeVolumes } from './volumes.js'
import { logDecisions, startForwarder } from './logRouting.js'
import type { ContainerRecord } from '../model/task.js'
import { resolveSecrets } from '../aws/secrets.js'
import type { Task } from './task.js'

export interface StartContext extends AgentDeps {
  credentialsMode: CredentialsEndpointMode
  reserveAddress(): Promise<string>
}

/** Where the token file appears inside containers (full-uri-token-file mode). */
export const TOKEN_FILE_IN_CONTAINER = '/run/ecs-local/credentials-token'

class Aborted extends Error {}

/** The stopped reason as ECS words it: its own error kinds lead (ResourceInitializationError: ...). */
function reason(e: unknown): string {
  const err = e as Error
  return err.name === 'ResourceInitializationError' ? `${err.name}: ${err.message}` : err.message
}

/**
 * PENDING -> RUNNING: roles, images, pause container, containers in dependency order. Any failure, or a stop
 * asked for meanwhile, removes everything created so far.
 */
export async function startTask(task: Task, ctx: StartContext): Promise<void> {
  const { record } = task
  const log = ctx.logger.child({ taskArn: record.arn })
  ctx.registry.add(record)
  const check = (): void => {
    if (task.stopRequested) throw new Aborted(record.stoppedReason)
  }
  try {
    log.info({ family: record.family, revision: record.revision }, 'task PENDING')
    const logs = logDecisions(record, ctx.settings.region)
    await assumeRoles(task, ctx)
    check()
    const clients = executionClients(task, ctx)
    const defs = record.containers.map((c) => c.definition as ContainerDefinition)
    const images = await ensureImages(defs, {
      docker: ctx.docker,
      policy: ctx.settings.pullPolicy,
      logger: log,
      auth: (def) =>
        clients
          ? registryAuth(def, {
              ...ctx.execution,
              clients,
              region: ctx.settings.region,
              roleArn: record.executionRoleArn as string,
            })
          : Promise.resolve(undefined),
      onProgress: (p) => task.emit('pull', p),
    })
    check()
    const token = ctx.credentialsMode === 'relative' ? undefined : randomBytes(32).toString('base64url')
    record.authorizationToken = token
    const binds = token && ctx.credentialsMode === 'full-uri-token-file' ? [await writeToken(task, ctx, token)] : []
    const awsvpc = record.networkMode === 'awsvpc'
    let mode = ctx.settings.networkName
    if (awsvpc && record.pause) mode = `container:${await startPause(task, ctx, record.pause)}`
    check()
    const forwarders = new Map<string, AwsLogsForwarder>()
    task.outputGate = (o) => forwarders.get(o.container)?.pushAll(o.lines, o.time)
    // A container's logs go out as soon as its output ends, not after the task's teardown.
    task.on('outputEnd', (name) => void forwarders.get(name)?.close())
    // LIFO cleanups: the forwarders flush before the role vault forgets the execution role.
    task.cleanups.push(() => Promise.all([...forwarders.values()].map((f) => f.close())))
    const volumes = await prepareVolumes(ctx.docker, record.definition, record)
    task.cleanups.push(() => removeVolumes(ctx.docker, volumes.owned))
    check()
    const byName = new Map(record.containers.map((c) => [c.name, c]))
    // Created in start order too: Docker wants a container's volumesFrom sources and links to exist first.
    for (const c of startOrder(defs).map((n) => byName.get(n) as ContainerRecord)) {
      const given = c.definition as ContainerDefinition
      const environment = clients ? await containerEnvironment(given, clients, ctx.settings.region) : given.environment
      const def = { ...given, environment }
      const ipv4Address = awsvpc ? undefined : await bindAddress(task, ctx)
      const env = buildContainerEnv(def, {
        endpointHost: ctx.settings.endpointHost,
        endpointPort: ctx.settings.endpointPort,
        endpointId: c.endpointId,
        credentialsId: record.credentialsId,
        credentialsMode: ctx.credentialsMode,
        tokenFilePath: binds.length ? TOKEN_FILE_IN_CONTAINER : undefined,
        authorizationToken: token,
        launchType: record.launchType,
        region: ctx.settings.region,
        imageEnv: images.get(c.image) ?? [],
        defaults: ctx.settings.containerDefaults,
      })
      c.networks = [{ networkMode: record.networkMode, ipv4Addresses: ipv4Address ? [ipv4Address] : task.addresses }]
      const spec = containerSpec(c, def, env, { mode, ipv4Address, awsvpc }, [...binds, ...mountBinds(def, volumes)])
      spec.volumesFrom = def.volumesFrom?.map(
        (v) => `${byName.get(v.sourceContainer as string)?.dockerName}${v.readOnly ? ':ro' : ''}`,
      )
      const decision = logs.get(c.name)
      if (decision?.kind === 'docker') {
        const fromSecrets =
          clients && decision.secretOptions.length
            ? await resolveSecrets(decision.secretOptions, clients, ctx.settings.region)
            : []
        spec.logConfig = {
          type: decision.driver,
          config: { ...decision.options, ...Object.fromEntries(fromSecrets.map((s) => [s.name, s.value])) },
        }
      }
      await task.create(c, spec, true)
      if (decision?.kind === 'awslogs' && clients)
        forwarders.set(c.name, await startForwarder(c, decision, clients, log))
    }
    // Dependencies first (dependsOn, links, volumesFrom); each container waits for its conditions to start.
    for (const name of startOrder(defs)) {
      const c = byName.get(name) as ContainerRecord
      const blocked = await waitForDependencies(c, byName, check, (m) => task.emit('notice', m))
      if (blocked) {
        if (c.essential) throw new Error(`container ${c.name} not started: ${blocked}`)
        log.warn({ container: c.name, reason: blocked }, 'non-essential container not started')
        c.knownStatus = 'STOPPED'
        continue
      }
      check()
      await task.start(c)
    }
    check()
    task.markStarted()
    task.setStatus('RUNNING')
    log.info('task RUNNING')
  } catch (e) {
    record.desiredStatus = 'STOPPED'
    record.stoppedReason ??= e instanceof Aborted ? 'Task stopped before it was running' : reason(e)
    task.markStarted()
    await task.teardown()
    if (e instanceof Aborted) return
    log.warn({ err: e }, 'task failed to start')
    throw new ERRORS.ECSL_ERR_TASK_START(record.arn, reason(e), { cause: e })
  }
}

/** How often a waiting container looks at its dependencies again (exits and health are read every second). */
const DEPENDENCY_POLL_MS = 250

/** Resolves once every dependency of `c` is met (undefined) or one can never be (the reason). */
async function waitForDependencies(
  c: ContainerRecord,
  byName: ReadonlyMap<string, ContainerRecord>,
  check: () => void,
  notice: (message: string) => void,
): Promise<string | undefined> {
  const deps = dependenciesOf(c.definition as ContainerDefinition)
  for (let told = false; ; told = true) {
    check()
    const waiting: string[] = []
    for (const d of deps) {
      const verdict = checkDependency(d, byName.get(d.containerName) as ContainerRecord, Date.now())
      if (verdict.kind === 'failed') return verdict.reason
      if (verdict.kind === 'wait') waiting.push(`${d.containerName} (${d.condition})`)
    }
    if (waiting.length === 0) return undefined
    if (!told) notice(`container ${c.name} waits for ${waiting.join(', ')}`)
    await new Promise((r) => setTimeout(r, DEPENDENCY_POLL_MS))
  }
}

async function assumeRoles(task: Task, ctx: StartContext): Promise<void> {
  const { record } = task
  const session = roleSessionName(record.id)
  task.cleanups.push(() => ctx.vault.release(record.id))
  // The execution role is assumed up front, as the agent does before pulls, secrets and logs need it.
  if (record.executionRoleArn) await ctx.vault.get({ taskId: record.id, roleArn: record.executionRoleArn }, session)
  if (record.taskRoleArn && record.credentialsId) {
    const creds = await ctx.vault.get({ taskId: record.id, roleArn: record.taskRoleArn }, session)
    ctx.registry.setCredentials(record.credentialsId, creds)
  }
}

/** The execution role's clients for this task, signing with credentials the vault keeps fresh. */
function executionClients(task: Task, ctx: StartContext): ExecutionClients | undefined {
  const roleArn = task.record.executionRoleArn
  if (!roleArn) return undefined
  const session = roleSessionName(task.record.id)
  return ctx.execution.clients(() => ctx.vault.get({ taskId: task.record.id, roleArn }, session))
}

async function bindAddress(task: Task, ctx: StartContext): Promise<string> {
  const address = await ctx.reserveAddress()
  task.addresses.push(address)
  // Bound before the container starts, so its first credentials request is already recognised.
  ctx.registry.bindAddress(task.record.arn, address)
  return address
}

async function startPause(task: Task, ctx: StartContext, pause: ContainerRecord): Promise<string> {
  pause.image = await ctx.pauseImage()
  const address = await bindAddress(task, ctx)
  pause.networks = [{ networkMode: 'awsvpc', ipv4Addresses: [address] }]
  const ports = portBindings(task.record.definition.containerDefinitions ?? [], true)
  const id = await task.create(
    pause,
    {
      name: pause.dockerName,
      image: pause.image,
      env: [],
      labels: pause.labels,
      networkMode: ctx.settings.networkName,
      ipv4Address: address,
      portBindings: Object.keys(ports).length ? ports : undefined,
      exposedPorts: Object.keys(ports),
      stopTimeoutSeconds: 1,
    },
    false,
  )
  await task.start(pause)
  return id
}

async function writeToken(task: Task, ctx: StartContext, token: string): Promise<string> {
  const dir = join(ctx.settings.stateDir, 'tokens')
  await mkdir(dir, { recursive: true, mode: 0o700 })
  const path = join(dir, task.record.id)
  // No trailing newline: botocore rejects a token containing CR or LF.
  await writeFile(path, token, { mode: 0o644 })
  task.cleanups.push(() => rm(path, { force: true }))
  return `${path}:${TOKEN_FILE_IN_CONTAINER}:ro`
}
