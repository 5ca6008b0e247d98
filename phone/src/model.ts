// The phone's local copy of its client's records, kept by replaying the sync feed
// (`GET /api/v1/clients/{client_id}/changes`, docs/sync.md).

import type { Api, Schemas } from "./client.js";

export type Change = Schemas["Change"];

export interface LocalModel {
  /** `next_cursor` of the last sync; `"0"` before the first. */
  cursor: string;
  client: Schemas["ClientRecord"] | undefined;
  reminderSettings: Schemas["ReminderSettingsBody"] | undefined;
  safetyPlan: Schemas["SafetyPlanResponse"] | undefined;
  formulation: Schemas["FormulationResponse"] | undefined;
  relapsePlan: Schemas["RelapsePlanResponse"] | undefined;
  courses: Map<string, Schemas["CourseRecord"]>;
  sessions: Map<string, Schemas["SessionMarkRecord"]>;
  checkins: Map<string, Schemas["CheckinResponse"]>;
  exerciseLogs: Map<string, Schemas["ExerciseLogResponse"]>;
  riskScreens: Map<string, Schemas["RiskScreenResponse"]>;
  homework: Map<string, Schemas["HomeworkResponse"]>;
  relationships: Map<string, Schemas["RelationshipResponse"]>;
  readingsOpened: Map<string, Schemas["ReadingOpenedResponse"]>;
}

export function emptyModel(): LocalModel {
  return {
    cursor: "0",
    client: undefined,
    reminderSettings: undefined,
    safetyPlan: undefined,
    formulation: undefined,
    relapsePlan: undefined,
    courses: new Map(),
    sessions: new Map(),
    checkins: new Map(),
    exerciseLogs: new Map(),
    riskScreens: new Map(),
    homework: new Map(),
    relationships: new Map(),
    readingsOpened: new Map(),
  };
}

/** Stores a record, or removes it on a tombstone (`data: null`). */
function put<T>(records: Map<string, T>, id: string, data: T | null | undefined): void {
  if (data == null) {
    records.delete(id);
  } else {
    records.set(id, data);
  }
}

/** Applies one change: `type` selects the kind of record, and with it the type of `data`. */
export function applyChange(model: LocalModel, change: Change): void {
  switch (change.type) {
    case "client":
      model.client = change.data ?? undefined;
      break;
    case "reminder_settings":
      model.reminderSettings = change.data ?? undefined;
      break;
    case "safety_plan":
      model.safetyPlan = change.data ?? undefined;
      break;
    case "formulation":
      model.formulation = change.data ?? undefined;
      break;
    case "relapse_plan":
      model.relapsePlan = change.data ?? undefined;
      break;
    case "course":
      put(model.courses, change.id, change.data);
      break;
    case "session":
      put(model.sessions, change.id, change.data);
      break;
    case "checkin":
      put(model.checkins, change.id, change.data);
      break;
    case "exercise_log":
      put(model.exerciseLogs, change.id, change.data);
      break;
    case "risk_screen":
      put(model.riskScreens, change.id, change.data);
      break;
    case "homework":
      put(model.homework, change.id, change.data);
      break;
    case "relationship":
      put(model.relationships, change.id, change.data);
      break;
    case "reading_opened":
      put(model.readingsOpened, change.id, change.data);
      break;
    default: {
      // Every kind the document names is handled above: a new one fails compilation here.
      const unknown: never = change;
      throw new Error(`a kind of change this app does not know: ${JSON.stringify(unknown)}`);
    }
  }
}

export class SyncError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Schemas["Problem"] | undefined,
  ) {
    super(`sync failed with ${status}: ${problem?.type ?? "no problem document"}`);
  }
}

/** The problem type of a cursor the server cannot continue from: it was issued before the
 * server was restored from a backup, or it is another client's (docs/sync.md). */
export const RESYNC_REQUIRED = "/problems/resync-required";

/**
 * Pulls every change after the model's cursor, page by page until `has_more` is false, and
 * applies them. Returns the pages as they came. On `410` `/problems/resync-required` the local
 * copy is of another history: it is dropped and the sync starts again from `since=0` (once),
 * and only the pages of that fresh sync are returned.
 */
export async function sync(
  api: Api,
  clientId: string,
  model: LocalModel,
  limit = 50,
): Promise<Change[][]> {
  let pages: Change[][] = [];
  let resynced = false;
  for (;;) {
    const { data, error, response } = await api.GET("/api/v1/clients/{client_id}/changes", {
      params: { path: { client_id: clientId }, query: { since: model.cursor, limit } },
    });
    if (data === undefined) {
      if (response.status === 410 && error?.type === RESYNC_REQUIRED && !resynced) {
        resynced = true;
        Object.assign(model, emptyModel());
        pages = [];
        continue;
      }
      throw new SyncError(response.status, error);
    }
    for (const change of data.changes) {
      applyChange(model, change);
    }
    model.cursor = data.next_cursor;
    pages.push(data.changes);
    if (!data.has_more) {
      return pages;
    }
  }
}
