import { useSyncExternalStore } from 'react';
import { getCurrentUser, subscribe, type CurrentUser } from './session';

export function useCurrentUser(): CurrentUser | null {
  return useSyncExternalStore(subscribe, getCurrentUser);
}

/** Office writes; leaders read everything and write nothing; bureaus write their own unit's part. */
export function canWrite(user: CurrentUser | null): boolean {
  return user !== null && user.role !== 'leader';
}
