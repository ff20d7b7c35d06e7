import type { TaskDefinition } from '@aws-sdk/client-ecs'

/**
 * pidMode / ipcMode `task`: the task's containers share one PID or IPC namespace, held by a container that lives
 * as long as the task. The agent adds `~internal~ecs~pause~namespace` for it (agent/api/task/task.go
 * addNamespaceSharingProvisioningDependency); in awsvpc the pause container that holds the network namespace
 * holds these too, so there is still one pause container per task.
 */
export function needsNamespaceHolder(def: Pick<TaskDefinition, 'pidMode' | 'ipcMode'>): boolean {
  return def.pidMode === 'task' || def.ipcMode === 'task'
}

/**
 * The task's pidMode and ipcMode in the engine's words, for each of its containers (agent task.go
 * pidModeOverride, ipcModeOverride): `host` and `none` as they are, `task` as the holder's namespace.
 * Unset stays unset: a private PID namespace, and the engine's default IPC mode.
 */
export function namespaceModes(
  def: Pick<TaskDefinition, 'pidMode' | 'ipcMode'>,
  holderId: string | undefined,
): { pidMode?: string; ipcMode?: string } {
  const share = (mode: string | undefined): string | undefined => {
    if (mode !== 'task') return mode
    if (!holderId) throw new Error('a task that shares namespaces needs the container that holds them')
    return `container:${holderId}`
  }
  const out: { pidMode?: string; ipcMode?: string } = {}
  const pid = share(def.pidMode)
  const ipc = share(def.ipcMode)
  if (pid) out.pidMode = pid
  if (ipc) out.ipcMode = ipc
  return out
}

/** The holder's own IPC mode: shareable when ipcMode is task, as the agent sets it; else the engine's default. */
export function holderIpcMode(def: Pick<TaskDefinition, 'ipcMode'>): string | undefined {
  return def.ipcMode === 'task' ? 'shareable' : undefined
}
