/**
 * The benchmark's instances, named so that a child process can rebuild exactly the same input from a
 * small description instead of receiving megabytes of JSON.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { ScheduleInput } from '../solver/core/types';
import { curtoisToScheduleInput } from './curtois/adapter';
import { parseCurtois, type CurtoisInstance } from './curtois/parse';
import { generatePharmacyInstance } from './generate-pharmacy';
import { generateVolumeWeek } from './generate-volume-week';
import { generateDistrictInstance, type DistrictSize } from './generate-district';

export type InstanceSpec =
  | { kind: 'pharmacy'; staff: number; days: number; seed: number }
  | { kind: 'volume'; staff: number; seed: number }
  | ({ kind: 'district'; seed: number } & DistrictSize)
  | { kind: 'curtois'; file: string };

export interface LoadedInstance {
  name: string;
  input: ScheduleInput;
  /** The parsed benchmark instance, for Curtois specs. */
  curtois?: CurtoisInstance;
}

export function loadInstance(spec: InstanceSpec): LoadedInstance {
  if (spec.kind === 'pharmacy') {
    return {
      name: `pharmacy ${spec.staff}×${spec.days} seed ${spec.seed}`,
      input: generatePharmacyInstance({ staff: spec.staff, days: spec.days }, spec.seed),
    };
  }
  if (spec.kind === 'volume') {
    return {
      name: `week from volume ${spec.staff}×7 seed ${spec.seed}`,
      input: generateVolumeWeek(spec.staff, spec.seed).input,
    };
  }
  if (spec.kind === 'district') {
    return {
      name: `district ${spec.sites}×${spec.staff} with ${spec.floaters} floaters ×${spec.days} seed ${spec.seed}`,
      input: generateDistrictInstance(spec, spec.seed),
    };
  }
  const curtois = parseCurtois(readFileSync(spec.file, 'utf8'));
  return { name: basename(spec.file, '.txt'), input: curtoisToScheduleInput(curtois), curtois };
}
