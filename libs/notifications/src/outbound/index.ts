export * from './outbound-url';
