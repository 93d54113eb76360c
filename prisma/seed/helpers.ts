// Small helpers of the demo data: a seeded random source, clock times, hours and cents.
import { mulberry32 } from '../../solver/runtime/random';

export class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String(this.int(0, 9));
    return s;
  }
  pick<T>(items: readonly T[]): T {
    const item = items[this.int(0, items.length - 1)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
}

/** "HH:MM" → minutes from midnight ("24:00" → 1440). */
export function hm(s: string): number {
  const [h, m] = s.split(':').map(Number);
  if (h === undefined || m === undefined || Number.isNaN(h) || Number.isNaN(m))
    throw new Error(`bad time ${s}`);
  return h * 60 + m;
}

/** "1-5" | "6,7" | "1-3,6" → ISO weekdays. */
export function weekdaysOf(spec: string): number[] {
  const out: number[] = [];
  for (const part of spec.split(',')) {
    const [a, b] = part.split('-').map(Number);
    if (a === undefined) continue;
    for (let d = a; d <= (b ?? a); d++) out.push(d);
  }
  return out;
}

export const hours = (h: number): number => Math.round(h * 60);
export const cents = (dollars: number): number => Math.round(dollars * 100);

export function req<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`seed: missing ${what}`);
  return value;
}
