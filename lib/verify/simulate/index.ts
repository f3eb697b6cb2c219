/**
 * The exchange simulator: each cloud's token exchange, evaluated step by step on a trust graph
 * and explained in the cloud's own words; and the negative matrix that proves near misses are
 * refused. TypeScript-only (not part of the jsii API): `import … from 'crossfed/lib/verify/simulate'`.
 */
export * from './token';
export * from './signature';
export * from './result';
export * from './iam-conditions';
export * from './iam-policy';
export * from './aws-web-identity';
export * from './aws-pod-identity';
export * from './entra';
export * from './gcp-cel';
export * from './gcp-federation';
export * from './gcp-gke-native';
export * from './exchange';
export * from './explain';
export * from './format';
export * from './workload-tokens';
export * from './near-miss';
export * from './negative-matrix';
export * from './intended';
export * from './token-file';
