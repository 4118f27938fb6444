export interface Fragment {
  folder: string;
  kind: 'container' | 'marker' | 'codec';
  layer: string;
  how: string;
}
export const HEAD: string[];
export const START: string;
export const END: string;
export function fragments(formatsDir: string): Fragment[];
export function tableRows(formatsDir: string): string[][];
export function tableMarkdown(rows: string[][]): string;
