export * as model from './model';
export * as k8s from './k8s';
export * as azure from './azure';
export * as gcp from './gcp';
