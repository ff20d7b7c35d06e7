import type { Partition } from '../arn.js'
import type { IssuedKey } from '../principal.js'

/** The account a record belongs to. */
export interface RecordScope {
  partition: Partition
  accountId: string
}

/**
 * One change to the local AWS, as the journal keeps it: enough to redo the change exactly on a restart (the
 * random parts — key secrets, ARN suffixes, version ids, ciphertexts — are in the record, not drawn again).
 * Only changes made through the API (and issued keys) are recorded: the seed is applied afresh at every start.
 */
export type StateRecord =
  | { k: 'key'; key: IssuedKey }
  | { k: 'ecrPassword'; value: string }
  | { k: 'logGroup'; at: RecordScope; name: string; time: number }
  | { k: 'logStream'; at: RecordScope; group: string; name: string; time: number }
  | {
      k: 'logEvents'
      at: RecordScope
      group: string
      stream: string
      time: number
      events: { timestamp: number; message: string }[]
    }
  | {
      k: 'secret'
      at: RecordScope
      name: string
      arn: string
      time: number
      description?: string
      tags?: { Key: string; Value: string }[]
    }
  | {
      k: 'secretVersion'
      at: RecordScope
      name: string
      id: string
      stages: string[]
      time: number
      string?: string
      /** Base64. */
      binary?: string
    }
  | {
      k: 'parameter'
      at: RecordScope
      name: string
      value: string
      type: 'String' | 'StringList' | 'SecureString'
      ciphertext?: string
      time: number
    }
  | { k: 'bucket'; name: string; time: number }
  | {
      k: 'object'
      bucket: string
      key: string
      /** sha256 of the body, the name of its file under blobs/. */
      blob: string
      contentType: string
      metadata: Record<string, string>
      time: number
    }
  | { k: 'objectDeleted'; bucket: string; key: string }

/** Where the stores send their changes; `write` is unset while the seed and the journal are being applied. */
export interface Recorder {
  write?: (record: StateRecord) => void
  /** Keeps an S3 body, returning its name (sha256); only called when `write` is set. */
  blob?: (body: Buffer) => string
}
