export * as model from './model';
export * as aws from './aws';
