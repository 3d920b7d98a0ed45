export * from './format';
export * from './outbox';
