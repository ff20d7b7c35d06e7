import { AwsError, type AuthFailure } from '../awsError.js'

/**
 * An S3 error: S3 adds the resource (Key, BucketName) to its <Error> document (errorReply.ts renders it, apart,
 * so the bucket store, which throws these, does not load the XML builder with it).
 */
export class S3Error extends AwsError {
  constructor(
    code: string,
    message: string,
    status: number,
    readonly fields: Record<string, string> = {},
  ) {
    super(code, message, status)
  }
}

export function s3AuthError(failure: AuthFailure): AwsError {
  switch (failure.kind) {
    case 'missingAuth':
      return new S3Error('AccessDenied', 'Access Denied', 403)
    case 'incompleteSignature':
      return new S3Error('AuthorizationHeaderMalformed', failure.message, 400)
    case 'unknownKey':
      return new S3Error('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', 403)
    case 'contentHashMismatch':
      return new S3Error(
        'XAmzContentSHA256Mismatch',
        "The provided 'x-amz-content-sha256' header does not match what was computed.",
        400,
      )
    case 'staleSignature':
      return failure.message === 'Request has expired'
        ? new S3Error('AccessDenied', 'Request has expired', 403)
        : new S3Error(
            'RequestTimeTooSkewed',
            'The difference between the request time and the current time is too large.',
            403,
          )
    case 'expiredToken':
      return new S3Error('ExpiredToken', 'The provided token has expired.', 400)
    case 'badSignature':
      return new S3Error(
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
        403,
      )
  }
}
