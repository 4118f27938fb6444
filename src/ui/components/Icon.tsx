/** Three tiny inline icons (no icon font, no emoji: they render the same everywhere). */
export function Icon({ kind }: { kind: 'dir' | 'file' | 'link' }) {
  if (kind === 'dir')
    return (
      <svg className="icon dir" width="14" height="14" viewBox="0 0 16 16" aria-hidden="true">
        <path d="M1.5 3.5h4.3l1.4 1.5h7.3v8.5h-13z" fill="currentColor" />
      </svg>
    );
  return (
    <svg className={`icon ${kind}`} width="14" height="14" viewBox="0 0 16 16" aria-hidden="true">
      <path d="M3.5 1.5h6l3 3v10h-9z" fill="none" stroke="currentColor" strokeWidth="1.2" />
      {kind === 'link' && (
        <path d="M6 10.5l4-4M7 6.5h3v3" fill="none" stroke="currentColor" strokeWidth="1.2" />
      )}
    </svg>
  );
}
