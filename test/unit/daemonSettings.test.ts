import t from 'tap'
import { askedSettings, differingSetting } from '../../src/cli/daemonSettings.js'
import { daemonSettings, loadConfig } from '../../src/config.js'
import type { DaemonInfo } from '../../src/control/protocol.js'

const info = (settings?: Record<string, string>): DaemonInfo => ({
  version: '0.1.0',
  pid: 1,
  aws: 'default',
  region: 'us-east-1',
  endpoint: { host: '169.254.170.2', port: 80 },
  ...(settings && { settings }),
})

t.test('the daemon-wide settings, by flag, from one config', async (t) => {
  const s = daemonSettings(loadConfig({ aws: 'local', region: 'eu-west-1', 'ecr-registry': ['a:5000', 'b:5000'] }))
  t.equal(s['--aws'], 'local')
  t.equal(s['--region'], 'eu-west-1')
  t.equal(s['--ecr-registry'], 'a:5000,b:5000')
  t.equal(s['--pull'], 'default')
})

t.test('the first differing setting is named in flag words', async (t) => {
  const running = daemonSettings(loadConfig({ aws: 'default', region: 'us-east-1' }))
  t.equal(differingSetting(info(running), running), undefined, 'same settings: share the daemon')
  t.strictSame(differingSetting(info(running), daemonSettings(loadConfig({ aws: 'local', region: 'us-east-1' }))), {
    running: '--aws default',
    wanted: '--aws local',
  })
  const seeded = daemonSettings(loadConfig({ aws: 'default', region: 'us-east-1', 'local-aws-seed': '/s.json' }))
  t.strictSame(differingSetting(info(running), seeded), {
    running: 'no --local-aws-seed',
    wanted: '--local-aws-seed /s.json',
  })
})

t.test('a daemon that reports no settings is compared on --aws alone', async (t) => {
  const wanted = daemonSettings(loadConfig({ aws: 'default', region: 'ap-south-1' }))
  t.equal(differingSetting(info(), wanted), undefined)
  t.strictSame(differingSetting(info(), { ...wanted, '--aws': 'local' }), {
    running: '--aws default',
    wanted: '--aws local',
  })
})

t.test('a command asks for --aws always, for the others only when it gives the flag', async (t) => {
  const flags = { aws: 'local', 'local-aws-seed': '/s.json' }
  const asked = askedSettings(daemonSettings(loadConfig(flags)), flags)
  t.strictSame(Object.keys(asked).sort(), ['--aws', '--local-aws-seed'])
  t.strictSame(Object.keys(askedSettings(daemonSettings(loadConfig({})), {})), ['--aws'], 'no flag: only --aws')
})
