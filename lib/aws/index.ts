export * from './oidc-provider';
export * from './federated-role';
export * from './pod-identity-association';
export * from './eks-access-entry';
export * from './account-identities';
export * from './identity-stack';
export * from './issuer-hosting';
export * from './crossfed-validation';
