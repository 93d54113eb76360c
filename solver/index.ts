// The public face of the scheduling engine: solveSchedule, verifySchedule, explainGaps and the
// plain-data types. The pure core (types, model, verify, score, explain) lives in core/; threads,
// clocks and the engines' race live in runtime/.
export * from './runtime/solve';
// Shift labels as the solver's messages write them, for the app's own sentences about shifts.
export { shiftLabel } from './core/calendar';
// The technician-ratio rule packs by state and setting, and their words, for the site settings page.
export * from './core/ratio-packs';
