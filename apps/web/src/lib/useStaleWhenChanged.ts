import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { staleFilter, type Stale } from './invalidation';

/**
 * Invalidates `stale` when any of `watched` changes after the first render: a polled list shows that
 * someone else acted (a review, an approval moves the deadline), which the cached details do not know yet.
 * Mutations of this user are covered by the table in ./invalidation.ts instead.
 */
export function useStaleWhenChanged(stale: Stale, watched: readonly unknown[]): void {
  const queryClient = useQueryClient();
  const previous = useRef(watched);
  useEffect(() => {
    if (watched.length === previous.current.length && watched.every((v, i) => Object.is(v, previous.current[i]))) return;
    previous.current = watched;
    void queryClient.invalidateQueries(staleFilter(stale));
  });
}
