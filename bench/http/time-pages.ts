// Single-request service times of the benchmarked pages against a server that is already running
// (for instance one started on the database `run.ts --keep` left behind):
//   DATABASE_URL=file:<db> PORT=3555 SEED_DEMO=false NODE_ENV=production npx tsx server/index.ts
//   npx tsx bench/http/time-pages.ts --base http://127.0.0.1:3555 [--runs 30] [--schedule <id>] [--ical <token>] [--only <page>]
// Requests go one at a time, so the figures are service times without queueing; the median and
// the fastest run are the ones to compare (other work on the machine inflates the slow ones).
import { signIn } from './sign-in';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const base = option('--base') ?? 'http://127.0.0.1:3555';
const runs = Number(option('--runs')) || 30;
const only = option('--only');

async function time(name: string, url: string, cookie: string | null): Promise<void> {
  const times: number[] = [];
  let bytes = 0;
  let status = 0;
  for (let i = 0; i < runs + 2; i += 1) {
    const started = performance.now();
    const res = await fetch(`${base}${url}`, { headers: cookie ? { cookie } : {} });
    const body = await res.arrayBuffer();
    // The first two requests warm up compiled templates and caches.
    if (i >= 2) times.push(performance.now() - started);
    bytes = body.byteLength;
    status = res.status;
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(1);
  console.log(
    `${name.padEnd(34)} ${String(status)} ${String(Math.round(bytes / 1024)).padStart(5)} KB  min ${at(0)} ms  median ${at(0.5)} ms  p90 ${at(0.9)} ms`,
  );
}

async function main() {
  const manager = await signIn(base, 'denise.alvarez@demo.rxroster.test', 'password');
  const staff = await signIn(base, option('--staff') ?? 'priya.raman@demo.rxroster.test', 'password');
  // The benchmark's grid is this week's published schedule of the demo site (id 9 in a fresh data set).
  const scheduleId = option('--schedule') ?? '9';
  const pages: [string, string, string | null][] = [
    ['schedule grid (manager)', `/schedules/${scheduleId}`, manager],
    ['vendor-return board (manager)', '/boards/vendor-returns', manager],
    ['vendor-return list (manager)', '/boards/vendor-returns?view=list', manager],
    ['my shifts (staff)', '/', staff],
    ['schedules list (manager)', '/schedules', manager],
  ];
  const ical = option('--ical');
  if (ical) pages.push(['iCal feed', `/calendar/${ical}.ics`, null]);
  for (const [name, url, cookie] of pages) {
    if (only && !name.includes(only)) continue;
    await time(name, url, cookie);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
