/** Temporary credentials as the vault holds them (SDK field names). Never logged, never serialized but to the owner. */
export interface RoleCredentials {
  roleArn: string
  accessKeyId: string
  secretAccessKey: string
  sessionToken: string
  expiration: Date
}

/** Registry credentials for one pull (the Engine API's X-Registry-Auth). The password is a secret. */
export interface RegistryAuth {
  username: string
  password: string
  /** The registry host these credentials are for. */
  serveraddress?: string
}
