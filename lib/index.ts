export * as model from './model';
export * as k8s from './k8s';
