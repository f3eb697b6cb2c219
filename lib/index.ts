export * as model from './model';
export * as k8s from './k8s';
export * as aws from './aws';
export * as azure from './azure';
export * as gcp from './gcp';
