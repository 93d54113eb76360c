// `npm run build`: compiles the server, the solver, the seed and the generated Prisma client into
// dist/ (tsconfig.build.json), then adds the file extensions Node's ESM loader needs. The sources
// import extensionless (moduleResolution Bundler, as tsx and vitest read them); Node wants
// './x.js' or './dir/index.js', so each relative specifier in the output is completed here.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');

fs.rmSync(dist, { recursive: true, force: true });
// --noCheck: emit only (npm run typecheck checks types), so an install without dev dependencies builds too.
const tsc = spawnSync(
  process.execPath,
  [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--noCheck'],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

// from './x', import('./x'), export … from '../x' — relative specifiers only.
const SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]*)\2/g;

function complete(file, spec) {
  if (/\.(m?js|json)$/.test(spec)) return spec;
  const target = path.resolve(path.dirname(file), spec);
  if (fs.existsSync(`${target}.js`)) return `${spec}.js`;
  if (fs.existsSync(path.join(target, 'index.js'))) return `${spec}/index.js`;
  throw new Error(`${path.relative(root, file)}: cannot resolve "${spec}" in dist/`);
}

let files = 0;
for (const entry of fs.readdirSync(dist, { recursive: true })) {
  const file = path.join(dist, entry);
  if (!file.endsWith('.js')) continue;
  const text = fs.readFileSync(file, 'utf8');
  const out = text.replace(
    SPECIFIER,
    (_, lead, quote, spec) => `${lead}${quote}${complete(file, spec)}${quote}`,
  );
  if (out !== text) fs.writeFileSync(file, out);
  files++;
}
console.log(`Built ${files} files into dist/`);
