/** Every message text of Luoshi lives in this folder: outbox kinds, reminders and digests, immediate notices. */
export * from './format';
export * from './outbox';
export * from './reminders';
export * from './immediate';
