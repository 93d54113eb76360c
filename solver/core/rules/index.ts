// The registry of rules. model.ts, verify.ts and score.ts go through this list in order at each of
// their steps (variables, hard rows, objective; checks per assignment, pair, person, schedule; score
// terms), so the order fixes the order of the model's variables and rows and of the violations.
// A new rule is a module like these (see rule.ts) plus one line here.
import { available } from './available';
import { consecutiveDays } from './consecutive-days';
import { coverage } from './coverage';
import { fairness } from './fairness';
import { frozen } from './frozen';
import { hours } from './hours';
import { locked } from './locked';
import { minHours } from './min-hours';
import { preferencesAndCost } from './preferences-and-cost';
import { qualified } from './qualified';
import { ratio } from './ratio';
import { rest } from './rest';
import type { Rule } from './rule';
import { shiftsPerDay } from './shifts-per-day';
import { stability } from './stability';
import { targetHours } from './target-hours';
import { weekends } from './weekends';

export type { Rule } from './rule';

export const RULES: readonly Rule[] = [
  qualified,
  available,
  shiftsPerDay,
  rest,
  hours,
  consecutiveDays,
  weekends,
  ratio,
  coverage,
  locked,
  frozen,
  minHours,
  targetHours,
  preferencesAndCost,
  stability,
  fairness,
];
