import type { ContainerEngine } from '../agent/engine.js'
import type { DockerClient } from './client.js'
import {
  createContainer,
  inspectContainer,
  killContainer,
  listByLabels,
  removeContainer,
  startContainer,
  stopContainer,
  waitContainer,
} from './containers.js'
import { followEvents } from './events.js'
import { attachOutput, followLogs } from './output.js'
import { inspectImage } from './images.js'
import { connectNetwork, ensureNetwork, networkAddresses } from './network.js'
import { pullImage } from './pull.js'
import { followStats } from './stats.js'
import { createVolume, removeVolume, volumeExists, volumesByLabels } from './volumes.js'

/** The agent's ContainerEngine on the Docker Engine API (dockerode). */
export function dockerEngine(docker: DockerClient): ContainerEngine {
  return {
    create: (spec) => createContainer(docker, spec),
    start: (id) => startContainer(docker, id),
    stop: (id, timeoutSeconds) => stopContainer(docker, id, timeoutSeconds),
    kill: (id, signal) => killContainer(docker, id, signal),
    wait: (id) => waitContainer(docker, id),
    inspect: (id) => inspectContainer(docker, id),
    attach: (id, onChunk) => attachOutput(docker, id, onChunk),
    followLogs: (id, from, onChunk, onMismatch) => followLogs(docker, id, from, onChunk, onMismatch),
    stats: (id, onSample) => followStats(docker, id, onSample),
    remove: (id) => removeContainer(docker, id),
    list: (labels) => listByLabels(docker, [...labels]),
    inspectImage: (ref) => inspectImage(docker, ref),
    pull: (ref, auth, onProgress) => pullImage(docker, ref, auth, onProgress),
    ensureNetwork: (spec) => ensureNetwork(docker, spec),
    networkAddresses: (name) => networkAddresses(docker, name),
    connectNetwork: (id, network) => connectNetwork(docker, id, network),
    createVolume: (spec) => createVolume(docker, spec),
    volumeExists: (name) => volumeExists(docker, name),
    removeVolume: (name) => removeVolume(docker, name),
    listVolumes: (labels) => volumesByLabels(docker, [...labels]),
    events: (onEvent, onEnd) => followEvents(docker, onEvent, onEnd),
  }
}
