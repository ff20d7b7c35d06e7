import { XMLBuilder } from 'fast-xml-parser'
import type { AwsError } from '../awsError.js'
import type { Reply } from '../service.js'
import { S3Error } from './s3Error.js'

const builder = new XMLBuilder({ suppressEmptyNode: false })

/** <Error><Code/><Message/>...<RequestId/></Error>. Node sends no body for HEAD: the SDK sees only the status. */
export function s3ErrorReply(err: AwsError, requestId: string): Reply {
  const fields = err instanceof S3Error ? err.fields : {}
  const doc = { Error: { Code: err.code, Message: err.message, ...fields, RequestId: requestId } }
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build(doc)}`
  return { status: err.status, contentType: 'application/xml', body }
}
