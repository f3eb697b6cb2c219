export * from './workload-identity-pool';
export * from './impersonated-service-account';
export * from './direct-resource-access';
export * from './token-exchange-audit';
export * from './gcp-federation';
export * from './gcp-stack';
export * from './issuer-hosting';
