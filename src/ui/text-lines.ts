/** A text as lines for the code views: split at '\n', without the empty line after a final newline. */
export function splitLines(text: string): string[] {
  const l = text.split('\n');
  if (l.length > 1 && l[l.length - 1] === '') l.pop();
  return l;
}

/** The length of the longest line. A loop, not Math.max(...lines): a 2 MB header has more lines than a call may have arguments. */
export function longestLine(...texts: (readonly string[])[]): number {
  let n = 0;
  for (const lines of texts) for (const l of lines) n = Math.max(n, l.length);
  return n;
}
