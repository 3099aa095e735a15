/** The day every test hub lives on: the showcase's facts are dated against it. */
export const TODAY = '2026-11-27';
