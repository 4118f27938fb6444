/**
 * A name (or any text from the input) as the core's name policy shows it (core/names.ts): control
 * and bidi characters as visible `\x1b` / `\u202E` tokens in their own style, and, for names, inside
 * a Unicode isolate (<bdi>) so a right-to-left name cannot reorder the text around it.
 */
import { contentParts, displayName, nameParts } from '../../core/names';

export function Name({ text, isolate = true }: { text: string; isolate?: boolean }) {
  const parts = nameParts(text);
  const inner =
    parts.length === 1 && !parts[0]!.escaped
      ? text
      : parts.map((p, i) =>
          p.escaped ? (
            <span key={i} className="esc" title="an escaped control or bidi character">
              {p.text}
            </span>
          ) : (
            p.text
          ),
        );
  return isolate ? <bdi className="name">{inner}</bdi> : <>{inner}</>;
}

/** For attributes (title, aria-label): the same tokens, as plain text. */
export const nameText = displayName;

/**
 * File contents (a line, or a piece of one when `lineEnd` is false) as the viewers show them:
 * control and bidi characters as visible tokens (core/names.ts contentParts), tabs as tabs.
 */
export function ContentText({ text, lineEnd = true }: { text: string; lineEnd?: boolean }) {
  const parts = contentParts(text, lineEnd);
  if (parts.length === 1 && !parts[0]!.escaped) return <>{text}</>;
  return (
    <>
      {parts.map((p, i) =>
        p.escaped ? (
          <span key={i} className="esc" title="a control or bidi character, shown as its code">
            {p.text}
          </span>
        ) : (
          p.text
        ),
      )}
    </>
  );
}
