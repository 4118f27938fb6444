/** The Search form's draft query: edits search as you type; a submitted query (a link, References) replaces it. */
import { useState } from 'react';
import { defaultQuery, type SearchQuery } from '../../core/search/query';
import { useAtom } from '../atom';
import { submitQuery } from '../search-actions';
import { app } from '../state';

export function useSearchDraft(): [SearchQuery, (p: Partial<SearchQuery>, now?: boolean) => void] {
  const submitted = useAtom(app, (s) => s.search);
  const [draft, setDraft] = useState<SearchQuery>(submitted ?? defaultQuery(''));
  const [seen, setSeen] = useState(submitted);
  if (submitted !== seen) {
    setSeen(submitted);
    if (submitted) setDraft(submitted);
  }
  const change = (p: Partial<SearchQuery>, now = false): void => {
    const next = { ...draft, ...p };
    setDraft(next);
    submitQuery(next, now);
  };
  return [draft, change];
}
