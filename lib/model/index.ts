export * from './targets';
export * from './issuer';
export * from './hosting';
export * from './workload';
export * from './aws';
export * from './azure';
export * from './gcp';
export * from './identity-model';
