export * as model from './model';
export * as azure from './azure';
export * as gcp from './gcp';
