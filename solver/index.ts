// The public face of the scheduling engine: solveSchedule, verifySchedule, explainGaps and the
// plain-data types. The pure core (types, model, verify, score, explain) lives in core/; threads,
// clocks and the engines' race live in runtime/.
export * from './runtime/solve';
