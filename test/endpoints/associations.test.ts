import t from 'tap'
import { appFor, registryWith, task, TASK_IP } from './fixtures.js'

t.test(
  'container associations: none, as for any task without Elastic Inference; errors as the agent words them',
  async (t) => {
    const app = appFor(registryWith(task()))
    const get = async (url: string) => {
      const res = await app.inject({ method: 'GET', url, remoteAddress: TASK_IP })
      return [res.statusCode, res.json()]
    }
    for (const v of [3, 4]) {
      const p = `V${v} container associations handler: `
      t.strictSame(await get(`/v${v}/eid-app/associations/elastic-inference`), [200, { Associations: null }])
      t.strictSame(await get(`/v${v}/eid-app/associations/elastic-inference/dev1`), [
        400,
        'Unable to write container association response: unable to get association from association type elastic-inference and association name dev1',
      ])
      t.strictSame(await get(`/v${v}/eid-app/associations/elastic-inference/`), [
        400,
        `${p}unable to get association name from request`,
      ])
      t.strictSame(await get(`/v${v}/nobody/associations/x`), [
        400,
        `${p}unable to get container id from request: unable to get docker ID from v3 endpoint ID: nobody`,
      ])
      t.strictSame(await get(`/v${v}/nobody/associations/x/y`), [
        400,
        `${p}unable to get task arn from request: unable to get task Arn from v3 endpoint ID: nobody`,
      ])
    }
  },
)
