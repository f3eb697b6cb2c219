export * from './entra-application';
export * from './entra-managed-identity';
export * from './sign-in-log-export';
export * from './entra-federation';
export * from './entra-stack';
export * from './issuer-hosting';
