/** The definitions of an identifier from the search worker's symbol index (null while it looks). */
import { useEffect, useState } from 'react';
import type { DefSite } from '../../core/symbols/index';
import { lookupDefinitions } from '../search-actions';

export function useDefinitions(name: string): DefSite[] | null {
  const [defs, setDefs] = useState<DefSite[] | null>(null);
  useEffect(() => {
    let live = true;
    setDefs(null);
    performance.mark('khi:lookup-start');
    void lookupDefinitions(name).then((r) => {
      if (!live) return;
      setDefs(r.defs);
      performance.mark('khi:lookup-done');
    });
    return () => {
      live = false;
    };
  }, [name]);
  return defs;
}
