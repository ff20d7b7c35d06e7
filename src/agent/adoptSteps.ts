import { stat, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { roleSessionName } from '../aws/sessionName.js'
import { MANAGED_LABEL } from '../model/labels.js'
import { START } from './logPositions.js'
import { logDecisions, savePositions, startForwarder } from './logRouting.js'
import { LABELS } from './naming.js'
import { ASSUME_ROLES, FAULT_INJECTION, type Step, type StepContext } from './startSteps.js'

/**
 * Taking over a task an earlier daemon started (a crash, kill -9, an upgrade): the same runner, with steps that
 * find what exists instead of creating it. Each records how to undo what it found, so the task's stop (or a
 * failure here) removes exactly what the start had made. The ids the containers hold in their environment
 * (credentials id, endpoint ids, token) are the saved record's, so they keep working.
 */
export const ADOPT_STEPS: readonly Step[] = [
  {
    name: 'register',
    async run({ task, deps, created }) {
      const { record } = task
      deps.registry.add(record)
      created('registry entry', () => deps.registry.remove(task.arn))
      created('saved record', () => deps.store?.remove(task.id))
      // The addresses the start bound: the pause container's (awsvpc) or each container's (bridge).
      for (const c of task.all()) {
        if (c.type === 'NORMAL' && record.networkMode === 'awsvpc') continue
        for (const n of c.networks) for (const a of n.ipv4Addresses) deps.registry.bindAddress(task.arn, a)
      }
    },
  },
  ASSUME_ROLES,
  {
    name: 'token file',
    async run({ task, deps, created }) {
      const path = join(deps.settings.stateDir, 'tokens', task.id)
      if (await stat(path).catch(() => undefined)) created(`token file ${path}`, () => rm(path, { force: true }))
    },
  },
  {
    name: 'find volumes',
    async run({ task, deps, created }) {
      // Task-scoped volumes carry the task's ARN; shared ones do not and stay.
      for (const name of await deps.engine.listVolumes([`${MANAGED_LABEL}=true`, `${LABELS.taskArn}=${task.arn}`])) {
        created(`volume ${name}`, () => deps.engine.removeVolume(name))
      }
    },
  },
  {
    // Dependencies first, as they were started.
    name: 'find containers',
    async run(ctx) {
      const { task, deps, state } = ctx
      const { record } = task
      state.logs = logDecisions(record, deps.settings.region)
      if (record.executionRoleArn) {
        const roleArn = record.executionRoleArn
        const session = roleSessionName(record.id)
        state.clients = deps.execution.clients(() => deps.vault.get({ taskId: record.id, roleArn }, session))
      }
      const names = [...(record.pause ? [record.pause.name] : []), ...task.startOrder]
      // Everything that still exists is recorded first, so that a container found gone takes the rest down too.
      const running = new Set<string>()
      const gone: string[] = []
      for (const name of names) {
        const c = task.container(name)
        if (!c.dockerId || !c.startedAt) continue
        const id = c.dockerId
        const found = await deps.engine.inspect(id).catch(() => undefined)
        if (!found) {
          gone.push(c.dockerName)
          continue
        }
        ctx.created(`container ${c.dockerName}`, () => deps.engine.remove(id))
        if (found.running) running.add(name)
      }
      if (gone.length) throw new Error(`container(s) ${gone.join(', ')} no longer exist`)
      for (const name of names) {
        const c = task.container(name)
        if (!c.dockerId || !c.startedAt) continue
        if (c.type === 'NORMAL' && running.has(name)) await followOutput(ctx, name)
        // A container that exited while no daemon watched is seen at once (its wait returns).
        await ctx.watch(name)
      }
    },
  },
  // After the containers found: its undo comes before theirs, while the pause container still holds the namespace.
  FAULT_INJECTION,
]

/**
 * A running container's output again. awslogs with a saved position: the forwarding resumes there, reading back
 * from the engine's log what was written while no daemon watched, each line with the time it was logged: nothing
 * lost, nothing sent twice. Without one (the daemon that started it kept none), the log is read from its start
 * to count where the output stands, but only what is logged from now on is sent, and the daemon says so: sending
 * it all would send again what the earlier daemon had sent. When the engine cannot read the log back, the output
 * is attached to, as before this daemon kept positions, and none is kept for it.
 */
async function followOutput(ctx: StepContext, name: string): Promise<void> {
  const { task, deps, state, log } = ctx
  const decision = state.logs.get(name)
  if (decision?.kind !== 'awslogs' || !state.clients) {
    // Read back from the engine's log, each line with the time it was logged, so that a `run` following the task
    // again can leave out what it printed before; attach would replay the same log without those times.
    return ctx.resume(name, START).catch(() => ctx.attach(name))
  }
  const clients = state.clients
  const positions = deps.store?.positions
  const saved = positions?.load(task.id, name)
  const from = saved ?? START
  const now = Date.now()
  const forward = async (tracked: boolean) => {
    const onProgress = tracked && positions ? savePositions(positions, task.id, name, log) : undefined
    const forwarder = await startForwarder(task.container(name), decision, clients, log, {
      from: tracked ? from : undefined,
      since: tracked && !saved ? now : undefined,
      onProgress,
    })
    state.forwarders.set(name, forwarder)
    ctx.created(`log forwarder for ${name}`, () => forwarder.close())
    return forwarder
  }
  const forwarder = await forward(true)
  try {
    await ctx.resume(name, from)
  } catch (e) {
    log.warn(
      { err: e, container: name },
      "the engine cannot read this container's log back: its awslogs forwarding goes on from its attach stream, and no later daemon can resume it",
    )
    await forwarder.close()
    positions?.remove(task.id, name)
    await forward(false)
    return ctx.attach(name)
  }
  if (!saved) {
    log.warn(
      { container: name },
      'no saved log position for this container (its daemon kept none): its awslogs forwarding goes on with what it logs from now on; what it wrote while no daemon ran is not sent',
    )
  }
}
