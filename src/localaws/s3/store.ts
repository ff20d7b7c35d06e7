import { createHash } from 'node:crypto'
import type { Recorder } from '../state/records.js'
import { S3Error } from './s3Error.js'

export interface StoredObject {
  body: Buffer
  contentType: string
  /** Quoted MD5 of the body, as S3 reports it for single-part uploads. */
  etag: string
  lastModified: number
  /** x-amz-meta-* headers, names lower-cased without the prefix. */
  metadata: Record<string, string>
}

export interface Bucket {
  name: string
  created: number
  objects: Map<string, StoredObject>
}

const BUCKET_NAME = /^(?!\d+\.\d+\.\d+\.\d+$)(?!xn--)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/

export function checkBucketName(name: string): void {
  if (!BUCKET_NAME.test(name) || name.includes('..')) {
    throw new S3Error('InvalidBucketName', 'The specified bucket is not valid.', 400, { BucketName: name })
  }
}

/** Buckets and their objects, in memory; changes go to the recorder (bodies to its blob files). */
export class ObjectStore {
  readonly buckets = new Map<string, Bucket>()

  constructor(readonly recorder: Recorder = {}) {}

  /** us-east-1 answers 200 for a bucket its owner already has (a legacy of the original region); others 409. */
  createBucket(name: string, now: number, legacyRegion = true): void {
    checkBucketName(name)
    if (this.buckets.has(name)) {
      if (legacyRegion) return
      throw new S3Error(
        'BucketAlreadyOwnedByYou',
        'Your previous request to create the named bucket succeeded and you already own it.',
        409,
        { BucketName: name },
      )
    }
    this.buckets.set(name, { name, created: now, objects: new Map() })
    this.recorder.write?.({ k: 'bucket', name, time: now })
  }

  bucket(name: string): Bucket {
    const bucket = this.buckets.get(name)
    if (!bucket) throw new S3Error('NoSuchBucket', 'The specified bucket does not exist', 404, { BucketName: name })
    return bucket
  }

  put(
    bucketName: string,
    key: string,
    body: Buffer,
    contentType: string,
    metadata: Record<string, string>,
    now: number,
  ) {
    const bucket = this.bucket(bucketName)
    const etag = `"${createHash('md5').update(body).digest('hex')}"`
    const object = { body, contentType, etag, lastModified: now, metadata }
    // The body is on disk before the record that names it, so a record never points at a missing file.
    const { write, blob } = this.recorder
    if (write && blob)
      write({ k: 'object', bucket: bucketName, key, blob: blob(body), contentType, metadata, time: now })
    bucket.objects.set(key, object)
    return object
  }

  /** S3 answers a delete of a missing key with success too. */
  delete(bucketName: string, key: string): void {
    if (this.bucket(bucketName).objects.delete(key))
      this.recorder.write?.({ k: 'objectDeleted', bucket: bucketName, key })
  }

  get(bucketName: string, key: string): StoredObject {
    const object = this.bucket(bucketName).objects.get(key)
    if (!object) throw new S3Error('NoSuchKey', 'The specified key does not exist.', 404, { Key: key })
    return object
  }
}
