export * from './cloud-credential';
export * from './cluster-identities';
export * from './deferred-values';
export * from './deployer-binding';
export * from './workload-identity';
