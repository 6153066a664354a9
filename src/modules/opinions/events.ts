// The change-feed entities this module writes; their actions are registered with every other kind in src/db/event-kinds.ts.
export const OPINION_ENTITY = 'opinion';
export const CALENDAR_ENTITY = 'work_calendar';
