// bench/RESULTS-http.md: a generated head (the latest run) above hand-written notes that survive it.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const NOTES_MARKER = '<!-- notes below are kept by --write -->';

/** Replaces the generated part of bench/RESULTS-http.md with `text`, keeping the notes below the marker. */
export function writeHttpResults(text: string): void {
  const file = path.resolve('bench/RESULTS-http.md');
  const previous = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const at = previous.indexOf(NOTES_MARKER);
  writeFileSync(file, at >= 0 ? `${text}\n${previous.slice(at)}` : text);
  console.log('Wrote bench/RESULTS-http.md');
}
