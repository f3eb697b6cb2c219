export * as model from './model';
