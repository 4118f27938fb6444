/** A minimal observable value and the one hook that reads it (speedscope's Atom, in ~30 lines). */
import { useSyncExternalStore } from 'react';

export class Atom<T> {
  private listeners = new Set<() => void>();
  constructor(private value: T) {}

  get = (): T => this.value;

  set(next: T): void {
    if (Object.is(next, this.value)) return;
    this.value = next;
    for (const l of [...this.listeners]) l();
  }

  update(fn: (prev: T) => T): void {
    this.set(fn(this.value));
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}

/** Read a slice of an atom; re-renders only when the selected value changes (by Object.is). */
export function useAtom<T, S>(atom: Atom<T>, select: (v: T) => S): S {
  return useSyncExternalStore(atom.subscribe, () => select(atom.get()));
}
